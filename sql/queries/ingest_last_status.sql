SELECT toString(status) FROM ingest_log WHERE file_id = ? ORDER BY version DESC LIMIT 1
