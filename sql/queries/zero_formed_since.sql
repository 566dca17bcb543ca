SELECT community_code, household_id, max(month) FROM agg_zero_events FINAL WHERE event = 'formed' AND deleted = 0 AND month <= toDate(?) AND community_code IN ? GROUP BY community_code, household_id
