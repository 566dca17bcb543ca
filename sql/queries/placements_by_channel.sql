-- Placements per community and channel whose placed_at month lies in [from, to] (Date
-- strings), for communities whose code starts with the prefix: total, with requested_at,
-- and placed within 72 hours of the request.
SELECT community_code, toString(channel), count(),
       countIf(isNotNull(requested_at)),
       countIf(ifNull(toInt64(placed_at) - toInt64(requested_at) <= 259200, 0) = 1)
FROM placements FINAL
WHERE toDate(toStartOfMonth(placed_at)) >= toDate(?) AND toDate(toStartOfMonth(placed_at)) <= toDate(?)
  AND startsWith(community_code, ?)
GROUP BY community_code, channel
