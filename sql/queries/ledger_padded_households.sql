-- The household IDs with leading zeros (00007) of the given communities in the ledger
-- months from the first date to the second: ingest rejects a row whose household, as a
-- spreadsheet left it (7), equals one of them once its zeros are restored.
-- Arguments: first and last month as 'YYYY-MM-DD', the community codes as an array.
SELECT DISTINCT l.community_code, l.household_id
    FROM ledger AS l
    WHERE l.month >= toDate(?) AND l.month <= toDate(?) AND has(?, l.community_code) AND l.household_id LIKE '0%'
