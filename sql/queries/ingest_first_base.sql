-- The versions a file was given when it was first attempted (0 when never). Args: file_id.
SELECT base_version FROM ingest_log WHERE file_id = ? AND base_version > 0 ORDER BY version ASC LIMIT 1
