-- ingest_touched_persons for a file of few rows beside the month's: the persons' own IN
-- finds their rows (and its set, the granules that hold them), a person's latest row is
-- argMax by version (what FINAL keeps, without merging the month's granules), and only then
-- are the (month, person) pairs that the file does not have left out (a person of the file
-- in another of its months: checked on the grouped rows, it costs half what it costs on
-- every row read). For a file of many rows the set costs more than it saves. Arg: the months
-- (a clickhouse.GroupSet of Date strings).
SELECT month, c AS community_code
FROM (
    SELECT month, id_number, argMax(community_code, version) AS c
    FROM ledger
    WHERE month IN ?
      AND id_number GLOBAL IN (SELECT id_number FROM ingest_staging)
    GROUP BY month, id_number
    HAVING (month, id_number) GLOBAL IN (SELECT month, id_number FROM ingest_staging)
)
GROUP BY month, c
