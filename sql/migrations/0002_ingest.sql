-- Ingest: ledger.birth_date holds the birth date as the number YYYYMMDD (e.g. 19580312).
-- A ClickHouse Date (18.16 and current) starts at 1970-01-01, so it cannot hold the birth
-- dates of most of the working-age population of 2007–2010; Date32 does not exist on 18.16.
-- Compare it as a number (birth_date <= 19591231) or read it with
-- toDate(toString(birth_date)) on dates from 1970 on. age (at the month's last day) and
-- male are stored too, so figures never need to parse it.
{{alter "ledger" "MODIFY COLUMN birth_date UInt32"}}
