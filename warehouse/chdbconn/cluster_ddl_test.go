package chdbconn_test

import (
	"context"
	"strings"
	"testing"

	"fullemp/warehouse"
)

// TestClusterDDLParses: every migration statement rendered for a cluster, and a cluster's
// ingest staging table, is parsed by current ClickHouse (26.7's engine, formatQuery). chDB
// cannot run Replicated or Distributed tables, but its parser says whether a current server
// would take the statements; 18.16 runs them in warehouse/clustertest.
func TestClusterDDLParses(t *testing.T) {
	sc := warehouse.Schema{Cluster: "fullemp_cluster", Database: "fullemp"}
	migs, err := warehouse.MigrationsFor(sc)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{sc.StagingLike("ingest_staging_1", "ledger")}
	for _, m := range migs {
		stmts = append(stmts, m.Statements...)
	}
	conn := session.Conn("default")
	var bad string
	if err := conn.QueryRow(context.Background(), "SELECT formatQuery(?)", "CREATE TABLE t ON CLUSTER c ENGINE = Distributed(").Scan(&bad); err == nil {
		t.Fatalf("control: formatQuery took a broken statement (%q): this test would prove nothing", bad)
	}
	parsed := 0
	for _, s := range stmts {
		var formatted string
		if err := conn.QueryRow(context.Background(), "SELECT formatQuery(?)", s).Scan(&formatted); err != nil {
			t.Errorf("ClickHouse %s does not parse %.300s: %v", session.Version(), s, err)
			continue
		}
		if strings.HasPrefix(s, "CREATE TABLE IF NOT EXISTS fullemp.") && !strings.Contains(formatted, "ON CLUSTER fullemp_cluster") {
			t.Errorf("the ON CLUSTER clause is lost in %.300s", formatted)
		}
		parsed++
	}
	t.Logf("%d cluster statements parsed by ClickHouse %s", parsed, session.Version())
}
