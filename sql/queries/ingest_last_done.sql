-- When data were last ingested: how many files were ingested, and the latest time one
-- was done (meaningful only when the count is not 0).
SELECT count(), max(at) FROM ingest_log WHERE status = 'done'
