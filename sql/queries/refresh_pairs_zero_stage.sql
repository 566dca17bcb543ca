-- Adds the zero-employment households of one refreshed month to agg_zero_households_publish:
-- those of agg_household_month_staging (labour force ≥ 1, none effectively employed) with the
-- new version, and a deleted row for each zero-employment household of the refreshed
-- communities that is no longer one (or no longer there). Args: version, version, the month,
-- the communities.
-- The constants are materialize()d: on a cluster the branch read through a Distributed
-- table returns them as full columns, and 18.16 refuses a UNION ALL whose first branch has
-- them constant (code 171, "non constant in source stream but must be constant").
INSERT INTO agg_zero_households_publish (month, community_code, household_id, labour_force, deleted, version)
SELECT month, community_code, household_id, labour_force, materialize(toUInt8(0)), materialize(?)
FROM agg_household_month_staging
WHERE labour_force > 0 AND lf_employed = 0
UNION ALL
SELECT month, community_code, household_id, toUInt16(0), materialize(toUInt8(1)), materialize(?)
FROM agg_zero_households FINAL
WHERE month = toDate(?) AND community_code IN ? AND deleted = 0
  AND (community_code, household_id) GLOBAL NOT IN (
      SELECT community_code, household_id FROM agg_household_month_staging
      WHERE labour_force > 0 AND lf_employed = 0
  )
