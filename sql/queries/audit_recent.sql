SELECT at, user, role, region, action, target, detail, remote
    FROM audit ORDER BY at DESC LIMIT ?
