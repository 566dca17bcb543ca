-- Fills agg_refresh_persons with the persons who have a ledger row of the month, in any
-- version, in some of the communities (those a refresh of few pairs recomputes). Args: the
-- month, the communities.
INSERT INTO agg_refresh_persons (id_number)
SELECT DISTINCT id_number FROM ledger WHERE month = toDate(?) AND community_code IN ?
