package chdbconn_test

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// node is any XML element with its children.
type node struct {
	XMLName  xml.Name
	Children []node `xml:",any"`
}

// TestLocalServerConfig checks the config that fullemp writes for its own
// clickhouse-server: the <clickhouse> root, 18.16 starting on it, every profile setting
// known to both engines, and every server key known to current ClickHouse.
func TestLocalServerConfig(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatalf("18.16 does not start on fullemp's config: %v", err)
	}
	defer srv.Stop()
	b, err := os.ReadFile(filepath.Join(dir, "clickhouse", "config.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var root node
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	if root.XMLName.Local != "clickhouse" {
		t.Errorf("config root is <%s>, want <clickhouse>", root.XMLName.Local)
	}
	cfg := whtest.Config(t)
	cfg.Addr = srv.Addr()
	old, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	cur := session.Conn("default")
	// Sections, and keys the server reads at start-up without listing them among its
	// server settings.
	structural := map[string]bool{"logger": true, "users": true, "profiles": true, "quotas": true,
		"listen_host": true, "tcp_port": true, "http_port": true}
	for _, n := range root.Children {
		key := n.XMLName.Local
		if key == "profiles" {
			for _, p := range n.Children {
				for _, s := range p.Children {
					for _, e := range []struct {
						name string
						q    func() (uint64, error)
					}{
						{"18.16", func() (uint64, error) { return count(ctx, old.Conn, s.XMLName.Local, "system.settings") }},
						{session.Version(), func() (uint64, error) { return count(ctx, cur, s.XMLName.Local, "system.settings") }},
					} {
						if n, err := e.q(); err != nil || n != 1 {
							t.Errorf("profile setting %s is not a setting of ClickHouse %s (%v)", s.XMLName.Local, e.name, err)
						}
					}
				}
			}
		}
		if structural[key] {
			continue
		}
		if n, err := count(ctx, cur, key, "system.server_settings"); err != nil || n != 1 {
			t.Errorf("server key <%s> is not a server setting of ClickHouse %s (%v)", key, session.Version(), err)
		}
	}
}

func count(ctx context.Context, conn driver.Conn, name, table string) (uint64, error) {
	var n uint64
	err := conn.QueryRow(ctx, "SELECT count() FROM "+table+" WHERE name = ?", name).Scan(&n)
	return n, err
}
