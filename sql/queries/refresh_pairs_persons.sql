-- Fills agg_refresh_persons with the persons who have a ledger row of the month, in any
-- version, in some of the communities (those a refresh of few pairs recomputes), from
-- ledger_persons (ordered by community: a key range each). Args: the month, the communities.
INSERT INTO agg_refresh_persons (id_number)
SELECT DISTINCT id_number FROM ledger_persons WHERE month = toDate(?) AND community_code IN ?
