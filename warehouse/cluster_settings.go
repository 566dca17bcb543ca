package warehouse

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ClusterSettings are pinned on every statement on a cluster.
//   - insert_distributed_sync = 1: an INSERT into a Distributed table returns once every
//     shard holds its rows (by default it queues them on the initiator and sends them
//     later, so the refresh that follows an ingest, and a re-run after a crash, would not
//     see them, and a crash could lose them).
//   - insert_deduplicate = 0: a replicated table would otherwise ignore a block whose
//     checksum ZooKeeper already holds. When a replica dies during an INSERT after
//     committing a block but before its twin fetched it, the re-run's identical block goes
//     to the twin and is ignored there, so the shard lacks those rows until the dead
//     replica is back, and the refresh of the re-run publishes figures without them (the
//     cluster test saw a month of a shard missing). Without it the twin takes the rows
//     again, as one server always does; a key's copies have the same version and FINAL
//     keeps one of them.
var ClusterSettings = clickhouse.Settings{"insert_distributed_sync": 1, "insert_deduplicate": 0}

// ClusterProfile are the settings the profile of fullemp's user must set on a cluster.
// They take strings, which clickhouse-go cannot send to an 18.16 server, so fullemp checks
// them instead (CheckClusterSettings):
//   - distributed_product_mode = 'global': an IN or JOIN subquery over a Distributed table
//     runs once, on the node fullemp talks to, and its result goes to every shard (the
//     default 'deny' refuses such queries; 'local' would read one shard's rows only);
//   - load_balancing = 'in_order': reads and writes go to the first live replica of each
//     shard, so a read sees the rows just written (with 'random' it could ask a replica
//     that has not fetched them yet, and a refresh would publish figures without them).
var ClusterProfile = map[string]string{"distributed_product_mode": "global", "load_balancing": "in_order"}

// CheckClusterSettings fails when conn's profile does not set ClusterProfile, or the server
// does not know cluster.
func CheckClusterSettings(ctx context.Context, conn driver.Conn, cluster string) error {
	for name, want := range ClusterProfile {
		var value string
		if err := conn.QueryRow(ctx, "SELECT value FROM system.settings WHERE name = ?", name).Scan(&value); err != nil {
			return fmt.Errorf("read the server's setting %s: %w", name, err)
		}
		if value != want {
			return fmt.Errorf("warehouse.cluster %s: the ClickHouse profile of fullemp's user sets %s = '%s'; a cluster needs '%s' (see the README's Warehouse section)", cluster, name, value, want)
		}
	}
	var hosts uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM system.clusters WHERE cluster = ?", cluster).Scan(&hosts); err != nil {
		return fmt.Errorf("read the server's clusters: %w", err)
	}
	if hosts == 0 {
		return fmt.Errorf("warehouse.cluster %s: the server has no such cluster in its remote_servers", cluster)
	}
	return nil
}
