-- Marks deleted (with the new version) the month's zero-employment households that are not
-- zero-employment (or not there) in the new computation. Args: version, month.
INSERT INTO agg_zero_households (month, community_code, household_id, deleted, version)
SELECT month, community_code, household_id, 1, ?
FROM agg_zero_households FINAL
WHERE month = toDate(?) AND deleted = 0
  AND (community_code, household_id) GLOBAL NOT IN (
      SELECT community_code, household_id FROM agg_household_month_staging
      WHERE labour_force > 0 AND lf_employed = 0
  )
