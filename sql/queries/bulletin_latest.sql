-- The latest vintage of an area's bulletin for a period and language. Args: region, period,
-- lang.
SELECT vintage, ingest_version, content
FROM bulletins
WHERE region = ? AND period = ? AND lang = ?
ORDER BY vintage DESC
LIMIT 1
