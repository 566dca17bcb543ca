-- The (month, community) pairs of a ledger file's own rows (its staging table).
SELECT month, community_code FROM ingest_staging GROUP BY month, community_code
