-- Every draft of the release calendar, by area, newest period first.
SELECT region, period, lang, drafted_at, reason
FROM bulletin_drafts
ORDER BY region, period DESC, lang
