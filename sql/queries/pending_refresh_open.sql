-- Files whose months are recorded but not yet refreshed (the latest row per file has
-- pending = 1), with the months they touched and the version reserved before their pairs
-- were read (0: the file is recorded by whole months).
SELECT file_id, kind, months, after FROM (SELECT file_id, argMax(kind, version) AS kind, argMax(months, version) AS months, argMax(pairs_after, version) AS after, argMax(pending, version) AS p FROM pending_refresh GROUP BY file_id) AS f WHERE p = 1 ORDER BY file_id
