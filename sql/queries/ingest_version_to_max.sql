-- The highest row version any file was given (0 before any ingest): a new process's
-- version clock starts above it.
SELECT max(version_to) FROM ingest_log
