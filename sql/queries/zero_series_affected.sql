-- The affected households (agg_households_affected) that are zero-employment in some month,
-- with their ledger months and whether they were zero-employment in each, as
-- zero_household_series gives for every such household. Arg: their communities.
SELECT community_code, household_id, groupArray(month), groupArray(zero)
FROM (
    SELECT month, community_code, household_id, toUInt8(labour_force > 0 AND lf_employed = 0) AS zero, deleted
    FROM agg_household_month FINAL
    WHERE community_code IN ?
      AND (community_code, household_id) IN (SELECT community_code, household_id FROM agg_households_affected)
)
WHERE deleted = 0
GROUP BY community_code, household_id
HAVING max(zero) = 1
