SELECT
  "deal_id",
  ck_raw_amount AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST("deal_id" AS VARCHAR)), '') AS "deal_id",
    NULLIF(TRIM(TRY_CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
    TRY_CAST(NULL AS VARCHAR) AS "account_id",
    TRY_CAST(NULL AS VARCHAR) AS "segment",
    TRY_CAST(NULL AS VARCHAR) AS "source",
    CASE
      WHEN REGEXP_LIKE(
        "created_date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("created_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(AT_TIMEZONE(CAST("created_date" AS TIMESTAMP WITH TIME ZONE), CAST('Europe/Berlin' AS VARCHAR)) AS DATE)
      END
      WHEN REGEXP_LIKE("created_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("created_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("created_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("created_date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("created_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTR("created_date", 1, 10) AS DATE)
      END
    END AS "created_date",
    CASE
      WHEN REGEXP_LIKE(
        "close_date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("close_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(AT_TIMEZONE(CAST("close_date" AS TIMESTAMP WITH TIME ZONE), CAST('Europe/Berlin' AS VARCHAR)) AS DATE)
      END
      WHEN REGEXP_LIKE("close_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("close_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTR("close_date", 9, 2) AS INTEGER) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 4 = 0
                AND (
                  TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 100 <> 0
                  OR TRY_CAST(SUBSTR("close_date", 1, 4) AS INTEGER) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTR("close_date", 6, 2) AS INTEGER) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTR("close_date", 1, 10) AS DATE)
      END
    END AS "close_date",
    LOWER(
      CASE
        WHEN NULLIF(TRIM(TRY_CAST("stage" AS VARCHAR)), '') = 'Won by O''Brien'
        THEN 'won'
        ELSE NULLIF(TRIM(TRY_CAST("stage" AS VARCHAR)), '')
      END
    ) AS "stage",
    CASE
      WHEN REGEXP_LIKE("amount", '^ *-?[0-9]+(\.[0-9]+)? *$')
      THEN TRY_CAST("amount" AS DOUBLE)
    END AS "amount",
    TRY_CAST(NULL AS DATE) AS "modified_date",
    TRY_CAST(NULL AS VARCHAR) AS "currency",
    TRY_CAST("amount" AS VARCHAR) AS ck_raw_amount
  FROM "deals"
) AS ck_c
WHERE
  "amount" IS NULL AND TRIM(ck_raw_amount) <> ''
LIMIT 1000
