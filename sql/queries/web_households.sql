SELECT household_id, count() AS members, groupArray(name) AS names
FROM ledger FINAL
WHERE community_code = ? AND month = toDate(?)
GROUP BY household_id
ORDER BY household_id
