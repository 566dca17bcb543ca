-- The (month, community) pairs a ledger file's persons leave, read from the ledger before
-- its rows are published: the communities of the persons' latest rows of the month as the
-- ledger holds them now (a person who moved leaves one). Arg: the months to read (a
-- clickhouse.GroupSet of Date strings).
-- ingest_touched_ledger for a file of few rows beside the month's: the persons' own IN runs
-- first (PREWHERE, one column), so only their rows are read further, and a person's latest
-- row is argMax by version (what FINAL keeps, without merging the month's granules). For a
-- file of many rows the set costs more than it saves.
SELECT month, c AS community_code
FROM (
    SELECT month, argMax(community_code, version) AS c
    FROM ledger
    WHERE month IN ?
      AND id_number GLOBAL IN (SELECT id_number FROM ingest_staging)
      AND (month, id_number) GLOBAL IN (SELECT month, id_number FROM ingest_staging)
    GROUP BY month, id_number
)
GROUP BY month, c
