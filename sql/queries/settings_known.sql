-- Which of the given settings the server knows (fullemp pins those that change figures).
-- Args: array of setting names.
SELECT name FROM system.settings WHERE has(?, name) ORDER BY name
