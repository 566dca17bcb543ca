-- Records that a refresh has published everything it computed. Arg: its version.
INSERT INTO data_version (id, version, at) SELECT 0, ?, now()
