-- The affected households (agg_households_affected) that are zero-employment in some month,
-- with their ledger months (sorted) and whether they were zero-employment in each, as
-- zero_household_series gives for every such household. Their rows are found by their
-- communities (PREWHERE, the key) and the latest version of each taken with argMax: what
-- FINAL gives, without merging every row of those communities. Arg: their communities.
SELECT community_code, household_id, arrayMap(x -> tupleElement(x, 1), s), arrayMap(x -> tupleElement(x, 2), s)
FROM (
    SELECT community_code, household_id, arraySort(groupArray((month, zero))) AS s
    FROM (
        SELECT month, community_code, household_id,
               argMax(toUInt8(labour_force > 0 AND lf_employed = 0), version) AS zero,
               argMax(deleted, version) AS gone
        FROM agg_household_month
        PREWHERE community_code IN ?
        WHERE (community_code, household_id) GLOBAL IN (SELECT community_code, household_id FROM agg_households_affected)
        GROUP BY month, community_code, household_id
    )
    WHERE gone = 0
    GROUP BY community_code, household_id
    HAVING max(zero) = 1
) AS h
