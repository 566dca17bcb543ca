SELECT DISTINCT month FROM agg_community_month FINAL WHERE deleted = 0
