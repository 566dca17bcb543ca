-- Published statistical bulletins: every vintage of an area's period with its content (the
-- typed value as JSON, every number with its source) and its rendered files, written once
-- and never changed, whatever is ingested later. ingest_version is the newest ingest_log
-- version at publication, so a later vintage can name the files ingested since.
CREATE TABLE IF NOT EXISTS {{local "bulletins"}}{{on}} (
    region String,
    period String,
    lang String,
    vintage UInt32,
    status String,
    published_at DateTime,
    published_by String,
    ingest_version UInt64,
    content String,
    html String,
    markdown String,
    xlsx String,
    pdf String
) ENGINE = {{engine "bulletins" "MergeTree"}}
ORDER BY (region, period, lang, vintage);
{{distributed "bulletins" "cityHash64(region)"}}
