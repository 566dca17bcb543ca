-- Writes the households of the refreshed communities of one month in one INSERT (one part
-- for the month, so a reader sees the month before or after, never in between): the rows
-- computed in agg_household_month_staging with a new version, and a deleted row for each
-- household of those communities that the computation no longer has. Args: version,
-- version, the month, the communities.
-- The constants are materialize()d: on a cluster the branch read through a Distributed
-- table returns them as full columns, and 18.16 refuses a UNION ALL whose first branch has
-- them constant (code 171, "non constant in source stream but must be constant").
INSERT INTO agg_household_month (month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, deleted, version)
SELECT month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, materialize(toUInt8(0)), materialize(?)
FROM agg_household_month_staging
UNION ALL
SELECT month, community_code, household_id, toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), toUInt16(0), materialize(toUInt8(1)), materialize(?)
FROM agg_household_month FINAL
WHERE month = toDate(?) AND community_code IN ? AND deleted = 0
  AND (community_code, household_id) GLOBAL NOT IN (SELECT community_code, household_id FROM agg_household_month_staging)
