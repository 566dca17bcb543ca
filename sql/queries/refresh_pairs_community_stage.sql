-- Adds the community rows of one refreshed month to agg_community_month_publish (published
-- with the other months at the end of the refresh): those computed in
-- agg_community_month_staging with the new version, and a deleted row for each refreshed
-- community of the month that has no household left. Args: version, version, the month, the
-- communities.
-- The constants are materialize()d: on a cluster the branch read through a Distributed
-- table returns them as full columns, and 18.16 refuses a UNION ALL whose first branch has
-- them constant (code 171, "non constant in source stream but must be constant").
INSERT INTO agg_community_month_publish (month, community_code, persons, households, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, zero_households, deleted, version)
SELECT month, community_code, persons, households, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, zero_households, materialize(toUInt8(0)), materialize(?)
FROM agg_community_month_staging
UNION ALL
SELECT month, community_code, toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), toUInt32(0), materialize(toUInt8(1)), materialize(?)
FROM agg_community_month FINAL
WHERE month = toDate(?) AND community_code IN ? AND deleted = 0
  AND community_code GLOBAL NOT IN (SELECT community_code FROM agg_community_month_staging)
