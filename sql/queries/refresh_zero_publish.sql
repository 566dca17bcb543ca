-- Writes the month's zero-employment households from the staging table. Arg: version.
INSERT INTO agg_zero_households (month, community_code, household_id, labour_force, deleted, version)
SELECT month, community_code, household_id, labour_force, 0, ?
FROM agg_household_month_staging
WHERE labour_force > 0 AND lf_employed = 0
