-- The zero-employment events as they stand, for the refresh to write only the difference.
SELECT month, community_code, household_id, toString(event)
FROM agg_zero_events FINAL
WHERE deleted = 0
