-- ledger_persons: every (month, community, person) that the ledger has had a row for, in
-- any version, ordered by community, so that a refresh of a few communities finds their
-- persons in a key range (refresh_pairs_persons) where the ledger, ordered by person, reads
-- the month's community codes whole. It is a superset of where persons are now (a row
-- replaced by a later one elsewhere stays): the refresh reads each person's latest row from
-- the ledger and keeps those that lie in its communities. A materialized view writes it with
-- every insert into the ledger; on a cluster the view is on each node's local table, so a
-- person's rows stay on the ledger's shard.
CREATE TABLE IF NOT EXISTS {{local "ledger_persons"}}{{on}} (
    month Date,
    community_code String,
    id_number String
) ENGINE = {{engine "ledger_persons" "ReplacingMergeTree"}}
PARTITION BY toYYYYMM(month)
ORDER BY (month, community_code, id_number);
{{distributed "ledger_persons" "cityHash64(id_number)"}}

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local "ledger_persons_mv"}}{{on}} TO {{local "ledger_persons"}}
AS SELECT month, community_code, id_number FROM {{local "ledger"}};

-- The ledger rows loaded before this migration (an ingest that writes while it runs is
-- written twice: the same rows, which merges fold). On a cluster this runs once, through
-- the Distributed tables, which place each row on its person's shard.
INSERT INTO {{table "ledger_persons"}} (month, community_code, id_number)
SELECT month, community_code, id_number FROM {{table "ledger"}};
