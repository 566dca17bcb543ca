-- Publishes the zero-employment households of every refreshed month in one INSERT.
INSERT INTO agg_zero_households (month, community_code, household_id, labour_force, deleted, version)
SELECT month, community_code, household_id, labour_force, deleted, version
FROM agg_zero_households_publish
