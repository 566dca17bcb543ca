-- agg_household_series: agg_household_month's keys and versions, with whether the household
-- was zero-employment in the month, ordered by household rather than by month, so that a
-- refresh of a few communities reads their households' series (every month, for their
-- zero-employment events) from one part a year, not from one part per month (and a year's
-- merges stay a year's size). A materialized view
-- writes it with every insert into agg_household_month (deleted rows too); the latest
-- version of a (community, household, month) is what agg_household_month FINAL holds. On a
-- cluster the view is on each node's local table, so a shard's series stay on its shard.
CREATE TABLE IF NOT EXISTS {{local "agg_household_series"}}{{on}} (
    community_code String,
    household_id String,
    month Date,
    zero UInt8,
    deleted UInt8,
    version UInt64
) ENGINE = {{engine "agg_household_series" "ReplacingMergeTree(version)"}}
PARTITION BY toYear(month)
ORDER BY (community_code, household_id, month);
{{distributed "agg_household_series" "cityHash64(community_code, household_id)"}}

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local "agg_household_series_mv"}}{{on}} TO {{local "agg_household_series"}}
AS SELECT community_code, household_id, month, toUInt8(labour_force > 0 AND lf_employed = 0) AS zero, deleted, version
FROM {{local "agg_household_month"}};

-- The households computed before this migration (a refresh that writes while it runs is
-- written twice: the same rows, which merges fold). On a cluster this runs once, through
-- the Distributed tables, which place each row on its household's shard.
INSERT INTO {{table "agg_household_series"}} (community_code, household_id, month, zero, deleted, version)
SELECT community_code, household_id, month, toUInt8(labour_force > 0 AND lf_employed = 0), deleted, version
FROM {{table "agg_household_month"}};
