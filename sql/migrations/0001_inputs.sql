-- Each file is a template of warehouse.Schema (local, on, engine, distributed, alter): on one
-- server it renders to the plain statements; on a cluster each table T becomes a Replicated
-- table T_local on every node with a Distributed table T over it, sharded by the key given
-- (README, Warehouse: on a cluster), and every statement runs ON CLUSTER.
-- The six input kinds of SPEC §2, the quarantine of rejected rows and the ingest log.
-- Input tables are ReplacingMergeTree(version) ordered by the kind's key: a later row with
-- the same key replaces the earlier one, and reads see the latest with FINAL.
-- version = the file's base version (strictly increasing per ingested file) + row number.
-- file_id = the first 8 bytes of the file's SHA-256; source_row = 1-based data row number.

CREATE TABLE IF NOT EXISTS {{local "regions"}}{{on}} (
    district_code String,
    district_name String,
    district_group Enum8('main_urban' = 1, 'xiaoshan' = 2, 'yuhang' = 3, 'county' = 4),
    street_code String,
    street_name String,
    community_code String,
    community_name String,
    community_type Enum8('old' = 1, 'converted' = 2),
    assessed_from UInt16,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "regions" "ReplacingMergeTree(version)"}}
ORDER BY community_code;
{{distributed "regions" "cityHash64(community_code)"}}

CREATE TABLE IF NOT EXISTS {{local "ledger"}}{{on}} (
    month Date,
    id_number String,
    name String,
    community_code String,
    household_id String,
    status Enum8('employed' = 1, 'flexible' = 2, 'unemployed' = 3, 'out_of_labor_force' = 4),
    able UInt8,
    willing UInt8,
    hard_to_employ UInt8,
    assistance_card UInt8,
    graduate UInt8,
    rural_labor UInt8,
    unemployed_since Nullable(Date),
    training_wish UInt8,
    birth_date Date,
    male UInt8,
    age UInt8,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "ledger" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, id_number);
{{distributed "ledger" "cityHash64(id_number)"}}

CREATE TABLE IF NOT EXISTS {{local "contributions"}}{{on}} (
    month Date,
    id_number String,
    employer_code String,
    employer_name String,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "contributions" "ReplacingMergeTree(version)"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, id_number, employer_code);
{{distributed "contributions" "cityHash64(id_number)"}}

CREATE TABLE IF NOT EXISTS {{local "placements"}}{{on}} (
    id_number String,
    community_code String,
    channel Enum8('flexible' = 1, 'public_welfare' = 2, 'job_fair' = 3, 'order_training' = 4, 'one_on_one' = 5, 'education' = 6),
    requested_at Nullable(DateTime('Asia/Shanghai')),
    placed_at DateTime('Asia/Shanghai'),
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "placements" "ReplacingMergeTree(version)"}}
ORDER BY (id_number, placed_at);
{{distributed "placements" "cityHash64(id_number)"}}

CREATE TABLE IF NOT EXISTS {{local "street_scores"}}{{on}} (
    year UInt16,
    street_code String,
    score Float64,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "street_scores" "ReplacingMergeTree(version)"}}
ORDER BY (year, street_code);
{{distributed "street_scores" "cityHash64(street_code)"}}

CREATE TABLE IF NOT EXISTS {{local "spot_checks"}}{{on}} (
    year UInt16,
    community_code String,
    result Enum8('pass' = 1, 'fail' = 2),
    note String,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = {{engine "spot_checks" "ReplacingMergeTree(version)"}}
ORDER BY (year, community_code);
{{distributed "spot_checks" "cityHash64(community_code)"}}

-- A rejected row: one row per (file, data row); reason names every broken column.
-- raw holds the original cells as a JSON array of strings, in header order, so the row
-- can be written back out to be fixed and sent again. Re-ingesting a file rewrites its
-- rows here with the same key, so nothing is counted twice.
CREATE TABLE IF NOT EXISTS {{local "quarantine"}}{{on}} (
    file_id UInt64,
    file_name String,
    kind String,
    source_row UInt32,
    column String,
    value String,
    reason String,
    header String,
    raw String,
    at DateTime,
    version UInt64
) ENGINE = {{engine "quarantine" "ReplacingMergeTree(version)"}}
ORDER BY (file_id, source_row);
{{distributed "quarantine" "file_id"}}

-- One row per state change of a file's ingest: 'started', then 'done' or 'failed'.
-- The latest row of a file_id (argMax by at, version) is its state; 'done' means a later
-- ingest of the same content is skipped.
CREATE TABLE IF NOT EXISTS {{local "ingest_log"}}{{on}} (
    file_id UInt64,
    file_name String,
    kind String,
    format String,
    bytes UInt64,
    status Enum8('started' = 1, 'done' = 2, 'failed' = 3),
    rows_read UInt64,
    rows_loaded UInt64,
    rows_replaced UInt64,
    rows_rejected UInt64,
    error String,
    at DateTime,
    version UInt64
) ENGINE = {{engine "ingest_log" "MergeTree"}}
ORDER BY (file_id, version);
{{distributed "ingest_log" "file_id"}}
