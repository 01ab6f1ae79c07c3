SELECT
  `deal_id`,
  ck_raw_close_date AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(SAFE_CAST(`deal_id` AS STRING)), '') AS `deal_id`,
    NULLIF(TRIM(SAFE_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    SAFE_CAST(NULL AS STRING) AS `account_id`,
    SAFE_CAST(NULL AS STRING) AS `segment`,
    SAFE_CAST(NULL AS STRING) AS `source`,
    CASE
      WHEN REGEXP_CONTAINS(
        `created_date`,
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
          AND SAFE_CAST(SUBSTRING(`created_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
            WHEN SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) = 2
            THEN CASE
              WHEN (
                MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 4) = 0
                AND (
                  MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 100) <> 0
                  OR MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 400) = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN SAFE_CAST(TIMESTAMP(DATETIME(CAST(`created_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING))) AS DATE)
      END
      WHEN REGEXP_CONTAINS(`created_date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_CONTAINS(`created_date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
          AND SAFE_CAST(SUBSTRING(`created_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
            WHEN SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) = 2
            THEN CASE
              WHEN (
                MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 4) = 0
                AND (
                  MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 100) <> 0
                  OR MOD(SAFE_CAST(SUBSTRING(`created_date`, 1, 4) AS INT64), 400) = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN SAFE_CAST(SUBSTRING(`created_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN SAFE_CAST(SUBSTRING(`created_date`, 1, 10) AS DATE)
      END
    END AS `created_date`,
    CASE
      WHEN REGEXP_CONTAINS(
        `close_date`,
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
      THEN CASE
        WHEN (
          SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
          AND SAFE_CAST(SUBSTRING(`close_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
            WHEN SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) = 2
            THEN CASE
              WHEN (
                MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 4) = 0
                AND (
                  MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 100) <> 0
                  OR MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 400) = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN SAFE_CAST(TIMESTAMP(DATETIME(CAST(`close_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING))) AS DATE)
      END
      WHEN REGEXP_CONTAINS(`close_date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_CONTAINS(`close_date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
      THEN CASE
        WHEN (
          SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
          AND SAFE_CAST(SUBSTRING(`close_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
            WHEN SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) = 2
            THEN CASE
              WHEN (
                MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 4) = 0
                AND (
                  MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 100) <> 0
                  OR MOD(SAFE_CAST(SUBSTRING(`close_date`, 1, 4) AS INT64), 400) = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN SAFE_CAST(SUBSTRING(`close_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN SAFE_CAST(SUBSTRING(`close_date`, 1, 10) AS DATE)
      END
    END AS `close_date`,
    LOWER(
      CASE
        WHEN NULLIF(TRIM(SAFE_CAST(`stage` AS STRING)), '') = 'Won by O\'Brien'
        THEN 'won'
        ELSE NULLIF(TRIM(SAFE_CAST(`stage` AS STRING)), '')
      END
    ) AS `stage`,
    CASE
      WHEN REGEXP_CONTAINS(`amount`, '^ *-?[0-9]+(\\.[0-9]+)? *$')
      THEN SAFE_CAST(`amount` AS FLOAT64)
    END AS `amount`,
    SAFE_CAST(NULL AS DATE) AS `modified_date`,
    SAFE_CAST(NULL AS STRING) AS `currency`,
    SAFE_CAST(`close_date` AS STRING) AS ck_raw_close_date
  FROM `deals`
) AS ck_c
WHERE
  `close_date` IS NULL AND TRIM(ck_raw_close_date) <> ''
LIMIT 1000
