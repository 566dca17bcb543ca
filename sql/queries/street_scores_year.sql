SELECT street_code, score FROM street_scores FINAL WHERE year = ?
