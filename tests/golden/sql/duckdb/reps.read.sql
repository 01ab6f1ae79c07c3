SELECT
  *
FROM "reps"
