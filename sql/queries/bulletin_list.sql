-- Every published vintage, by area, newest period first.
SELECT region, period, lang, vintage, status, published_at, published_by
FROM bulletins
ORDER BY region, period DESC, lang, vintage DESC
