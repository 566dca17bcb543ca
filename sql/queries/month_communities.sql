-- The communities a whole-month refresh covers: those with any ledger row in the month, and
-- those with figures for it now. Args: the month, the month.
SELECT DISTINCT community_code FROM ledger WHERE month = toDate(?) UNION ALL SELECT community_code FROM agg_community_month FINAL WHERE month = toDate(?) AND deleted = 0
