-- Template of a refresh's Memory table of persons (made AS it, one per refresh): the persons
-- with a ledger row of the month in the few communities a refresh recomputes, found once by
-- their communities so that every later read of theirs goes by the ledger's primary key.
CREATE TABLE IF NOT EXISTS {{table "agg_refresh_persons"}}{{on}} (
    id_number String
) ENGINE = Memory;
