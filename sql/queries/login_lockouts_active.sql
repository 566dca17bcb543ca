-- The lockouts still running at ? (a Unix time): each locked user name's or address's
-- latest end, with the failures that started it.
SELECT toString(kind) AS locked_by, subject, max(until) AS locked_until, argMax(failures, until) AS locked_after
    FROM login_lockouts
    WHERE until > toDateTime(?)
    GROUP BY kind, subject
    ORDER BY locked_by, subject
