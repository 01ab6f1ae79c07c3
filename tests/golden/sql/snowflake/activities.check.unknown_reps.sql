SELECT
  "rep_id",
  "date",
  "rep_id" AS ck_value
FROM (
  SELECT
    *
  FROM (
    SELECT
      NULLIF(TRIM(CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
      CASE
        WHEN REGEXP_LIKE(
          "date",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        )
        THEN CASE
          WHEN (
            CAST(SUBSTRING("date", 6, 2) AS INT) BETWEEN 1 AND 12
            AND CAST(SUBSTRING("date", 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN CAST(SUBSTRING("date", 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  CAST(SUBSTRING("date", 1, 4) AS INT) % 4 = 0
                  AND (
                    CAST(SUBSTRING("date", 1, 4) AS INT) % 100 <> 0
                    OR CAST(SUBSTRING("date", 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN CAST(SUBSTRING("date", 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN CAST(CONVERT_TIMEZONE(CAST('Europe/Berlin' AS VARCHAR), CAST("date" AS TIMESTAMPTZ)) AS DATE)
        END
        WHEN REGEXP_LIKE("date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
        THEN NULL
        WHEN REGEXP_LIKE("date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE
          WHEN (
            CAST(SUBSTRING("date", 6, 2) AS INT) BETWEEN 1 AND 12
            AND CAST(SUBSTRING("date", 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN CAST(SUBSTRING("date", 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  CAST(SUBSTRING("date", 1, 4) AS INT) % 4 = 0
                  AND (
                    CAST(SUBSTRING("date", 1, 4) AS INT) % 100 <> 0
                    OR CAST(SUBSTRING("date", 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN CAST(SUBSTRING("date", 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN CAST(SUBSTRING("date", 1, 10) AS DATE)
        END
      END AS "date",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_LIKE("calls", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("calls" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_LIKE("calls", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("calls" AS DOUBLE) AS BIGINT)
          END
        )
      END AS "calls",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_LIKE("emails", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("emails" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_LIKE("emails", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("emails" AS DOUBLE) AS BIGINT)
          END
        )
      END AS "emails",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_LIKE("meetings", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("meetings" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_LIKE("meetings", '^ *-?[0-9]+(\\.0+)? *$')
            THEN CAST(CAST("meetings" AS DOUBLE) AS BIGINT)
          END
        )
      END AS "meetings"
    FROM "activities"
  ) AS ck_canon
  WHERE
    NOT "rep_id" IS NULL AND NOT "date" IS NULL
) AS ck_v
WHERE
  NOT "rep_id" IN (
    SELECT
      "rep_id"
    FROM (
      SELECT
        NULLIF(TRIM(CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
        NULLIF(TRIM(CAST("name" AS VARCHAR)), '') AS "name",
        CAST(NULL AS VARCHAR) AS "team",
        CAST(NULL AS VARCHAR) AS "manager",
        CAST(NULL AS VARCHAR) AS "role",
        CAST(NULL AS VARCHAR) AS "segment",
        CASE
          WHEN REGEXP_LIKE(
            "hire_date",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
          )
          THEN CASE
            WHEN (
              CAST(SUBSTRING("hire_date", 6, 2) AS INT) BETWEEN 1 AND 12
              AND CAST(SUBSTRING("hire_date", 9, 2) AS INT) BETWEEN 1 AND CASE
                WHEN CAST(SUBSTRING("hire_date", 6, 2) AS INT) = 2
                THEN CASE
                  WHEN (
                    CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 4 = 0
                    AND (
                      CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 100 <> 0
                      OR CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 400 = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN CAST(SUBSTRING("hire_date", 6, 2) AS INT) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN CAST(CONVERT_TIMEZONE(CAST('Europe/Berlin' AS VARCHAR), CAST("hire_date" AS TIMESTAMPTZ)) AS DATE)
          END
          WHEN REGEXP_LIKE("hire_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
          THEN NULL
          WHEN REGEXP_LIKE("hire_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
          THEN CASE
            WHEN (
              CAST(SUBSTRING("hire_date", 6, 2) AS INT) BETWEEN 1 AND 12
              AND CAST(SUBSTRING("hire_date", 9, 2) AS INT) BETWEEN 1 AND CASE
                WHEN CAST(SUBSTRING("hire_date", 6, 2) AS INT) = 2
                THEN CASE
                  WHEN (
                    CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 4 = 0
                    AND (
                      CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 100 <> 0
                      OR CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 400 = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN CAST(SUBSTRING("hire_date", 6, 2) AS INT) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN CAST(SUBSTRING("hire_date", 1, 10) AS DATE)
          END
        END AS "hire_date",
        CAST(NULL AS VARCHAR) AS "level",
        CAST(NULL AS DATE) AS "level_since",
        CASE
          WHEN (
            CASE
              WHEN REGEXP_LIKE("quota", '^ *-?[0-9]+(\\.[0-9]+)? *$')
              THEN CAST("quota" AS DOUBLE)
            END
          ) < 0
          THEN NULL
          ELSE (
            CASE
              WHEN REGEXP_LIKE("quota", '^ *-?[0-9]+(\\.[0-9]+)? *$')
              THEN CAST("quota" AS DOUBLE)
            END
          )
        END AS "quota",
        CAST(NULL AS INT) AS "active",
        CAST(NULL AS INT) AS "is_seller"
      FROM "reps"
    ) AS ck_r
    WHERE
      NOT "rep_id" IS NULL
  )
LIMIT 1000
