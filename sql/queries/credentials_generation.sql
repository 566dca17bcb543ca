SELECT (SELECT max(version) FROM users) + (SELECT max(version) FROM sessions WHERE revoked = 1) + (SELECT max(version) FROM api_tokens WHERE revoked = 1)
