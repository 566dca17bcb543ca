-- What a running serve polls a few times a second to drop its cache: the version the latest
-- refresh published (any process's).
SELECT max(version) FROM data_version
