-- 0001_inputs.sql
CREATE TABLE IF NOT EXISTS regions (
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
) ENGINE = ReplacingMergeTree(version)
ORDER BY community_code;
CREATE TABLE IF NOT EXISTS ledger (
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
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, id_number);
CREATE TABLE IF NOT EXISTS contributions (
    month Date,
    id_number String,
    employer_code String,
    employer_name String,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, id_number, employer_code);
CREATE TABLE IF NOT EXISTS placements (
    id_number String,
    community_code String,
    channel Enum8('flexible' = 1, 'public_welfare' = 2, 'job_fair' = 3, 'order_training' = 4, 'one_on_one' = 5, 'education' = 6),
    requested_at Nullable(DateTime('Asia/Shanghai')),
    placed_at DateTime('Asia/Shanghai'),
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (id_number, placed_at);
CREATE TABLE IF NOT EXISTS street_scores (
    year UInt16,
    street_code String,
    score Float64,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (year, street_code);
CREATE TABLE IF NOT EXISTS spot_checks (
    year UInt16,
    community_code String,
    result Enum8('pass' = 1, 'fail' = 2),
    note String,
    file_id UInt64,
    source_row UInt32,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (year, community_code);
CREATE TABLE IF NOT EXISTS quarantine (
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
) ENGINE = ReplacingMergeTree(version)
ORDER BY (file_id, source_row);
CREATE TABLE IF NOT EXISTS ingest_log (
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
) ENGINE = MergeTree
ORDER BY (file_id, version);
-- 0002_ingest.sql
ALTER TABLE ledger MODIFY COLUMN birth_date UInt32;
-- 0003_aggregates.sql
CREATE TABLE IF NOT EXISTS agg_household_month (
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
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id);
CREATE TABLE IF NOT EXISTS agg_household_month_staging (
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
CREATE TABLE IF NOT EXISTS agg_community_month (
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
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code);
CREATE TABLE IF NOT EXISTS agg_community_month_staging (
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
CREATE TABLE IF NOT EXISTS agg_zero_households (
    month Date,
    community_code String,
    household_id String,
    labour_force UInt16,
    deleted UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id);
CREATE TABLE IF NOT EXISTS agg_zero_events (
    month Date,
    community_code String,
    household_id String,
    event Enum8('formed' = 1, 'eliminated' = 2),
    deleted UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, household_id, event);
-- 0004_accounts.sql
CREATE TABLE IF NOT EXISTS users (
    name String,
    role Enum8('city' = 1, 'district' = 2, 'street' = 3, 'community' = 4),
    region String,
    password_hash String,
    deleted UInt8,
    created_at DateTime,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY name;
CREATE TABLE IF NOT EXISTS sessions (
    id_hash String,
    user String,
    created_at DateTime,
    expires_at DateTime,
    revoked UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id_hash;
CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash String,
    user String,
    label String,
    created_at DateTime,
    expires_at DateTime,
    revoked UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY token_hash;
CREATE TABLE IF NOT EXISTS audit (
    at DateTime,
    user String,
    role String,
    region String,
    action String,
    target String,
    detail String,
    remote String
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, user);
-- 0005_ingest_log_details.sql
ALTER TABLE ingest_log ADD COLUMN unknown_columns Array(String);
ALTER TABLE ingest_log ADD COLUMN seconds Float64;
-- 0007_pending_refresh.sql
CREATE TABLE IF NOT EXISTS pending_refresh (
    file_id UInt64,
    kind String,
    months Array(Date),
    pending UInt8,
    at DateTime,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY file_id;
-- 0008_ingest_log_versions.sql
ALTER TABLE ingest_log ADD COLUMN version_from UInt64;
ALTER TABLE ingest_log ADD COLUMN version_to UInt64;
-- 0010_credential_identity.sql
ALTER TABLE users ADD COLUMN uid String;
ALTER TABLE users ADD COLUMN session_epoch UInt64;
ALTER TABLE users ADD COLUMN token_epoch UInt64;
ALTER TABLE sessions ADD COLUMN uid String;
ALTER TABLE sessions ADD COLUMN epoch UInt64;
ALTER TABLE api_tokens ADD COLUMN uid String;
ALTER TABLE api_tokens ADD COLUMN epoch UInt64;
-- 0011_login_lockouts.sql
CREATE TABLE IF NOT EXISTS login_lockouts (
    at DateTime,
    kind Enum8('user' = 1, 'address' = 2),
    subject String,
    until DateTime,
    failures UInt32
) ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (kind, subject, at);
-- 0016_bulletins.sql
CREATE TABLE IF NOT EXISTS bulletins (
    region String,
    period String,
    lang String,
    vintage UInt32,
    status String,
    published_at DateTime,
    published_by String,
    ingest_version UInt64,
    content String,
    html String,
    markdown String,
    xlsx String,
    pdf String
) ENGINE = MergeTree
ORDER BY (region, period, lang, vintage);
-- 0017_incremental_refresh.sql
CREATE TABLE IF NOT EXISTS refresh_pairs (
    file_id UInt64,
    month Date,
    community_code String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (file_id, month, community_code);
ALTER TABLE pending_refresh ADD COLUMN pairs_after UInt64;
CREATE TABLE IF NOT EXISTS version_reservations (
    token UInt64,
    kind String,
    file_id UInt64,
    version_from UInt64,
    version_to UInt64,
    state Enum8('reserved' = 1, 'withdrawn' = 2, 'done' = 3),
    at DateTime
) ENGINE = MergeTree
ORDER BY (version_to, token);
CREATE TABLE IF NOT EXISTS data_version (
    id UInt8,
    version UInt64,
    at DateTime
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;
CREATE TABLE IF NOT EXISTS agg_households_affected (
    community_code String,
    household_id String
) ENGINE = Memory;
-- 0020_upload_report.sql
ALTER TABLE quarantine ADD COLUMN problems String DEFAULT '';
ALTER TABLE ingest_log ADD COLUMN header_row UInt32 DEFAULT 1;
-- 0030_bulletin_drafts.sql
CREATE TABLE IF NOT EXISTS bulletin_drafts (
    region String,
    period String,
    lang String,
    drafted_at DateTime,
    reason String,
    ingest_version UInt64
) ENGINE = MergeTree
ORDER BY (region, period, lang);
-- 0040_refresh_persons.sql
CREATE TABLE IF NOT EXISTS agg_refresh_persons (
    id_number String
) ENGINE = Memory;
-- 0041_household_series.sql
CREATE TABLE IF NOT EXISTS agg_household_series (
    community_code String,
    household_id String,
    month Date,
    zero UInt8,
    deleted UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYear(month)
ORDER BY (community_code, household_id, month);
CREATE MATERIALIZED VIEW IF NOT EXISTS agg_household_series_mv TO agg_household_series
AS SELECT community_code, household_id, month, toUInt8(labour_force > 0 AND lf_employed = 0) AS zero, deleted, version
FROM agg_household_month;
INSERT INTO agg_household_series (community_code, household_id, month, zero, deleted, version)
SELECT community_code, household_id, month, toUInt8(labour_force > 0 AND lf_employed = 0), deleted, version
FROM agg_household_month;
-- 0042_ledger_persons.sql
CREATE TABLE IF NOT EXISTS ledger_persons (
    month Date,
    community_code String,
    id_number String
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, id_number);
CREATE MATERIALIZED VIEW IF NOT EXISTS ledger_persons_mv TO ledger_persons
AS SELECT month, community_code, id_number FROM ledger;
INSERT INTO ledger_persons (month, community_code, id_number)
SELECT month, community_code, id_number FROM ledger;
