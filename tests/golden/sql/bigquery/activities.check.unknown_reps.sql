SELECT
  `rep_id`,
  `date`,
  `rep_id` AS ck_value
FROM (
  SELECT
    *
  FROM (
    SELECT
      NULLIF(TRIM(SAFE_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
      CASE
        WHEN REGEXP_CONTAINS(
          `date`,
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        )
        THEN CASE
          WHEN (
            SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) BETWEEN 1 AND 12
            AND SAFE_CAST(SUBSTRING(`date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
              WHEN SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) = 2
              THEN CASE
                WHEN (
                  MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 4) = 0
                  AND (
                    MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 100) <> 0
                    OR MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 400) = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN SAFE_CAST(TIMESTAMP(DATETIME(CAST(`date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING))) AS DATE)
        END
        WHEN REGEXP_CONTAINS(`date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
        THEN NULL
        WHEN REGEXP_CONTAINS(`date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE
          WHEN (
            SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) BETWEEN 1 AND 12
            AND SAFE_CAST(SUBSTRING(`date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
              WHEN SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) = 2
              THEN CASE
                WHEN (
                  MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 4) = 0
                  AND (
                    MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 100) <> 0
                    OR MOD(SAFE_CAST(SUBSTRING(`date`, 1, 4) AS INT64), 400) = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN SAFE_CAST(SUBSTRING(`date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN SAFE_CAST(SUBSTRING(`date`, 1, 10) AS DATE)
        END
      END AS `date`,
      CASE
        WHEN (
          CASE
            WHEN REGEXP_CONTAINS(`calls`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`calls` AS FLOAT64) AS INT64)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_CONTAINS(`calls`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`calls` AS FLOAT64) AS INT64)
          END
        )
      END AS `calls`,
      CASE
        WHEN (
          CASE
            WHEN REGEXP_CONTAINS(`emails`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`emails` AS FLOAT64) AS INT64)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_CONTAINS(`emails`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`emails` AS FLOAT64) AS INT64)
          END
        )
      END AS `emails`,
      CASE
        WHEN (
          CASE
            WHEN REGEXP_CONTAINS(`meetings`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`meetings` AS FLOAT64) AS INT64)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN REGEXP_CONTAINS(`meetings`, '^ *-?[0-9]+(\\.0+)? *$')
            THEN SAFE_CAST(CAST(`meetings` AS FLOAT64) AS INT64)
          END
        )
      END AS `meetings`
    FROM `activities`
  ) AS ck_canon
  WHERE
    NOT `rep_id` IS NULL AND NOT `date` IS NULL
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
