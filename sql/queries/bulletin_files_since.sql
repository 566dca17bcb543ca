-- The input files ingested (done) after an ingest_log version. Args: version.
SELECT DISTINCT file_name
FROM ingest_log
WHERE version > ? AND status = 'done'
ORDER BY file_name
