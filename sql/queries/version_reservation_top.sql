-- The highest version reserved so far by any process (0 before any): a new reservation
-- starts above it. ingest_log's ranges count too (files ingested before reservations were
-- recorded).
SELECT max(v) FROM (SELECT max(version_to) AS v FROM version_reservations UNION ALL SELECT max(version_to) AS v FROM ingest_log)
