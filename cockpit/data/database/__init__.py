"""Databases (SQLite, PostgreSQL): connect, check and reduce in SQL, read into Polars."""
