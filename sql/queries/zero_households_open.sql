-- Outstanding zero-employment households in [from, to] (Date strings) whose community code
-- starts with the prefix ("" for all).
SELECT month, community_code, household_id, toUInt64(labour_force)
FROM agg_household_month FINAL
WHERE month >= toDate(?) AND month <= toDate(?)
  AND startsWith(community_code, ?)
  AND labour_force > 0 AND lf_employed = 0 AND deleted = 0
ORDER BY month, community_code, household_id
