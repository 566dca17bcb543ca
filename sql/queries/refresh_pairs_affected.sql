-- Records the households whose zero-employment events the refresh of one month's
-- communities recomputes: those the communities held before this refresh
-- (agg_household_month) or hold after it (agg_household_month_staging) that are
-- zero-employment in some month before it (agg_zero_households: every household with an
-- event is one) or in this month after it; the households ever zero-employment are read
-- once, for both. Run before the month is published. Args: the month, the communities, the
-- communities.
INSERT INTO agg_households_affected (community_code, household_id)
SELECT community_code, household_id
FROM (
    SELECT community_code, household_id, materialize(toUInt8(0)) AS zero_now
    FROM agg_household_month FINAL
    WHERE month = toDate(?) AND community_code IN ? AND deleted = 0
    UNION ALL
    SELECT community_code, household_id, toUInt8(labour_force > 0 AND lf_employed = 0) AS zero_now
    FROM agg_household_month_staging
)
WHERE zero_now = 1
   OR (community_code, household_id) IN (SELECT community_code, household_id FROM agg_zero_households FINAL WHERE community_code IN ? AND deleted = 0)
