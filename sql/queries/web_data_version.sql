SELECT count(), max(version) FROM ingest_log
