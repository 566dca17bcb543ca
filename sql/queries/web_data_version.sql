-- What a running serve polls a few times a second: the version the latest refresh (of any
-- process) published, and the version of the latest that began publishing. When the
-- first moves the cache is dropped; while the second is ahead a refresh is writing, and a
-- figure is not computed (it could mix a month before and after).
SELECT maxIf(version, id = 0), maxIf(version, id = 1) FROM data_version
