-- Drafts of the release calendar (bulletin.Calendar, `fullemp serve`): a row when an area's
-- bulletin for a period was drafted, because its release day came (reason 'due') or every
-- assessed community's ledger for its last month was in (reason 'complete'). A draft is
-- the city role's only (embargo) until a city user publishes it; its content is built from
-- the current data whenever it is read, so that what is reviewed is what 发布 freezes.
-- Written once per area, period and language (the drafter reads before it writes).
CREATE TABLE IF NOT EXISTS {{local "bulletin_drafts"}}{{on}} (
    region String,
    period String,
    lang String,
    drafted_at DateTime,
    reason String,
    ingest_version UInt64
) ENGINE = {{engine "bulletin_drafts" "MergeTree"}}
ORDER BY (region, period, lang);
{{distributed "bulletin_drafts" "cityHash64(region)"}}
