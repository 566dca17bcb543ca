SELECT community_code, street_code FROM regions FINAL
