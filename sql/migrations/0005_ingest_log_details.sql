-- Ingest: the per-file summary in ingest_log also keeps the header cells that named no
-- column of the kind (ignored, reported) and how long the file took, as on screen.
{{alter "ingest_log" "ADD COLUMN unknown_columns Array(String)"}}
{{alter "ingest_log" "ADD COLUMN seconds Float64"}}
