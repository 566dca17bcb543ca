-- One published vintage's stored files. Args: region, period, lang, vintage.
SELECT content, html, markdown, xlsx, pdf
FROM bulletins
WHERE region = ? AND period = ? AND lang = ? AND vintage = ?
LIMIT 1
