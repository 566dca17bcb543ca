-- The benchmark's raw path: the per-community counts of one month straight from the ledger
-- (FINAL) and the contributions, for communities whose code starts with the prefix; what
-- the aggregates answer without a scan. Args: long-term cutoff, month, prefix, month.
SELECT community_code, count(), sum(lf), sum(lf AND eff), sum(tg), sum(tg AND eff),
       sum(tg AND ledger_emp), sum(tg AND matched_p), sum(matched_p), sum(reg_unemp),
       sum(a4050), sum(hard), sum(long_term_p), sum(grad), sum(grad AND eff), sum(rural),
       sum(rural AND eff)
FROM (
    SELECT community_code,
           status IN ('employed', 'flexible') AS ledger_emp,
           status = 'unemployed' AND insured = 1 AS matched_p,
           ledger_emp OR matched_p AS eff,
           age >= 16 AND age < if(male = 1, 60, 55) AS wa,
           wa AND status != 'out_of_labor_force' AS lf,
           lf AND able = 1 AND willing = 1 AS tg,
           wa AND (if(male = 1, age >= 50, age >= 40)) AS a4050,
           lf AND hard_to_employ = 1 AS hard,
           lf AND status = 'unemployed' AND NOT eff AS reg_unemp,
           reg_unemp AND ifNull(unemployed_since, toDate('2100-01-01')) <= toDate(?) AS long_term_p,
           tg AND graduate = 1 AS grad,
           tg AND rural_labor = 1 AS rural
    FROM (
        SELECT id_number, community_code, status, able, willing, hard_to_employ,
               graduate, rural_labor, unemployed_since, male, age
        FROM ledger FINAL
        WHERE month = toDate(?) AND startsWith(community_code, ?)
    ) AS l ANY LEFT JOIN (
        SELECT DISTINCT id_number, toUInt8(1) AS insured
        FROM contributions FINAL
        WHERE month = toDate(?)
    ) AS r USING id_number
)
GROUP BY community_code
