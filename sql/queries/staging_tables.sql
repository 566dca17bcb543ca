SELECT name FROM system.tables WHERE database = currentDatabase() AND match(name, '^agg_(household|community)_month_staging_[0-9]+$')
