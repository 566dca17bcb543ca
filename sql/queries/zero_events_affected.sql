-- The zero-employment events of the affected households (agg_households_affected) as they
-- stand, for the refresh to write only the difference. Arg: their communities.
SELECT month, community_code, household_id, toString(event)
FROM agg_zero_events FINAL
WHERE deleted = 0 AND community_code IN ?
  AND (community_code, household_id) GLOBAL IN (SELECT community_code, household_id FROM agg_households_affected)
