-- The (month, community) pairs a ledger file touches, read from its staging table and the
-- ledger before its rows are published: the communities of its own rows, and those of the
-- persons' latest rows of the month as the ledger holds them now (a person who moved leaves
-- a community). Arg: the file's months (a clickhouse.GroupSet of Date strings).
SELECT month, community_code FROM ingest_staging GROUP BY month, community_code UNION ALL SELECT month, community_code FROM ledger FINAL WHERE month IN ? AND (month, id_number) IN (SELECT month, id_number FROM ingest_staging) GROUP BY month, community_code
