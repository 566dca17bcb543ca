-- The affected households (agg_households_affected) that are zero-employment in some month,
-- with their ledger months (sorted) and whether they were zero-employment in each, as
-- zero_household_series gives for every such household. Their series are read from
-- agg_household_series (ordered by household: the key finds their rows in a part a year,
-- where agg_household_month has a part a month), the latest version of each month taken with
-- argMax: what agg_household_month FINAL gives; but the refresh's last month is read from
-- its staging table (agg_household_month_staging), which the refresh publishes meanwhile:
-- its refreshed communities' rows as published are left out. GLOBAL on a cluster
-- (Schema.In): the affected households' table is on this node only. Args: their
-- communities, the last month, its refreshed communities.
SELECT community_code, household_id, arrayMap(x -> tupleElement(x, 1), s), arrayMap(x -> tupleElement(x, 2), s)
FROM (
    SELECT community_code, household_id, arraySort(groupArray((month, z))) AS s
    FROM (
        SELECT month, community_code, household_id, z
        FROM (
            SELECT month, community_code, household_id,
                   argMax(zero, version) AS z,
                   argMax(deleted, version) AS gone
            FROM agg_household_series
            PREWHERE community_code IN ?
            WHERE household_id GLOBAL IN (SELECT household_id FROM agg_households_affected)
              AND (community_code, household_id) GLOBAL IN (SELECT community_code, household_id FROM agg_households_affected)
            GROUP BY month, community_code, household_id
        )
        WHERE gone = 0 AND NOT (month = toDate(?) AND community_code IN ?)
        UNION ALL
        SELECT month, community_code, household_id, toUInt8(labour_force > 0 AND lf_employed = 0) AS z
        FROM agg_household_month_staging
        WHERE (community_code, household_id) IN (SELECT community_code, household_id FROM agg_households_affected)
    )
    GROUP BY community_code, household_id
    HAVING max(z) = 1
) AS h
