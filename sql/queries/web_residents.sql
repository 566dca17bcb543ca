SELECT id_number, name, household_id, toString(status), age, male,
       able, willing, hard_to_employ, graduate, rural_labor,
       assistance_card, training_wish, unemployed_since
FROM ledger FINAL
WHERE community_code = ? AND month = toDate(?)
ORDER BY household_id, id_number
