SELECT
  "rep_id",
  "date",
  "calls" AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
    CASE
      WHEN REGEXP_LIKE(
        "date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(AT_TIMEZONE(CAST("date" AS TIMESTAMP WITH TIME ZONE), CAST('Europe/Berlin' AS VARCHAR)) AS DATE)
      END
      WHEN REGEXP_LIKE("date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTR("date", 1, 10) AS DATE)
      END
    END AS "date",
    CASE
      WHEN REGEXP_LIKE("calls", '^ *-?[0-9]+(\.0+)? *$')
      THEN TRY_CAST(CAST("calls" AS DOUBLE) AS BIGINT)
    END AS "calls",
    CASE
      WHEN REGEXP_LIKE("emails", '^ *-?[0-9]+(\.0+)? *$')
      THEN TRY_CAST(CAST("emails" AS DOUBLE) AS BIGINT)
    END AS "emails",
    CASE
      WHEN REGEXP_LIKE("meetings", '^ *-?[0-9]+(\.0+)? *$')
      THEN TRY_CAST(CAST("meetings" AS DOUBLE) AS BIGINT)
    END AS "meetings",
    TRY_CAST("calls" AS VARCHAR) AS ck_raw_calls
  FROM "activities"
) AS ck_c
WHERE
  "calls" < 0
LIMIT 1000
