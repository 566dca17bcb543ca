-- Writes that cost what they change (issue 12).
--
-- refresh_pairs: the (month, community) pairs a file touched, recorded with its pending
-- refresh before its rows are published: a ledger file's own rows by their community, the
-- community a moved person left (the person's previous row for the month, read before
-- publishing), and for a contributions file the communities of the persons it names in that
-- month. A refresh recomputes only those pairs' aggregates. A file's pairs are never
-- removed (a re-run adds its own to its first attempt's); version is the mark's.
CREATE TABLE IF NOT EXISTS {{local "refresh_pairs"}}{{on}} (
    file_id UInt64,
    month Date,
    community_code String,
    version UInt64
) ENGINE = {{engine "refresh_pairs" "ReplacingMergeTree(version)"}}
ORDER BY (file_id, month, community_code);
{{distributed "refresh_pairs" "file_id"}}

-- pairs_after: the highest version reserved (version_reservations) just before the file's
-- pairs were read; 0 for a file recorded by whole months (before this migration). The
-- file's refresh also covers the pairs of every file whose refresh settled it with a higher
-- version (or that is still pending): one published in between may have moved a person the
-- file's pairs do not know about.
{{alter "pending_refresh" "ADD COLUMN pairs_after UInt64"}}

-- version_reservations: every range of versions handed out, to ingested files (row n of a
-- file has version_from + n) and to refreshes (one version each), by any process. A
-- reservation is written, then checked: it stands only if no other live reservation reaches
-- as high (otherwise it is withdrawn and tried again above), so two ranges never overlap and
-- a reservation made after another one stood is above it. A refresh waits for the refreshes
-- reserved below it that are still running (state 'reserved', with a heartbeat in `at`), so
-- refreshes of different processes run in the order of their versions.
CREATE TABLE IF NOT EXISTS {{local "version_reservations"}}{{on}} (
    token UInt64,
    kind String,
    file_id UInt64,
    version_from UInt64,
    version_to UInt64,
    state Enum8('reserved' = 1, 'withdrawn' = 2, 'done' = 3),
    at DateTime
) ENGINE = {{engine "version_reservations" "MergeTree"}}
ORDER BY (version_to, token);
{{distributed "version_reservations" "cityHash64(token)"}}

-- data_version: bumped by every refresh once it has published (the figures of a file are
-- then complete); a running serve polls max(version) a few times a second and drops its
-- cache when it moves.
CREATE TABLE IF NOT EXISTS {{local "data_version"}}{{on}} (
    id UInt8,
    version UInt64,
    at DateTime
) ENGINE = {{engine "data_version" "ReplacingMergeTree(version)"}}
ORDER BY id;
{{distributed "data_version" "id"}}

-- Templates of a refresh's own Memory tables (made AS these, one set per refresh): the
-- households that the refreshed pairs held before or hold after (their zero-employment
-- events are recomputed), and the community and zero-employment household rows computed
-- for every refreshed month, published together at the end.
CREATE TABLE IF NOT EXISTS {{table "agg_households_affected"}}{{on}} (
    community_code String,
    household_id String
) ENGINE = Memory;
