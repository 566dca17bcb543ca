-- The refreshes owed: months some file loaded rows for that no refresh has covered since.
SELECT file_id, month, version
FROM pending_refresh FINAL
WHERE cleared = 0
ORDER BY month, file_id
