-- Zero-employment events per month and community in [from, to] (Date strings).
SELECT month, community_code, countIf(event = 'formed'), countIf(event = 'eliminated')
FROM agg_zero_events FINAL
WHERE month >= toDate(?) AND month <= toDate(?) AND deleted = 0
GROUP BY month, community_code
