-- Outstanding zero-employment households in the given months (a clickhouse.GroupSet of
-- Date strings).
SELECT month, community_code, household_id, toUInt64(labour_force)
FROM agg_zero_households FINAL
WHERE month IN ? AND deleted = 0
ORDER BY month, community_code, household_id
