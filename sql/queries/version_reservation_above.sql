-- How many reservations other than the given one (by its token) reach the given version or
-- higher and were not withdrawn: a reservation stands only when there is none. Args: the
-- reservation's first version, its token.
SELECT count() FROM (SELECT token, max(toInt8(state)) AS st FROM version_reservations WHERE version_to >= ? GROUP BY token) AS r WHERE token != ? AND st != 2
