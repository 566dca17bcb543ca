SELECT name, toString(role), region, created_at
    FROM users FINAL WHERE deleted = 0 ORDER BY name
