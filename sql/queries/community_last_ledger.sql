-- Each community's latest month with a ledger (its aggregates; a month whose rows were all
-- replaced elsewhere is tombstoned and does not count).
SELECT community_code, max(month) AS last_month
FROM agg_community_month FINAL
WHERE deleted = 0
GROUP BY community_code
ORDER BY community_code
