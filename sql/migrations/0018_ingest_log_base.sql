-- Ingest: the first version of a file's rows, recorded when it starts. A re-run of a file
-- that did not finish (killed, failed) gives its rows the same versions again, so it cannot
-- win over a file that loaded after its first attempt.
ALTER TABLE ingest_log ADD COLUMN base_version UInt64;
