-- Zero-employment events per month and community in [from, to] (Date strings).
SELECT month, community_code, countIf(event = 'formed'), countIf(event = 'eliminated')
FROM zero_events
WHERE month >= toDate(?) AND month <= toDate(?)
GROUP BY month, community_code
