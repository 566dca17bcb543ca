-- Accounts of the dashboards and the API: users bound to a role and a region, login
-- sessions, API tokens and the audit trail. Users, sessions and tokens are
-- ReplacingMergeTree(version): a change (a new password, a removal, a logout) is a new row
-- with a higher version, and reads take the latest with FINAL. Secrets are never stored:
-- passwords as bcrypt hashes, session ids and tokens as their SHA-256 (hex).

CREATE TABLE IF NOT EXISTS {{local "users"}}{{on}} (
    name String,
    role Enum8('city' = 1, 'district' = 2, 'street' = 3, 'community' = 4),
    region String,
    password_hash String,
    deleted UInt8,
    created_at DateTime,
    version UInt64
) ENGINE = {{engine "users" "ReplacingMergeTree(version)"}}
ORDER BY name;
{{distributed "users" "cityHash64(name)"}}

CREATE TABLE IF NOT EXISTS {{local "sessions"}}{{on}} (
    id_hash String,
    user String,
    created_at DateTime,
    expires_at DateTime,
    revoked UInt8,
    version UInt64
) ENGINE = {{engine "sessions" "ReplacingMergeTree(version)"}}
ORDER BY id_hash;
{{distributed "sessions" "cityHash64(id_hash)"}}

CREATE TABLE IF NOT EXISTS {{local "api_tokens"}}{{on}} (
    token_hash String,
    user String,
    label String,
    created_at DateTime,
    expires_at DateTime,
    revoked UInt8,
    version UInt64
) ENGINE = {{engine "api_tokens" "ReplacingMergeTree(version)"}}
ORDER BY token_hash;
{{distributed "api_tokens" "cityHash64(token_hash)"}}

-- One row per audited event: logins (ok or failed), person-level views (a community's
-- residents, its verification list), exports and uploads.
CREATE TABLE IF NOT EXISTS {{local "audit"}}{{on}} (
    at DateTime,
    user String,
    role String,
    region String,
    action String,
    target String,
    detail String,
    remote String
) ENGINE = {{engine "audit" "MergeTree"}}
PARTITION BY toYYYYMM(at)
ORDER BY (at, user);
{{distributed "audit" "rand()"}}
