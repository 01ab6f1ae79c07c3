SELECT
  `deal_id`,
  `rep_id` AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST(`deal_id` AS STRING)), '') AS `deal_id`,
    NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    TRY_CAST(NULL AS STRING) AS `account_id`,
    TRY_CAST(NULL AS STRING) AS `segment`,
    TRY_CAST(NULL AS STRING) AS `source`,
    CASE
      WHEN `created_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`created_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(FROM_UTC_TIMESTAMP(CAST(`created_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING)) AS DATE)
      END
      WHEN `created_date` RLIKE '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
      THEN NULL
      WHEN `created_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`created_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`created_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`created_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTRING(`created_date`, 1, 10) AS DATE)
      END
    END AS `created_date`,
    CASE
      WHEN `close_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`close_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(FROM_UTC_TIMESTAMP(CAST(`close_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING)) AS DATE)
      END
      WHEN `close_date` RLIKE '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
      THEN NULL
      WHEN `close_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`close_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`close_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`close_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTRING(`close_date`, 1, 10) AS DATE)
      END
    END AS `close_date`,
    LOWER(
      CASE
        WHEN NULLIF(TRIM(TRY_CAST(`stage` AS STRING)), '') = 'Won by O\'Brien'
        THEN 'won'
        ELSE NULLIF(TRIM(TRY_CAST(`stage` AS STRING)), '')
      END
    ) AS `stage`,
    CASE
      WHEN `amount` RLIKE '^ *-?[0-9]+(\\.[0-9]+)? *$'
      THEN TRY_CAST(`amount` AS DOUBLE)
    END AS `amount`,
    TRY_CAST(NULL AS DATE) AS `modified_date`,
    TRY_CAST(NULL AS STRING) AS `currency`,
    TRY_CAST(`rep_id` AS STRING) AS ck_raw_rep_id
  FROM `deals`
) AS ck_c
WHERE
  `rep_id` IS NULL AND (
    ck_raw_rep_id IS NULL OR TRIM(ck_raw_rep_id) = ''
  )
LIMIT 1000
