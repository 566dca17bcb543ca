-- The (month, community) pairs of the files that a refresh of a version above the given one
-- settled: a refresh covers them too when one of its files read its pairs after that version
-- was reserved.
SELECT month, community_code FROM refresh_pairs WHERE file_id IN (SELECT file_id FROM pending_refresh WHERE pending = 0 AND version > ?) GROUP BY month, community_code
