-- The row versions reserved for a file when it was first attempted (none before any
-- attempt, or for attempts logged before version ranges were kept).
SELECT version_from, version_to FROM ingest_log WHERE file_id = ? AND status = 'started' AND version_from > 0 ORDER BY version ASC LIMIT 1
