-- The months in [from, to] (Date strings) in which each of the given people has a
-- contribution record. Args: from, to, array of id numbers.
SELECT id_number, groupUniqArray(month)
FROM contributions FINAL
WHERE month >= toDate(?) AND month <= toDate(?) AND has(?, id_number)
GROUP BY id_number
