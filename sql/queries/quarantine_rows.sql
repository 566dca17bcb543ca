SELECT file_id, file_name, kind, source_row, column, value, reason, header, raw
    FROM quarantine FINAL
    WHERE (? = '' OR file_name = ?) AND (? = '' OR kind = ?)
    ORDER BY file_name, file_id, source_row
