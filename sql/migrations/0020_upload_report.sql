-- The upload report: a rejected row's broken cells one by one, each reason in English and
-- in Chinese (JSON [{"column","value","en","zh"}], so a page shows its own language; ''
-- for rows quarantined before), and the spreadsheet row of a file's header (an XLSX may
-- have title rows above it: data row n is spreadsheet row header_row + n).
{{alter "quarantine" "ADD COLUMN problems String DEFAULT ''"}}
{{alter "ingest_log" "ADD COLUMN header_row UInt32 DEFAULT 1"}}
