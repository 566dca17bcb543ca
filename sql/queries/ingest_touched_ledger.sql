-- The (month, community) pairs a ledger file's persons leave, read from the ledger before
-- its rows are published: the communities of the persons' latest rows of the month as the
-- ledger holds them now (a person who moved leaves one). Arg: the months to read (a
-- clickhouse.GroupSet of Date strings).
SELECT month, community_code FROM ledger FINAL WHERE month IN ? AND (month, id_number) GLOBAL IN (SELECT month, id_number FROM ingest_staging) GROUP BY month, community_code
