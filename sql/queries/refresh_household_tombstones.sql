-- Marks deleted (with the new version) the keys of the month that the new computation in
-- agg_household_month_staging no longer has. Args: version, month.
INSERT INTO agg_household_month (month, community_code, household_id, deleted, version)
SELECT month, community_code, household_id, 1, ?
FROM agg_household_month FINAL
WHERE month = toDate(?) AND deleted = 0
  AND (community_code, household_id) GLOBAL NOT IN (SELECT community_code, household_id FROM agg_household_month_staging)
