// Package ingest loads the six input kinds of SPEC §2 into the warehouse: exactly once,
// with every rule checked, and every broken row kept in quarantine with its reason.
//
// A file is read by a source (CSV in UTF-8, UTF-8 with BOM or GB18030; the first sheet of
// an XLSX; Parquet) that hands out chunks of rows; a pool of workers splits, validates and
// buffers them column by column and sends each buffer as a block of one INSERT per worker,
// which ClickHouse squashes into parts of about a million rows.
//
// Conventions:
//   - Row numbers (quarantine.source_row, Rejection.Row) count data rows from 1; the
//     header is not counted, so data row n is spreadsheet row n+1. A blank row keeps its
//     number but is not read.
//   - read = loaded + rejected for every file that finishes.
//   - file_id is the first 8 bytes of the content's SHA-256. A file whose latest
//     ingest_log state is 'done' is skipped. Row n is stored with version base+n, the base
//     above every version handed out before, so a later file and a later row win; a run
//     killed half-way is simply run again (ReplacingMergeTree keeps one copy per key, and
//     quarantine one per file row).
//   - Replaced counts the distinct keys of a file's loaded rows that rows of other files,
//     loaded before it, already held (counted in ClickHouse over the months it touched).
//   - Regions load first in a run; the other kinds are checked against regions FINAL.
package ingest
