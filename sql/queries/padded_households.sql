-- The household IDs with leading zeros (00007) of the given communities in the months from
-- the first date to the second, as the refreshes computed them (agg_household_series:
-- agg_household_month's keys, every version, deleted ones too: every household the ledger
-- has had there; ordered by community and household a part a year, it finds a community's
-- months at once, where agg_household_month reads a part per month and the ledger, by
-- person, would read them all): ingest rejects a row whose household, as a spreadsheet left
-- it (7), equals one of them once its zeros are restored. Arguments: first and last month as
-- 'YYYY-MM-DD', the community codes (a clickhouse.GroupSet).
SELECT DISTINCT h.community_code, h.household_id
    FROM agg_household_series AS h
    WHERE h.month >= toDate(?) AND h.month <= toDate(?) AND h.community_code IN ? AND h.household_id LIKE '0%'
