SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      NULLIF(TRIM(TRY_CAST("lead_id" AS VARCHAR)), '') AS "lead_id",
      NULLIF(TRIM(TRY_CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
      CASE
        WHEN REGEXP_LIKE(
          "assigned_date",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        )
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTR("assigned_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 100 <> 0
                    OR TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(AT_TIMEZONE(
            CAST("assigned_date" AS TIMESTAMP WITH TIME ZONE),
            CAST('Europe/Berlin' AS VARCHAR)
          ) AS DATE)
        END
        WHEN REGEXP_LIKE("assigned_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
        THEN NULL
        WHEN REGEXP_LIKE("assigned_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTR("assigned_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 100 <> 0
                    OR TRY_CAST(SUBSTR("assigned_date", 1, 4) AS INTEGER) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTR("assigned_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(SUBSTR("assigned_date", 1, 10) AS DATE)
        END
      END AS "assigned_date",
      LOWER(NULLIF(TRIM(TRY_CAST("origin" AS VARCHAR)), '')) AS "origin",
      TRY_CAST(NULL AS VARCHAR) AS "segment",
      CASE
        WHEN LOWER(TRIM(TRY_CAST("converted" AS VARCHAR))) IN ('true', 't', 'yes', 'y', '1')
        THEN 1
        WHEN LOWER(TRIM(TRY_CAST("converted" AS VARCHAR))) IN ('false', 'f', 'no', 'n', '0')
        THEN 0
      END AS "converted",
      TRY_CAST(NULL AS VARCHAR) AS "deal_id"
    FROM "leads"
  ) AS ck_canon
  WHERE
    NOT "lead_id" IS NULL
    AND NOT "rep_id" IS NULL
    AND NOT "assigned_date" IS NULL
    AND NOT "origin" IS NULL
    AND (
      "origin" IS NULL OR "origin" IN ('company', 'self')
    )
    AND NOT "converted" IS NULL
) AS ck_v
