SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      NULLIF(TRIM(SAFE_CAST(`lead_id` AS STRING)), '') AS `lead_id`,
      NULLIF(TRIM(SAFE_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
      CASE
        WHEN REGEXP_CONTAINS(
          `assigned_date`,
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
        )
        THEN CASE
          WHEN (
            SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
            AND SAFE_CAST(SUBSTRING(`assigned_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
              WHEN SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) = 2
              THEN CASE
                WHEN (
                  MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 4) = 0
                  AND (
                    MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 100) <> 0
                    OR MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 400) = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN SAFE_CAST(TIMESTAMP(DATETIME(CAST(`assigned_date` AS TIMESTAMP), CAST('Europe/Berlin' AS STRING))) AS DATE)
        END
        WHEN REGEXP_CONTAINS(`assigned_date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
        THEN NULL
        WHEN REGEXP_CONTAINS(`assigned_date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
        THEN CASE
          WHEN (
            SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) BETWEEN 1 AND 12
            AND SAFE_CAST(SUBSTRING(`assigned_date`, 9, 2) AS INT64) BETWEEN 1 AND CASE
              WHEN SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) = 2
              THEN CASE
                WHEN (
                  MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 4) = 0
                  AND (
                    MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 100) <> 0
                    OR MOD(SAFE_CAST(SUBSTRING(`assigned_date`, 1, 4) AS INT64), 400) = 0
                  )
                )
                THEN 29
                ELSE 28
              END
              WHEN SAFE_CAST(SUBSTRING(`assigned_date`, 6, 2) AS INT64) IN (4, 6, 9, 11)
              THEN 30
              ELSE 31
            END
          )
          THEN SAFE_CAST(SUBSTRING(`assigned_date`, 1, 10) AS DATE)
        END
      END AS `assigned_date`,
      LOWER(NULLIF(TRIM(SAFE_CAST(`origin` AS STRING)), '')) AS `origin`,
      SAFE_CAST(NULL AS STRING) AS `segment`,
      CASE
        WHEN LOWER(TRIM(SAFE_CAST(`converted` AS STRING))) IN ('true', 't', 'yes', 'y', '1')
        THEN 1
        WHEN LOWER(TRIM(SAFE_CAST(`converted` AS STRING))) IN ('false', 'f', 'no', 'n', '0')
        THEN 0
      END AS `converted`,
      SAFE_CAST(NULL AS STRING) AS `deal_id`
    FROM `leads`
  ) AS ck_canon
  WHERE
    NOT `lead_id` IS NULL
    AND NOT `rep_id` IS NULL
    AND NOT `assigned_date` IS NULL
    AND NOT `origin` IS NULL
    AND (
      `origin` IS NULL OR `origin` IN ('company', 'self')
    )
    AND NOT `converted` IS NULL
) AS ck_v
WHERE
  `rep_id` = 'R1'
LIMIT 1000
