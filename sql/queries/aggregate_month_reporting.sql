-- How many communities reported (have a ledger) in each month, oldest first: the
-- dashboards open on the latest month that enough of them reported.
SELECT month, toUInt64(count()) AS communities FROM agg_community_month FINAL WHERE deleted = 0 GROUP BY month ORDER BY month
