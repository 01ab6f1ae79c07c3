SELECT
  "rep_id",
  "date",
  COUNT(*) AS ck_value
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
GROUP BY
  "rep_id",
  "date",
  "calls",
  "emails",
  "meetings"
HAVING
  COUNT(*) > 1
LIMIT 1000
