SELECT
  COUNT(*) AS ck_rows,
  SUM(CASE WHEN NOT `rep_id` IS NULL AND NOT `date` IS NULL THEN 1 ELSE 0 END) AS ck_kept,
  SUM(
    CASE
      WHEN `rep_id` IS NULL AND (
        ck_raw_rep_id IS NULL OR TRIM(ck_raw_rep_id) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule0,
  SUM(
    CASE
      WHEN `date` IS NULL AND (
        ck_raw_date IS NULL OR TRIM(ck_raw_date) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule1,
  SUM(CASE WHEN `date` IS NULL AND TRIM(ck_raw_date) <> '' THEN 1 ELSE 0 END) AS ck_rule2,
  SUM(CASE WHEN `calls` IS NULL AND TRIM(ck_raw_calls) <> '' THEN 1 ELSE 0 END) AS ck_rule3,
  SUM(CASE WHEN `calls` < 0 THEN 1 ELSE 0 END) AS ck_rule4,
  SUM(CASE WHEN `emails` IS NULL AND TRIM(ck_raw_emails) <> '' THEN 1 ELSE 0 END) AS ck_rule5,
  SUM(CASE WHEN `emails` < 0 THEN 1 ELSE 0 END) AS ck_rule6,
  SUM(CASE WHEN `meetings` IS NULL AND TRIM(ck_raw_meetings) <> '' THEN 1 ELSE 0 END) AS ck_rule7,
  SUM(CASE WHEN `meetings` < 0 THEN 1 ELSE 0 END) AS ck_rule8,
  MAX(CASE WHEN NOT `rep_id` IS NULL AND NOT `date` IS NULL THEN `date` END) AS ck_date0,
  MIN(CASE WHEN NOT `rep_id` IS NULL AND NOT `date` IS NULL THEN `date` END) AS ck_first0,
  SUM(
    CASE
      WHEN NOT `rep_id` IS NULL
      AND NOT `date` IS NULL
      AND NOT ck_c.`rep_id` IS NULL
      AND ck_r.ck_rep IS NULL
      THEN 1
      ELSE 0
    END
  ) AS ck_unknown_reps
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
      WHEN REGEXP_CONTAINS(`calls`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN SAFE_CAST(CAST(`calls` AS FLOAT64) AS INT64)
    END AS `calls`,
    CASE
      WHEN REGEXP_CONTAINS(`emails`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN SAFE_CAST(CAST(`emails` AS FLOAT64) AS INT64)
    END AS `emails`,
    CASE
      WHEN REGEXP_CONTAINS(`meetings`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN SAFE_CAST(CAST(`meetings` AS FLOAT64) AS INT64)
    END AS `meetings`,
    SAFE_CAST(`rep_id` AS STRING) AS ck_raw_rep_id,
    SAFE_CAST(`date` AS STRING) AS ck_raw_date,
    SAFE_CAST(`calls` AS STRING) AS ck_raw_calls,
    SAFE_CAST(`emails` AS STRING) AS ck_raw_emails,
    SAFE_CAST(`meetings` AS STRING) AS ck_raw_meetings
  FROM `activities`
) AS ck_c
LEFT JOIN (
  SELECT DISTINCT
    `rep_id` AS ck_rep
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
  ) AS ck_k
  WHERE
    NOT `rep_id` IS NULL
) AS ck_r
  ON ck_c.`rep_id` = ck_r.ck_rep
