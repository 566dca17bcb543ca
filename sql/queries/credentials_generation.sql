-- A number that changes whenever a user, or a revoked session or token, is written: the
-- server polls it to drop its cached credentials. (A scalar subquery is Nullable on current
-- ClickHouse: ifNull keeps the type UInt64 on both versions.)
SELECT ifNull((SELECT max(version) FROM users), 0) + ifNull((SELECT max(version) FROM sessions WHERE revoked = 1), 0) + ifNull((SELECT max(version) FROM api_tokens WHERE revoked = 1), 0)
