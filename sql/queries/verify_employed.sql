-- A community's ledger-employed people (status employed, not flexible) in the month.
-- Args: month, community.
SELECT id_number, name, household_id, toString(status)
FROM ledger FINAL
WHERE month = toDate(?) AND community_code = ? AND status = 'employed'
ORDER BY id_number
