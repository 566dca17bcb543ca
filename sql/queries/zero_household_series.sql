-- Every household that was ever zero-employment, with its ledger months and whether it was
-- zero-employment in each (labour force ≥ 1, none effectively employed).
SELECT community_code, household_id, groupArray(month), groupArray(toUInt8(labour_force > 0 AND lf_employed = 0))
FROM household_month
WHERE (community_code, household_id) IN (
    SELECT community_code, household_id FROM household_month
    WHERE labour_force > 0 AND lf_employed = 0
)
GROUP BY community_code, household_id
