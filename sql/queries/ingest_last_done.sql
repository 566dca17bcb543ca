-- When data were last ingested: the latest file whose ingest finished (any kind). No args.
SELECT max(at) FROM ingest_log WHERE status = 'done'
