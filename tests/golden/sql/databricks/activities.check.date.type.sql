SELECT
  `rep_id`,
  `date`,
  ck_raw_date AS ck_value
FROM (
  SELECT
    NULLIF(TRIM(TRY_CAST(`rep_id` AS STRING)), '') AS `rep_id`,
    CASE
      WHEN REGEXP_LIKE(
        `date`,
        '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]+)?)? *([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'
      )
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
      WHEN REGEXP_LIKE(`date`, '[0-9][T ][0-9]{2}:[0-9]{2}.*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$')
      THEN NULL
      WHEN REGEXP_LIKE(`date`, '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
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
      WHEN REGEXP_LIKE(`calls`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN TRY_CAST(CAST(`calls` AS DOUBLE) AS BIGINT)
    END AS `calls`,
    CASE
      WHEN REGEXP_LIKE(`emails`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN TRY_CAST(CAST(`emails` AS DOUBLE) AS BIGINT)
    END AS `emails`,
    CASE
      WHEN REGEXP_LIKE(`meetings`, '^ *-?[0-9]+(\\.0+)? *$')
      THEN TRY_CAST(CAST(`meetings` AS DOUBLE) AS BIGINT)
    END AS `meetings`,
    TRY_CAST(`date` AS STRING) AS ck_raw_date
  FROM `activities`
) AS ck_c
WHERE
  `date` IS NULL AND TRIM(ck_raw_date) <> ''
LIMIT 1000
