-- How many refreshes reserved below the given version (and above the second one, an hour
-- earlier) are still running: neither done nor withdrawn, with a heartbeat within the lease.
-- Args: the version, the lower bound, the lease in seconds.
SELECT count() FROM (SELECT token, max(toInt8(state)) AS st, max(at) AS last FROM version_reservations WHERE kind = 'refresh' AND version_to < ? AND version_to >= ? GROUP BY token) AS r WHERE st = 1 AND last >= now() - ?
