SELECT community_code, toString(result) FROM spot_checks FINAL WHERE year = ?
