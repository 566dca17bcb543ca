SELECT name, toString(role), region, created_at, password_hash
    FROM users FINAL WHERE name = ? AND deleted = 0
