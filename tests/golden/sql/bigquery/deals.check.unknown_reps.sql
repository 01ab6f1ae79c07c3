SELECT
  `deal_id`,
  `rep_id` AS ck_value
FROM (
  SELECT
    `deal_id`,
    `rep_id`,
    `account_id`,
    `segment`,
    `source`,
    `created_date`,
    CASE WHEN `stage` = 'open' THEN NULL ELSE `close_date` END AS `close_date`,
    `stage`,
    `amount`,
    `modified_date`,
    `currency`
  FROM (
    SELECT
      *
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
        SAFE_CAST(NULL AS STRING) AS `currency`
      FROM `deals`
    ) AS ck_canon
    WHERE
      NOT `deal_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `created_date` IS NULL
      AND NOT `stage` IS NULL
      AND (
        `stage` IS NULL OR `stage` IN ('open', 'won', 'lost')
      )
      AND NOT `amount` IS NULL
      AND (
        `amount` IS NULL OR `amount` >= 0
      )
  ) AS ck_deals
) AS ck_v
WHERE
  NOT `rep_id` IN (
    SELECT
      `rep_id`
    FROM (
      SELECT
        NULLIF(TRIM(SAFE_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
        NULLIF(TRIM(SAFE_CAST(`name` AS STRING)), '') AS `name`,
        SAFE_CAST(NULL AS STRING) AS `team`,
        SAFE_CAST(NULL AS STRING) AS `manager`,
        SAFE_CAST(NULL AS STRING) AS `role`,
        SAFE_CAST(NULL AS STRING) AS `segment`,
        CASE
          WHEN REGEXP_CONTAINS(
            `hire_date`,
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
          )
          THEN CASE
            WHEN (
              SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
              AND SAFE_CAST(SUBSTRING(`hire_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
                WHEN SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) = 2
                THEN CASE
                  WHEN (
                    MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 4) = 0
                    AND (
                      MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 100) <> 0
                      OR MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 400) = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN SAFE_CAST(TIMESTAMP(DATETIME(CAST(`hire_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING))) AS DATE)
          END
          WHEN REGEXP_CONTAINS(`hire_date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
          THEN NULL
          WHEN REGEXP_CONTAINS(`hire_date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
          THEN CASE
            WHEN (
              SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
              AND SAFE_CAST(SUBSTRING(`hire_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
                WHEN SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) = 2
                THEN CASE
                  WHEN (
                    MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 4) = 0
                    AND (
                      MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 100) <> 0
                      OR MOD(SAFE_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT64), 400) = 0
                    )
                  )
                  THEN 29
                  ELSE 28
                END
                WHEN SAFE_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
                THEN 30
                ELSE 31
              END
            )
            THEN SAFE_CAST(SUBSTRING(`hire_date`, 1, 10) AS DATE)
          END
        END AS `hire_date`,
        SAFE_CAST(NULL AS STRING) AS `level`,
        SAFE_CAST(NULL AS DATE) AS `level_since`,
        CASE
          WHEN (
            CASE
              WHEN REGEXP_CONTAINS(`quota`, '^ *-?[0-9]+(\\.[0-9]+)? *$')
              THEN SAFE_CAST(`quota` AS FLOAT64)
            END
          ) < 0
          THEN NULL
          ELSE (
            CASE
              WHEN REGEXP_CONTAINS(`quota`, '^ *-?[0-9]+(\\.[0-9]+)? *$')
              THEN SAFE_CAST(`quota` AS FLOAT64)
            END
          )
        END AS `quota`,
        SAFE_CAST(NULL AS INT64) AS `active`,
        SAFE_CAST(NULL AS INT64) AS `is_seller`
      FROM `reps`
    ) AS ck_r
    WHERE
      NOT `rep_id` IS NULL
  )
LIMIT 1000
