-- Records the households that the refreshed communities of one month held before this
-- refresh (agg_household_month) or hold after it (agg_household_month_staging): only their
-- zero-employment events are recomputed. Run before the month is published. Args: the
-- month, the communities.
INSERT INTO agg_households_affected (community_code, household_id)
SELECT community_code, household_id
FROM agg_household_month FINAL
WHERE month = toDate(?) AND community_code IN ? AND deleted = 0
UNION ALL
SELECT community_code, household_id
FROM agg_household_month_staging
