SELECT
  "rep_id",
  "date",
  "rep_id" AS ck_value
FROM (
  SELECT
    *
  FROM (
    SELECT
      NULLIF(TRIM(TRY_CAST("rep_id" AS TEXT)), '') AS "rep_id",
      CASE
        WHEN REGEXP_MATCHES(
          "date",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        )
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTRING("date", 6, 2) AS INT) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTRING("date", 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTRING("date", 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 100 <> 0
                    OR TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTRING("date", 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(CAST("date" AS TIMESTAMPTZ) AT TIME ZONE CAST('Europe/Berlin' AS TEXT) AS DATE)
        END
        WHEN REGEXP_MATCHES("date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
        THEN NULL
        WHEN REGEXP_MATCHES("date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTRING("date", 6, 2) AS INT) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTRING("date", 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTRING("date", 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 100 <> 0
                    OR TRY_CAST(SUBSTRING("date", 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTRING("date", 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(SUBSTRING("date", 1, 10) AS DATE)
        END
      END AS "date",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_MATCHES("calls", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("calls" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_MATCHES("calls", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("calls" AS DOUBLE) AS BIGINT)
          END
        )
      END AS "calls",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_MATCHES("emails", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("emails" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_MATCHES("emails", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("emails" AS DOUBLE) AS BIGINT)
          END
        )
      END AS "emails",
      CASE
        WHEN (
          CASE
            WHEN REGEXP_MATCHES("meetings", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("meetings" AS DOUBLE) AS BIGINT)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_MATCHES("meetings", '^ *-?[0-9]+(\.0+)? *$')
            THEN TRY_CAST(CAST("meetings" AS DOUBLE) AS BIGINT)
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
        NULLIF(TRIM(TRY_CAST("rep_id" AS TEXT)), '') AS "rep_id",
        NULLIF(TRIM(TRY_CAST("name" AS TEXT)), '') AS "name",
        TRY_CAST(NULL AS TEXT) AS "team",
        TRY_CAST(NULL AS TEXT) AS "manager",
        TRY_CAST(NULL AS TEXT) AS "role",
        TRY_CAST(NULL AS TEXT) AS "segment",
        CASE
          WHEN REGEXP_MATCHES(
            "hire_date",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
          )
          THEN CASE
            WHEN (
              TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) BETWEEN 1 AND 12
              AND TRY_CAST(SUBSTRING("hire_date", 9, 2) AS INT) BETWEEN 1 AND CASE
                WHEN TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) = 2
                THEN CASE
                  WHEN (
                    TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 4 = 0
                    AND (
                      TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 100 <> 0
                      OR TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 400 = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN TRY_CAST(CAST("hire_date" AS TIMESTAMPTZ) AT TIME ZONE CAST('Europe/Berlin' AS TEXT) AS DATE)
          END
          WHEN REGEXP_MATCHES("hire_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
          THEN NULL
          WHEN REGEXP_MATCHES("hire_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
          THEN CASE
            WHEN (
              TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) BETWEEN 1 AND 12
              AND TRY_CAST(SUBSTRING("hire_date", 9, 2) AS INT) BETWEEN 1 AND CASE
                WHEN TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) = 2
                THEN CASE
                  WHEN (
                    TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 4 = 0
                    AND (
                      TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 100 <> 0
                      OR TRY_CAST(SUBSTRING("hire_date", 1, 4) AS INT) % 400 = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN TRY_CAST(SUBSTRING("hire_date", 6, 2) AS INT) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN TRY_CAST(SUBSTRING("hire_date", 1, 10) AS DATE)
          END
        END AS "hire_date",
        TRY_CAST(NULL AS TEXT) AS "level",
        TRY_CAST(NULL AS DATE) AS "level_since",
        CASE
          WHEN (
            CASE
              WHEN REGEXP_MATCHES("quota", '^ *-?[0-9]+(\.[0-9]+)? *$')
              THEN TRY_CAST("quota" AS DOUBLE)
            END
          ) < 0
          THEN NULL
          ELSE (
            CASE
              WHEN REGEXP_MATCHES("quota", '^ *-?[0-9]+(\.[0-9]+)? *$')
              THEN TRY_CAST("quota" AS DOUBLE)
            END
          )
        END AS "quota",
        TRY_CAST(NULL AS INT) AS "active",
        TRY_CAST(NULL AS INT) AS "is_seller"
      FROM "reps"
    ) AS ck_r
    WHERE
      NOT "rep_id" IS NULL
  )
LIMIT 1000
