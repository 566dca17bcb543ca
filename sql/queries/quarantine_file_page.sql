SELECT source_row, column, value, reason, raw, header, kind, problems
    FROM quarantine FINAL
    WHERE file_id = ?
    ORDER BY source_row
    LIMIT ?, ?
