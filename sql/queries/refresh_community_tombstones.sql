-- Marks deleted (with the new version) the keys of the month that the new computation in
-- agg_community_month_staging no longer has. Args: version, month.
INSERT INTO agg_community_month (month, community_code, deleted, version)
SELECT month, community_code, 1, ?
FROM agg_community_month FINAL
WHERE month = toDate(?) AND deleted = 0
  AND community_code GLOBAL NOT IN (SELECT community_code FROM agg_community_month_staging)
