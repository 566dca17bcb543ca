-- Login lockouts (account.Login): a user name or an address (kind) locked out after too
-- many failed logins, until `until`. A row is written when a lockout starts; a server
-- keeps its lockouts in memory and reads those still running at its first login, so a
-- restart does not lift them. Failed logins themselves are in the audit trail
-- (login_failed, login_throttled, login_locked).
CREATE TABLE IF NOT EXISTS {{local "login_lockouts"}}{{on}} (
    at DateTime,
    kind Enum8('user' = 1, 'address' = 2),
    subject String,
    until DateTime,
    failures UInt32
) ENGINE = {{engine "login_lockouts" "MergeTree"}}
PARTITION BY toYYYYMM(at)
ORDER BY (kind, subject, at);
{{distributed "login_lockouts" "cityHash64(subject)"}}
