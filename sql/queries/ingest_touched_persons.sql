-- The (month, community) pairs where a file's persons have their latest ledger row of the
-- month now, read before the file's rows are published: for a ledger file, the
-- communities its persons leave (a person who moved leaves one); for a contributions file,
-- the communities whose figures its persons' contributions change. ingest_staging is the
-- file's staging table. Arg: the months to read (a clickhouse.GroupSet of Date strings).
SELECT month, community_code FROM ledger FINAL WHERE month IN ? AND (month, id_number) GLOBAL IN (SELECT month, id_number FROM ingest_staging) GROUP BY month, community_code
