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
    NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    CASE
      WHEN `date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(FROM_UTC_TIMESTAMP(CAST(`date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING)) AS DATE)
      END
      WHEN `date` RLIKE '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
      THEN NULL
      WHEN `date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTRING(`date`, 1, 10) AS DATE)
      END
    END AS `date`,
    CASE
      WHEN `calls` RLIKE '^ *-?[0-9]+(\\.0+)? *$'
      THEN TRY_CAST(CAST(`calls` AS DOUBLE) AS BIGINT)
    END AS `calls`,
    CASE
      WHEN `emails` RLIKE '^ *-?[0-9]+(\\.0+)? *$'
      THEN TRY_CAST(CAST(`emails` AS DOUBLE) AS BIGINT)
    END AS `emails`,
    CASE
      WHEN `meetings` RLIKE '^ *-?[0-9]+(\\.0+)? *$'
      THEN TRY_CAST(CAST(`meetings` AS DOUBLE) AS BIGINT)
    END AS `meetings`,
    TRY_CAST(`rep_id` AS STRING) AS ck_raw_rep_id,
    TRY_CAST(`date` AS STRING) AS ck_raw_date,
    TRY_CAST(`calls` AS STRING) AS ck_raw_calls,
    TRY_CAST(`emails` AS STRING) AS ck_raw_emails,
    TRY_CAST(`meetings` AS STRING) AS ck_raw_meetings
  FROM `activities`
) AS ck_c
LEFT JOIN (
  SELECT DISTINCT
    `rep_id` AS ck_rep
  FROM (
    SELECT
      NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
      NULLIF(TRIM(TRY_CAST(`name` AS STRING)), '') AS `name`,
      TRY_CAST(NULL AS STRING) AS `team`,
      TRY_CAST(NULL AS STRING) AS `manager`,
      TRY_CAST(NULL AS STRING) AS `role`,
      TRY_CAST(NULL AS STRING) AS `segment`,
      CASE
        WHEN `hire_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTRING(`hire_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 100 <> 0
                    OR TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(FROM_UTC_TIMESTAMP(CAST(`hire_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING)) AS DATE)
        END
        WHEN `hire_date` RLIKE '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
        THEN NULL
        WHEN `hire_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
        THEN CASE
          WHEN (
            TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) BETWEEN 1 AND 12
            AND TRY_CAST(SUBSTRING(`hire_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
              WHEN TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) = 2
              THEN CASE
                WHEN (
                  TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 4 = 0
                  AND (
                    TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 100 <> 0
                    OR TRY_CAST(SUBSTRING(`hire_date`, 1, 4) AS INT) % 400 = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN TRY_CAST(SUBSTRING(`hire_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN TRY_CAST(SUBSTRING(`hire_date`, 1, 10) AS DATE)
        END
      END AS `hire_date`,
      TRY_CAST(NULL AS STRING) AS `level`,
      TRY_CAST(NULL AS DATE) AS `level_since`,
      CASE
        WHEN (
          CASE
            WHEN `quota` RLIKE '^ *-?[0-9]+(\\.[0-9]+)? *$'
            THEN TRY_CAST(`quota` AS DOUBLE)
          END
        ) < 0
        THEN NULL
        ELSE (
          CASE
            WHEN `quota` RLIKE '^ *-?[0-9]+(\\.[0-9]+)? *$'
            THEN TRY_CAST(`quota` AS DOUBLE)
          END
        )
      END AS `quota`,
      TRY_CAST(NULL AS INT) AS `active`,
      TRY_CAST(NULL AS INT) AS `is_seller`
    FROM `reps`
  ) AS ck_k
  WHERE
    NOT `rep_id` IS NULL
) AS ck_r
  ON ck_c.`rep_id` = ck_r.ck_rep
