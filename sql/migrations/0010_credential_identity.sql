-- Credentials bound to the user's identity. A user gets a random uid when added (a user
-- removed and added again under the same name is a new uid), and two epochs: a password
-- change or `user revoke` sets a new session_epoch, `user revoke` a new token_epoch.
-- A session or token records the uid and epoch it was issued under and is dead when they
-- no longer match the user's.
{{alter "users" "ADD COLUMN uid String"}}
{{alter "users" "ADD COLUMN session_epoch UInt64"}}
{{alter "users" "ADD COLUMN token_epoch UInt64"}}
{{alter "sessions" "ADD COLUMN uid String"}}
{{alter "sessions" "ADD COLUMN epoch UInt64"}}
{{alter "api_tokens" "ADD COLUMN uid String"}}
{{alter "api_tokens" "ADD COLUMN epoch UInt64"}}
