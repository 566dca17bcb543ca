-- The (month, community) pairs a contributions file touches, read before its rows are
-- published: the communities where the persons it names have their latest ledger row of that
-- month. Arg: the file's months (a clickhouse.GroupSet of Date strings).
SELECT month, community_code FROM ledger FINAL WHERE month IN ? AND (month, id_number) GLOBAL IN (SELECT month, id_number FROM ingest_staging) GROUP BY month, community_code
