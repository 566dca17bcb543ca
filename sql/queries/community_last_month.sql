-- Each community's latest month with a ledger (from the aggregates). No args.
SELECT community_code, max(month) FROM agg_community_month FINAL WHERE deleted = 0 GROUP BY community_code
