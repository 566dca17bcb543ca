package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestMigrateSaysWhatItApplied: on a new database `fullemp migrate` names every migration
// (opening the warehouse applies them, and the command reports those), and then none.
func TestMigrateSaysWhatItApplied(t *testing.T) {
	srv, err := warehouse.StartLocal(context.Background(), "clickhouse-server", t.TempDir(), whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	migs, err := warehouse.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	conn := []string{"--clickhouse", srv.Addr(), "--log-level", "error"}
	first := run(t, conn, "migrate")
	if !strings.Contains(first, fmt.Sprintf("(%d applied now)", len(migs))) || !strings.Contains(first, "applied "+migs[len(migs)-1].Name+"\n") {
		t.Errorf("first migrate of %d migrations said:\n%s", len(migs), first)
	}
	if again := run(t, conn, "migrate"); !strings.Contains(again, "(0 applied now)") || strings.Contains(again, "applied 0") {
		t.Errorf("second migrate said:\n%s", again)
	}
}
