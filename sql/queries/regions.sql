-- Every community with its street and district, by community code. The ORDER BY is outside
-- the FINAL read: on ClickHouse 18.16 a Distributed table read with FINAL and without WHERE
-- fails with "Cannot find column version in source stream" once the query also sorts,
-- limits or is DISTINCT at that level (the shards' FINAL then lacks its sorting key and
-- version columns); the bare FINAL read that each shard runs here works on both engines.
SELECT district_code, district_name, toString(district_group), street_code, street_name,
       community_code, community_name, toString(community_type), assessed_from
FROM (
    SELECT district_code, district_name, district_group, street_code, street_name,
           community_code, community_name, community_type, assessed_from
    FROM regions FINAL
)
ORDER BY community_code
