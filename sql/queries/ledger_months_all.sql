SELECT DISTINCT month FROM ledger UNION ALL SELECT DISTINCT month FROM agg_community_month
