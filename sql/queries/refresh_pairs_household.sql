-- Fills agg_household_month_staging for some communities of one month (a refresh of what an
-- ingest touched), as refresh_household_month does for the whole month. A person counts
-- where their latest row of the month is: the persons with any row in the communities
-- (agg_refresh_persons, refresh_pairs_persons) are read by the primary key, their latest
-- rows taken by argMax of version (what FINAL keeps, without merging every column of the
-- granules they share with the rest of the month), and those whose latest row lies
-- elsewhere are left out. A contribution row of the month, in any version, makes a person
-- insured (a set of those persons, not a join). GLOBAL on a cluster (Schema.In): the
-- persons' table is on this node only. Args: long-term cutoff, the month (contributions),
-- the month, the communities.
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
        SELECT month, id_number, c AS community_code, h AS household_id, s AS status, a AS able, w AS willing,
               hte AS hard_to_employ, g AS graduate, r AS rural_labor, u AS unemployed_since, m AS male, ag AS age,
               id_number IN (SELECT id_number FROM contributions
                             WHERE month = toDate(?) AND id_number GLOBAL IN (SELECT id_number FROM agg_refresh_persons)) AS insured
        FROM (
            SELECT month, id_number, argMax(community_code, version) AS c, argMax(household_id, version) AS h,
                   argMax(status, version) AS s, argMax(able, version) AS a, argMax(willing, version) AS w,
                   argMax(hard_to_employ, version) AS hte, argMax(graduate, version) AS g,
                   argMax(rural_labor, version) AS r, argMax(unemployed_since, version) AS u,
                   argMax(male, version) AS m, argMax(age, version) AS ag
            FROM ledger
            WHERE month = toDate(?)
              AND id_number GLOBAL IN (SELECT id_number FROM agg_refresh_persons)
            GROUP BY month, id_number
        )
        WHERE c IN ?
    )
)
GROUP BY month, community_code, household_id
