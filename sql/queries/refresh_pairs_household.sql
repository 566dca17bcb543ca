-- Fills agg_household_month_staging for some communities of one month (a refresh of what an
-- ingest touched), as refresh_household_month does for the whole month. A person counts
-- where their latest row of the month is: the persons with any row in the communities are
-- read FINAL (the primary key finds them), and those whose latest row lies elsewhere are
-- left out. Args: long-term cutoff, the month, the month, the communities, the communities,
-- the month (contributions), the month, the communities.
INSERT INTO agg_household_month_staging (month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed)
SELECT month, community_code, household_id,
       count(),
       sum(lf),
       sum(lf AND eff),
       sum(tg),
       sum(tg AND eff),
       sum(tg AND ledger_emp),
       sum(tg AND matched_p),
       sum(matched_p),
       sum(reg_unemp),
       sum(a4050),
       sum(a4050 AND eff),
       sum(hard),
       sum(hard AND eff),
       sum(long_term_p),
       sum(grad),
       sum(grad AND eff),
       sum(rural),
       sum(rural AND eff)
FROM (
    SELECT month, community_code, household_id,
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
        SELECT month, id_number, community_code, household_id, status, able, willing, hard_to_employ,
               graduate, rural_labor, unemployed_since, male, age
        FROM ledger FINAL
        WHERE month = toDate(?)
          AND id_number IN (SELECT id_number FROM ledger WHERE month = toDate(?) AND community_code IN ?)
          AND community_code IN ?
    ) AS l ANY LEFT JOIN (
        SELECT DISTINCT id_number, toUInt8(1) AS insured
        FROM contributions FINAL
        WHERE month = toDate(?)
          AND id_number IN (SELECT id_number FROM ledger WHERE month = toDate(?) AND community_code IN ?)
    ) AS r USING id_number
)
GROUP BY month, community_code, household_id
