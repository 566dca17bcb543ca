-- The (month, community) pairs recorded for the given files (an array of file_id).
SELECT month, community_code FROM refresh_pairs WHERE has(?, file_id) GROUP BY month, community_code
