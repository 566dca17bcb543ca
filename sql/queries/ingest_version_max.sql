-- The newest ingest_log version (0 before any ingest).
SELECT max(version) FROM ingest_log
