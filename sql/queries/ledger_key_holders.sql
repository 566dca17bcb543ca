-- The community holding each of the given ID numbers in the ledger of one month (a scoped
-- upload's check that its rows do not move people out of another area).
-- Arguments: month as 'YYYY-MM-DD' (first day), the ID numbers as an array of strings.
SELECT id_number, community_code
    FROM ledger FINAL
    WHERE month = toDate(?) AND has(?, id_number)
