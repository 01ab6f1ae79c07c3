SELECT
  *
FROM `reps`
