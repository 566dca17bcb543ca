package warehouse

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
)

// Schema says where fullemp's tables live: on one server (Cluster empty) or sharded and
// replicated over a ClickHouse cluster. The migrations are templates rendered with it, so
// one set of files serves both, as pirsch's `{{if .Cluster}} ON CLUSTER …{{end}}` does; on
// one server they render to exactly the statements they always were.
//
// On a cluster each table T of a migration is two tables: T_local, a Replicated…MergeTree
// on every node (ZooKeeper path /clickhouse/tables/{shard}/DATABASE/T_local, replica
// {replica}: the node's macros), and T, a Distributed table over T_local with the table's
// sharding key. Every query reads and writes T, so the queries are the same on both.
type Schema struct {
	// Cluster is the cluster's name in the servers' remote_servers; empty for one server.
	Cluster string
	// Database is fullemp's database (the same name on every node).
	Database string
	// keys holds the sharding key of each Distributed table rendered so far (Alter
	// recreates the table with it); MigrationsFor renders every file with one map.
	keys map[string]string
}

// On is the ON CLUSTER clause of a DDL statement: empty on one server.
func (sc Schema) On() string {
	if sc.Cluster == "" {
		return ""
	}
	return " ON CLUSTER " + sc.Cluster
}

// Table is T's name in DDL: T on one server; DATABASE.T on a cluster, since 18.16 runs an
// ON CLUSTER statement's unqualified names in each node's default database.
func (sc Schema) Table(table string) string {
	if sc.Cluster == "" {
		return table
	}
	return sc.Database + "." + table
}

// In renders a query's GLOBAL IN: on a cluster as written (the subquery reads a table of
// this node only, a staging table, and the shards get its set from here); on one server as
// plain IN, whose set 18.16 uses to find the granules by the primary key (it does not use a
// GLOBAL IN's set for that, and reads the month whole).
func (sc Schema) In(q string) string {
	if sc.Cluster != "" {
		return q
	}
	return plainIn.Replace(q)
}

var plainIn = strings.NewReplacer("GLOBAL NOT IN", "NOT IN", "GLOBAL IN", "IN")

// Local is the name in DDL of the table that holds T's rows on a node: T itself on one
// server, DATABASE.T_local on a cluster.
func (sc Schema) Local(table string) string {
	if sc.Cluster == "" {
		return table
	}
	return sc.Table(table + "_local")
}

// Engine is T's engine: engine itself on one server, its Replicated form on a cluster, e.g.
// ReplacingMergeTree(version) → ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/
// fullemp/ledger_local', '{replica}', version).
func (sc Schema) Engine(table, engine string) (string, error) {
	if sc.Cluster == "" {
		return engine, nil
	}
	name, args, _ := strings.Cut(engine, "(")
	args = strings.TrimSuffix(args, ")")
	if !strings.HasSuffix(name, "MergeTree") {
		return "", fmt.Errorf("engine %s of %s: only the MergeTree family replicates", engine, table)
	}
	zk := fmt.Sprintf("'/clickhouse/tables/{shard}/%s/%s_local', '{replica}'", sc.Database, table)
	if args != "" {
		zk += ", " + args
	}
	return "Replicated" + name + "(" + zk + ")", nil
}

// Distributed is the statement that creates T over T_local on a cluster, rows placed by
// shardingKey; nothing on one server (T is the table).
func (sc Schema) Distributed(table, shardingKey string) string {
	if sc.Cluster == "" {
		return ""
	}
	if sc.keys != nil {
		sc.keys[table] = shardingKey
	}
	return fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s%s AS %s ENGINE = Distributed(%s, %s, %s_local, %s);",
		sc.Table(table), sc.On(), sc.Local(table), sc.Cluster, sc.Database, table, shardingKey)
}

// Alter is the statement that applies an ALTER TABLE change to T on one server. On a
// cluster it alters T_local ON CLUSTER (a replicated ALTER, run once per shard) and then
// drops and creates T again over the new T_local: 18.16 refuses an ON CLUSTER ALTER of a
// table that is not replicated on a cluster whose shards replicate internally, and a
// Distributed table holds no rows (fullemp's inserts into it are synchronous), so
// creating it again loses nothing.
func (sc Schema) Alter(table, change string) (string, error) {
	if sc.Cluster == "" {
		return "ALTER TABLE " + table + " " + change + ";", nil
	}
	key, ok := sc.keys[table]
	if !ok {
		return "", fmt.Errorf("alter %s: no Distributed table of that name in an earlier statement", table)
	}
	return fmt.Sprintf("ALTER TABLE %s%s %s;\nDROP TABLE IF EXISTS %s%s;\n%s", sc.Local(table), sc.On(), change,
		sc.Table(table), sc.On(), sc.Distributed(table, key)), nil
}

// Render executes a migration template.
func (sc Schema) Render(name, text string) (string, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"on":          sc.On,
		"table":       sc.Table,
		"local":       sc.Local,
		"engine":      sc.Engine,
		"distributed": sc.Distributed,
		"alter":       sc.Alter,
	}).Parse(text)
	if err != nil {
		return "", fmt.Errorf("migration %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, sc); err != nil {
		return "", fmt.Errorf("migration %s: %w", name, err)
	}
	return b.String(), nil
}

// StagingLike is the statement that creates a private work table with table's columns, on
// the connected node only: a copy of table on one server; on a cluster a plain MergeTree of
// T_local's columns (a copy of T_local would join its ZooKeeper path as a replica, and a
// copy of T would be Distributed). Ingest stages a file's rows in one before publishing.
func (sc Schema) StagingLike(name, table string) string {
	if sc.Cluster == "" {
		return "CREATE TABLE " + name + " AS " + table
	}
	return "CREATE TABLE " + name + " AS " + sc.Local(table) + " ENGINE = MergeTree ORDER BY tuple()"
}
