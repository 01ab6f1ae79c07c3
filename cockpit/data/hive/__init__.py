"""Hive-partitioned Parquet, local or on object storage: read only the partitions a period needs."""
