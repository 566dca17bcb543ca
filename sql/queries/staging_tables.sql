-- The refreshes' own Memory tables (named after their refresh's version).
SELECT name FROM system.tables WHERE database = currentDatabase() AND match(name, '^agg_(household_month_staging|community_month_staging|households_affected|community_month_publish|zero_households_publish|refresh_persons)_[0-9]+$')
