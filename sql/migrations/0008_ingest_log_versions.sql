-- A file keeps the versions it was given when first attempted: its 'started' row holds the
-- range of row versions reserved for it (row n is stored with version_from + n, up to
-- version_to), and a re-run after a crash reuses that range, so a file loaded later (with
-- higher versions) still wins. 0 in rows written before this migration.
{{alter "ingest_log" "ADD COLUMN version_from UInt64"}}
{{alter "ingest_log" "ADD COLUMN version_to UInt64"}}
