-- Records where a refresh is: id 1 when it starts publishing what readers see (the
-- communities, zero-employment households and events), id 0 once all of it is written.
-- Args: the id, the refresh's version.
INSERT INTO data_version (id, version, at) SELECT ?, ?, now()
