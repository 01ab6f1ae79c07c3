"""Reading a folder of CSV or Parquet files: read, shape, parse, validate, cross-check."""
