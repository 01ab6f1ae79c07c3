SELECT
  `lead_id`,
  ck_raw_converted AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST(`lead_id` AS STRING)), '') AS `lead_id`,
    NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    CASE
      WHEN REGEXP_LIKE(
        `assigned_date`,
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
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
      WHEN REGEXP_LIKE(`assigned_date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE(`assigned_date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
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
    TRY_CAST(`converted` AS STRING) AS ck_raw_converted
  FROM `leads`
) AS ck_c
WHERE
  `converted` IS NULL AND TRIM(ck_raw_converted) <> ''
LIMIT 1000
