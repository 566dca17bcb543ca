-- Figures that survive a crash: before a file counts as done in ingest_log, the months it
-- touched are recorded here (pending = 1); once its refresh has published them a row with
-- pending = 0 and a higher version settles it. Any process that opens the warehouse first
-- refreshes the months of files still pending (a process died between 'done' and the end
-- of its refresh). Read with argMax(…, version) per file_id (see pending_refresh_open).
CREATE TABLE IF NOT EXISTS {{local "pending_refresh"}}{{on}} (
    file_id UInt64,
    kind String,
    months Array(Date),
    pending UInt8,
    at DateTime,
    version UInt64
) ENGINE = {{engine "pending_refresh" "ReplacingMergeTree(version)"}}
ORDER BY file_id;
{{distributed "pending_refresh" "file_id"}}
