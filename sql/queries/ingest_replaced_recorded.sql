-- The replaced count an earlier attempt of a file recorded just before publishing its rows
-- (0 when none did): a re-run after a crash mid-publish keeps it.
SELECT max(rows_replaced) FROM ingest_log WHERE file_id = ? AND status = 'started'
