"""Data sources beyond a folder of files: databases through ADBC, hive-partitioned Parquet."""
