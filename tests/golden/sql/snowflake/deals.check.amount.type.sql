SELECT
  "deal_id",
  ck_raw_amount AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(CAST("deal_id" AS VARCHAR)), '') AS "deal_id",
    NULLIF(TRIM(CAST("rep_id" AS VARCHAR)), '') AS "rep_id",
    CAST(NULL AS VARCHAR) AS "account_id",
    CAST(NULL AS VARCHAR) AS "segment",
    CAST(NULL AS VARCHAR) AS "source",
    CASE
      WHEN REGEXP_LIKE(
        "created_date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          CAST(SUBSTRING("created_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("created_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("created_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("created_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("created_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("created_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("created_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(CONVERT_TIMEZONE(CAST('Europe/Berlin' AS VARCHAR), CAST("created_date" AS TIMESTAMPTZ)) AS DATE)
      END
      WHEN REGEXP_LIKE("created_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("created_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          CAST(SUBSTRING("created_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("created_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("created_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("created_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("created_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("created_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("created_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(SUBSTRING("created_date", 1, 10) AS DATE)
      END
    END AS "created_date",
    CASE
      WHEN REGEXP_LIKE(
        "close_date",
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          CAST(SUBSTRING("close_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("close_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("close_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("close_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("close_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("close_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("close_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(CONVERT_TIMEZONE(CAST('Europe/Berlin' AS VARCHAR), CAST("close_date" AS TIMESTAMPTZ)) AS DATE)
      END
      WHEN REGEXP_LIKE("close_date", '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE("close_date", '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          CAST(SUBSTRING("close_date", 6, 2) AS INT) BETWEEN 1 AND 12
          AND CAST(SUBSTRING("close_date", 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN CAST(SUBSTRING("close_date", 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                CAST(SUBSTRING("close_date", 1, 4) AS INT) % 4 = 0
                AND (
                  CAST(SUBSTRING("close_date", 1, 4) AS INT) % 100 <> 0
                  OR CAST(SUBSTRING("close_date", 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN CAST(SUBSTRING("close_date", 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN CAST(SUBSTRING("close_date", 1, 10) AS DATE)
      END
    END AS "close_date",
    LOWER(
      CASE
        WHEN NULLIF(TRIM(CAST("stage" AS VARCHAR)), '') = 'Won by O\'Brien'
        THEN 'won'
        ELSE NULLIF(TRIM(CAST("stage" AS VARCHAR)), '')
      END
    ) AS "stage",
    CASE
      WHEN REGEXP_LIKE("amount", '^ *-?[0-9]+(\\.[0-9]+)? *$')
      THEN CAST("amount" AS DOUBLE)
    END AS "amount",
    CAST(NULL AS DATE) AS "modified_date",
    CAST(NULL AS VARCHAR) AS "currency",
    CAST("amount" AS VARCHAR) AS ck_raw_amount
  FROM "deals"
) AS ck_c
WHERE
  "amount" IS NULL AND TRIM(ck_raw_amount) <> ''
LIMIT 1000
