-- Per-month aggregates that every figure reads (issue 3), kept by warehouse.Refresh for the
-- months an ingest run touched. A month is always recomputed whole from `ledger FINAL` and
-- `contributions FINAL` into staging tables (Memory copies of the *_staging templates below,
-- one pair per refresh so that two processes never share them), then
-- written to the aggregate tables with a new version; keys of the month that are gone (a
-- household or community without rows any more, e.g. after a person moved) get a deleted
-- row with that version. The aggregates are ReplacingMergeTree(version): read them with
-- FINAL and deleted = 0. (ALTER … REPLACE PARTITION was tried first: on 18.16 the replaced
-- parts come back as active after a server restart, doubling the counts.)
-- Counter columns (SPEC §3; "employed" = effectively employed: status employed or flexible,
-- or matched = status unemployed with a contribution record for the month):
--   persons ledger rows; labour_force; lf_employed; target_group; tg_employed;
--   tg_ledger_employed (status employed/flexible); tg_matched; matched (all ledger rows);
--   reg_unemployed (labour force, unemployed, not matched); age4050 (working age) and
--   age4050_employed; hard_to_employ (labour force) and hard_employed; long_term;
--   graduate_target/employed and rural_target/employed (within the target group).

-- One row per (month, household) with a ledger row. Zero-employment household:
-- labour_force > 0 and lf_employed = 0.
CREATE TABLE IF NOT EXISTS {{local "agg_household_month"}}{{on}} (
    month Date,
    community_code String,
    household_id String,
    persons UInt16,
    labour_force UInt16,
    lf_employed UInt16,
    target_group UInt16,
    tg_employed UInt16,
    tg_ledger_employed UInt16,
    tg_matched UInt16,
    matched UInt16,
    reg_unemployed UInt16,
    age4050 UInt16,
    age4050_employed UInt16,
    hard_to_employ UInt16,
    hard_employed UInt16,
    long_term UInt16,
    graduate_target UInt16,
    graduate_employed UInt16,
    rural_target UInt16,
    rural_employed UInt16,
    deleted UInt8,
    version UInt64
) ENGINE = {{engine "agg_household_month" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id);
{{distributed "agg_household_month" "cityHash64(community_code, household_id)"}}

CREATE TABLE IF NOT EXISTS {{table "agg_household_month_staging"}}{{on}} (
    month Date,
    community_code String,
    household_id String,
    persons UInt16,
    labour_force UInt16,
    lf_employed UInt16,
    target_group UInt16,
    tg_employed UInt16,
    tg_ledger_employed UInt16,
    tg_matched UInt16,
    matched UInt16,
    reg_unemployed UInt16,
    age4050 UInt16,
    age4050_employed UInt16,
    hard_to_employ UInt16,
    hard_employed UInt16,
    long_term UInt16,
    graduate_target UInt16,
    graduate_employed UInt16,
    rural_target UInt16,
    rural_employed UInt16
) ENGINE = Memory;

-- One row per (month, community) with a ledger for the month: the household rows summed.
CREATE TABLE IF NOT EXISTS {{local "agg_community_month"}}{{on}} (
    month Date,
    community_code String,
    persons UInt32,
    households UInt32,
    labour_force UInt32,
    lf_employed UInt32,
    target_group UInt32,
    tg_employed UInt32,
    tg_ledger_employed UInt32,
    tg_matched UInt32,
    matched UInt32,
    reg_unemployed UInt32,
    age4050 UInt32,
    age4050_employed UInt32,
    hard_to_employ UInt32,
    hard_employed UInt32,
    long_term UInt32,
    graduate_target UInt32,
    graduate_employed UInt32,
    rural_target UInt32,
    rural_employed UInt32,
    zero_households UInt32,
    deleted UInt8,
    version UInt64
) ENGINE = {{engine "agg_community_month" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code);
{{distributed "agg_community_month" "cityHash64(community_code)"}}

CREATE TABLE IF NOT EXISTS {{table "agg_community_month_staging"}}{{on}} (
    month Date,
    community_code String,
    persons UInt32,
    households UInt32,
    labour_force UInt32,
    lf_employed UInt32,
    target_group UInt32,
    tg_employed UInt32,
    tg_ledger_employed UInt32,
    tg_matched UInt32,
    matched UInt32,
    reg_unemployed UInt32,
    age4050 UInt32,
    age4050_employed UInt32,
    hard_to_employ UInt32,
    hard_employed UInt32,
    long_term UInt32,
    graduate_target UInt32,
    graduate_employed UInt32,
    rural_target UInt32,
    rural_employed UInt32,
    zero_households UInt32
) ENGINE = Memory;

-- The zero-employment households of each month (labour force ≥ 1, none effectively
-- employed): a small copy of those agg_household_month rows, so that the open households of
-- a quarter end or a region are read without scanning a month of households.
CREATE TABLE IF NOT EXISTS {{local "agg_zero_households"}}{{on}} (
    month Date,
    community_code String,
    household_id String,
    labour_force UInt16,
    deleted UInt8,
    version UInt64
) ENGINE = {{engine "agg_zero_households" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id);
{{distributed "agg_zero_households" "cityHash64(community_code, household_id)"}}

-- Zero-employment household events (SPEC §3): formed or eliminated in a month, against the
-- household's previous ledger month. Recomputed after every refresh from agg_household_month
-- and written as a difference (new events, deleted rows for events that are gone).
CREATE TABLE IF NOT EXISTS {{local "agg_zero_events"}}{{on}} (
    month Date,
    community_code String,
    household_id String,
    event Enum8('formed' = 1, 'eliminated' = 2),
    deleted UInt8,
    version UInt64
) ENGINE = {{engine "agg_zero_events" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id, event);
{{distributed "agg_zero_events" "cityHash64(community_code, household_id)"}}
