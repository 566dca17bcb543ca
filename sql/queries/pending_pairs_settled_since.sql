-- The (month, community) pairs of the files whose refresh was settled at or after the given
-- time (the server's clock): a refresh covers them too when one of its files read its pairs
-- since then.
SELECT month, community_code FROM refresh_pairs WHERE file_id IN (SELECT file_id FROM pending_refresh WHERE pending = 0 AND at >= ?) GROUP BY month, community_code
