SELECT
  COUNT(*) AS ck_rows,
  SUM(
    CASE
      WHEN NOT `lead_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `assigned_date` IS NULL
      AND NOT `origin` IS NULL
      AND (
        `origin` IS NULL OR `origin` IN ('company', 'self')
      )
      AND NOT `converted` IS NULL
      THEN 1
      ELSE 0
    END
  ) AS ck_kept,
  SUM(
    CASE
      WHEN `lead_id` IS NULL AND (
        ck_raw_lead_id IS NULL OR TRIM(ck_raw_lead_id) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule0,
  SUM(
    CASE
      WHEN `rep_id` IS NULL AND (
        ck_raw_rep_id IS NULL OR TRIM(ck_raw_rep_id) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule1,
  SUM(
    CASE
      WHEN `assigned_date` IS NULL
      AND (
        ck_raw_assigned_date IS NULL OR TRIM(ck_raw_assigned_date) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule2,
  SUM(
    CASE
      WHEN `assigned_date` IS NULL AND TRIM(ck_raw_assigned_date) <> ''
      THEN 1
      ELSE 0
    END
  ) AS ck_rule3,
  SUM(
    CASE
      WHEN `origin` IS NULL AND (
        ck_raw_origin IS NULL OR TRIM(ck_raw_origin) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule4,
  SUM(CASE WHEN NOT `origin` IN ('company', 'self') THEN 1 ELSE 0 END) AS ck_rule5,
  SUM(
    CASE
      WHEN `converted` IS NULL
      AND (
        ck_raw_converted IS NULL OR TRIM(ck_raw_converted) = ''
      )
      THEN 1
      ELSE 0
    END
  ) AS ck_rule6,
  SUM(CASE WHEN `converted` IS NULL AND TRIM(ck_raw_converted) <> '' THEN 1 ELSE 0 END) AS ck_rule7,
  COUNT(
    DISTINCT CASE
      WHEN NOT `lead_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `assigned_date` IS NULL
      AND NOT `origin` IS NULL
      AND (
        `origin` IS NULL OR `origin` IN ('company', 'self')
      )
      AND NOT `converted` IS NULL
      THEN `lead_id`
    END
  ) AS ck_kept_keys,
  COUNT(`lead_id`) - COUNT(DISTINCT `lead_id`) AS ck_dups,
  MAX(
    CASE
      WHEN NOT `lead_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `assigned_date` IS NULL
      AND NOT `origin` IS NULL
      AND (
        `origin` IS NULL OR `origin` IN ('company', 'self')
      )
      AND NOT `converted` IS NULL
      THEN `assigned_date`
    END
  ) AS ck_date0,
  MIN(
    CASE
      WHEN NOT `lead_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `assigned_date` IS NULL
      AND NOT `origin` IS NULL
      AND (
        `origin` IS NULL OR `origin` IN ('company', 'self')
      )
      AND NOT `converted` IS NULL
      THEN `assigned_date`
    END
  ) AS ck_first0,
  SUM(
    CASE
      WHEN NOT `lead_id` IS NULL
      AND NOT `rep_id` IS NULL
      AND NOT `assigned_date` IS NULL
      AND NOT `origin` IS NULL
      AND (
        `origin` IS NULL OR `origin` IN ('company', 'self')
      )
      AND NOT `converted` IS NULL
      AND NOT ck_c.`rep_id` IS NULL
      AND ck_r.ck_rep IS NULL
      THEN 1
      ELSE 0
    END
  ) AS ck_unknown_reps
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST(`lead_id` AS STRING)), '') AS `lead_id`,
    NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    CASE
      WHEN `assigned_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`assigned_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(FROM_UTC_TIMESTAMP(CAST(`assigned_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING)) AS DATE)
      END
      WHEN `assigned_date` RLIKE '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'
      THEN NULL
      WHEN `assigned_date` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
      THEN CASE
        WHEN (
          TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) BETWEEN 1 AND 12
          AND TRY_CAST(SUBSTRING(`assigned_date`, 9, 2) AS INT) BETWEEN 1 AND CASE
            WHEN TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) = 2
            THEN CASE
              WHEN (
                TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 4 = 0
                AND (
                  TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 100 <> 0
                  OR TRY_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT) % 400 = 0
                )
              )
              THEN 29
              ELSE 28
            END
            WHEN TRY_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT) IN (4, 6, 9, 11)
            THEN 30
            ELSE 31
          END
        )
        THEN TRY_CAST(SUBSTRING(`assigned_date`, 1, 10) AS DATE)
      END
    END AS `assigned_date`,
    LOWER(NULLIF(TRIM(TRY_CAST(`origin` AS STRING)), '')) AS `origin`,
    TRY_CAST(NULL AS STRING) AS `segment`,
    CASE
      WHEN LOWER(TRIM(TRY_CAST(`converted` AS STRING))) IN ('true', 't', 'yes', 'y', '1')
      THEN 1
      WHEN LOWER(TRIM(TRY_CAST(`converted` AS STRING))) IN ('false', 'f', 'no', 'n', '0')
      THEN 0
    END AS `converted`,
    TRY_CAST(NULL AS STRING) AS `deal_id`,
    TRY_CAST(`lead_id` AS STRING) AS ck_raw_lead_id,
    TRY_CAST(`rep_id` AS STRING) AS ck_raw_rep_id,
    TRY_CAST(`assigned_date` AS STRING) AS ck_raw_assigned_date,
    TRY_CAST(`origin` AS STRING) AS ck_raw_origin,
    TRY_CAST(`converted` AS STRING) AS ck_raw_converted
  FROM `leads`
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
