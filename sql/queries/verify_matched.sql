-- A community's ledger-unemployed people who have a contribution record in the month
-- (matched 比中), with their employers. Args: month, community, month.
SELECT l.id_number, l.name, l.household_id, toString(l.status), c.employers
FROM (
    SELECT id_number, name, household_id, status
    FROM ledger FINAL
    WHERE month = toDate(?) AND community_code = ? AND status = 'unemployed'
) AS l
ALL INNER JOIN (
    SELECT id_number, groupUniqArray(if(employer_name = '', employer_code, employer_name)) AS employers
    FROM contributions FINAL
    WHERE month = toDate(?)
    GROUP BY id_number
) AS c USING id_number
ORDER BY l.id_number
