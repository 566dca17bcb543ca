-- The values of the given settings as the connection's profile has them. Args: array of
-- setting names.
SELECT name, value FROM system.settings WHERE has(?, name) ORDER BY name
