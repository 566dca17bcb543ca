-- A file's finished ingest as ingest_log recorded it (its latest 'done' row): the first
-- report of a file sent again, and the spreadsheet row of its header.
-- Arguments: the file_id.
SELECT file_name, rows_read, rows_loaded, rows_replaced, rows_rejected, header_row, at
    FROM ingest_log
    WHERE file_id = ? AND status = 'done'
    ORDER BY version DESC
    LIMIT 1
