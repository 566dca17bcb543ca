-- Every household that was ever zero-employment, with its ledger months and whether it was
-- zero-employment in each (labour force ≥ 1, none effectively employed).
SELECT community_code, household_id, groupArray(month), groupArray(zero)
FROM (
    SELECT month, community_code, household_id, toUInt8(labour_force > 0 AND lf_employed = 0) AS zero, deleted
    FROM agg_household_month FINAL
    WHERE (community_code, household_id) IN (
        SELECT community_code, household_id FROM agg_zero_households FINAL WHERE deleted = 0
    )
)
WHERE deleted = 0
GROUP BY community_code, household_id
