SELECT id_number, toString(channel), requested_at, placed_at
FROM placements FINAL
WHERE community_code = ? AND placed_at >= toDateTime(?, 'Asia/Shanghai') AND placed_at < toDateTime(?, 'Asia/Shanghai')
ORDER BY placed_at
