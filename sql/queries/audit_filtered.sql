-- Audit events by user and action (empty: any) in [from, to), newest first.
SELECT at, user, role, region, action, target, detail, remote
    FROM audit
    WHERE (? = '' OR user = ?) AND (? = '' OR action = ?) AND at >= ? AND at < ?
    ORDER BY at DESC
    LIMIT ?
