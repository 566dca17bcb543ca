SELECT count() FROM quarantine FINAL WHERE file_id = ?
