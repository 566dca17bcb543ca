SELECT name, toString(role), region, created_at, password_hash, uid, session_epoch, token_epoch
    FROM users FINAL WHERE name = ? AND deleted = 0
