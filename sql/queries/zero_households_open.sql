-- Outstanding zero-employment households in the given months of the given communities
-- (both clickhouse.GroupSet, so that the primary key index picks the granules).
SELECT month, community_code, household_id, toUInt64(labour_force)
FROM agg_household_month FINAL
WHERE month IN ? AND community_code IN ?
  AND labour_force > 0 AND lf_employed = 0 AND deleted = 0
ORDER BY month, community_code, household_id
