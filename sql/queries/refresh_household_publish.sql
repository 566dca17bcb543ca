-- Writes the month computed in agg_household_month_staging with a new version. Arg: version.
INSERT INTO agg_household_month (month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, deleted, version)
SELECT month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, 0, ?
FROM agg_household_month_staging
