SELECT
  "lead_id",
  "origin" AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(CAST("lead_id" AS VARCHAR)), '') AS "lead_id",
    NULLIF(TRIM(CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
    CASE
      WHEN REGEXP_LIKE(
        "assigned_date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          CAST(SUBSTRING("assigned_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("assigned_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("assigned_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("assigned_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(CONVERT_TIMEZONE(CAST('Europe/Berlin' AS VARCHAR), CAST("assigned_date" AS TIMESTAMPTZ)) AS DATE)
      END
      WHEN REGEXP_LIKE("assigned_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("assigned_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          CAST(SUBSTRING("assigned_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("assigned_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("assigned_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("assigned_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("assigned_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(SUBSTRING("assigned_date", 1, 10) AS DATE)
      END
    END AS "assigned_date",
    LOWER(NULLIF(TRIM(CAST("origin" AS VARCHAR)), '')) AS "origin",
    CAST(NULL AS VARCHAR) AS "segment",
    CASE
      WHEN LOWER(TRIM(CAST("converted" AS VARCHAR))) IN ('true', 't', 'yes', 'y', '1')
      THEN 1
      WHEN LOWER(TRIM(CAST("converted" AS VARCHAR))) IN ('false', 'f', 'no', 'n', '0')
      THEN 0
    END AS "converted",
    CAST(NULL AS VARCHAR) AS "deal_id",
    CAST("origin" AS VARCHAR) AS ck_raw_origin
  FROM "leads"
) AS ck_c
WHERE
  "origin" IS NULL AND (
    ck_raw_origin IS NULL OR TRIM(ck_raw_origin) = ''
  )
LIMIT 1000
