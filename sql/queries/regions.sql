SELECT district_code, district_name, toString(district_group), street_code, street_name,
       community_code, community_name, toString(community_type), assessed_from
FROM regions FINAL
ORDER BY community_code
