-- The aggregates of every community for the months in [from, to] (Date strings), with the
-- zero-employment households formed and eliminated in each. Args: from, to, from, to.
SELECT month, community_code,
       toUInt64(persons), toUInt64(households), toUInt64(labour_force), toUInt64(lf_employed),
       toUInt64(target_group), toUInt64(tg_employed), toUInt64(tg_ledger_employed),
       toUInt64(tg_matched), toUInt64(matched), toUInt64(reg_unemployed), toUInt64(age4050),
       toUInt64(age4050_employed), toUInt64(hard_to_employ), toUInt64(hard_employed),
       toUInt64(long_term), toUInt64(graduate_target), toUInt64(graduate_employed),
       toUInt64(rural_target), toUInt64(rural_employed), toUInt64(zero_households),
       toUInt64(formed), toUInt64(eliminated)
FROM (
    SELECT *
    FROM agg_community_month FINAL
    WHERE month >= toDate(?) AND month <= toDate(?) AND deleted = 0
) AS c ANY LEFT JOIN (
    SELECT month, community_code, countIf(event = 'formed') AS formed, countIf(event = 'eliminated') AS eliminated
    FROM agg_zero_events FINAL
    WHERE month >= toDate(?) AND month <= toDate(?) AND deleted = 0
    GROUP BY month, community_code
) AS z USING (month, community_code)
