-- Fills agg_community_month_staging from agg_household_month_staging (one month). Arg: the month.
INSERT INTO agg_community_month_staging (month, community_code, persons, households, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, zero_households)
SELECT month, community_code,
       sum(persons),
       count(),
       sum(labour_force),
       sum(lf_employed),
       sum(target_group),
       sum(tg_employed),
       sum(tg_ledger_employed),
       sum(tg_matched),
       sum(matched),
       sum(reg_unemployed),
       sum(age4050),
       sum(age4050_employed),
       sum(hard_to_employ),
       sum(hard_employed),
       sum(long_term),
       sum(graduate_target),
       sum(graduate_employed),
       sum(rural_target),
       sum(rural_employed),
       countIf(labour_force > 0 AND lf_employed = 0)
FROM agg_household_month_staging
WHERE month = toDate(?)
GROUP BY month, community_code
