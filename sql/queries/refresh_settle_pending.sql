-- Settles the pending refreshes of the given files (an array of file_id) with the version of
-- the refresh that published them. Args: the files, the refresh's version.
INSERT INTO pending_refresh (file_id, kind, months, pending, at, version) SELECT arrayJoin(?) AS f, '', emptyArrayDate(), 0, now(), ?
