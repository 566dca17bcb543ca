-- Refreshes owed: before a file counts as done, ingest records every month it loaded rows
-- for; a refresh of those months clears them (a later row with cleared = 1). A process
-- that dies between the two leaves them open, and the next fullemp process to open the
-- warehouse refreshes them first, so figures always match the loaded data.
CREATE TABLE IF NOT EXISTS pending_refresh (
    file_id UInt64,
    month Date,
    cleared UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (month, file_id);
