-- ingest_touched_persons for a file of few rows beside the month's: the persons' own IN
-- runs first (PREWHERE, one column), so only their rows are read further, and a person's
-- latest row is argMax by version (what FINAL keeps, without merging the month's
-- granules). For a file of many rows the set costs more than it saves. Arg: the months (a
-- clickhouse.GroupSet of Date strings).
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
