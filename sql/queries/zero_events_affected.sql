-- The zero-employment events of the affected households (agg_households_affected) as they
-- stand, for the refresh to write only the difference: the latest version of each event
-- taken with argMax (what FINAL gives, without merging every row of their communities in
-- every month). GLOBAL on a cluster (Schema.In): the affected households' table is on this
-- node only. Arg: their communities.
SELECT month, community_code, household_id, toString(event)
FROM (
    SELECT month, community_code, household_id, event, argMax(deleted, version) AS gone
    FROM agg_zero_events
    PREWHERE community_code IN ?
    WHERE (community_code, household_id) GLOBAL IN (SELECT community_code, household_id FROM agg_households_affected)
    GROUP BY month, community_code, household_id, event
)
WHERE gone = 0
