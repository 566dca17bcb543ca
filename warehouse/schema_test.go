package warehouse_test

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fullemp/warehouse"
)

// TestSingleServerSchemaUnchanged: the migration templates, rendered for one server, are
// statement for statement the migrations as they were before the cluster template
// (testdata/single_server_schema.sql, split from main's files), so an existing single server
// that applied them has exactly this schema and its history stays valid.
func TestSingleServerSchemaUnchanged(t *testing.T) {
	want, err := os.ReadFile("testdata/single_server_schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	migs, err := warehouse.MigrationsFor(warehouse.Schema{Database: "fullemp"})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range migs {
		b.WriteString("-- " + m.Name + "\n")
		for _, s := range m.Statements {
			b.WriteString(s + ";\n")
		}
	}
	if got := b.String(); got != string(want) {
		t.Errorf("single-server schema changed:\n%s", firstDiff(got, string(want)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + x + "\n want " + y
		}
	}
	return ""
}

var (
	createRe = regexp.MustCompile(`^CREATE TABLE IF NOT EXISTS (?:db1\.)?(\w+)( ON CLUSTER (\w+))? `)
	engineRe = regexp.MustCompile(`ENGINE = (\w+)`)
	distRe   = regexp.MustCompile(`^CREATE TABLE IF NOT EXISTS db1\.(\w+) ON CLUSTER c1 AS db1\.(\w+) ENGINE = Distributed\(c1, db1, (\w+), (.+)\)$`)
)

// TestClusterSchema: rendered for a cluster, every statement runs ON CLUSTER (but a
// backfill, INSERT … SELECT, which runs once through the Distributed tables); every
// MergeTree table of the single-server schema is a Replicated table T_local with a
// ZooKeeper path of its own under {shard} and the {replica} macro, with a Distributed T over
// it; Memory tables stay Memory on every node; every ALTER reaches T_local, and T is
// created again over it.
func TestClusterSchema(t *testing.T) {
	single, err := warehouse.MigrationsFor(warehouse.Schema{Database: "db1"})
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := warehouse.MigrationsFor(warehouse.Schema{Cluster: "c1", Database: "db1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(single) != len(cluster) {
		t.Fatalf("%d migrations for one server, %d for a cluster", len(single), len(cluster))
	}
	engines := map[string]string{} // single-server table → engine
	alters := map[string]int{}
	for _, m := range single {
		for _, s := range m.Statements {
			if c := createRe.FindStringSubmatch(s); c != nil {
				engines[c[1]] = engineRe.FindStringSubmatch(s)[1]
			} else if strings.HasPrefix(s, "ALTER TABLE ") {
				alters[s]++
			}
		}
	}
	local, dist := map[string]string{}, map[string]string{}
	paths := map[string]bool{}
	dropped := map[string]bool{} // T_local altered, T not yet dropped
	for i, m := range cluster {
		if single[i].Name != m.Name || single[i].Version != m.Version {
			t.Errorf("migration %d is %s on a cluster, %s on one server", i, m.Name, single[i].Name)
		}
		for _, s := range m.Statements {
			if !strings.Contains(s+" ", " ON CLUSTER c1 ") && !strings.HasPrefix(s, "INSERT INTO db1.") {
				t.Errorf("%s: a statement without ON CLUSTER c1: %.80s", m.Name, s)
			}
			if d := distRe.FindStringSubmatch(s); d != nil {
				if d[2] != d[1]+"_local" || d[3] != d[2] {
					t.Errorf("%s: Distributed %s over %s/%s, want %s_local", m.Name, d[1], d[2], d[3], d[1])
				}
				dist[d[1]] = d[4]
				continue
			}
			if c := createRe.FindStringSubmatch(s); c != nil {
				local[c[1]] = s
				if p := regexp.MustCompile(`'(/clickhouse/tables/\{shard\}/db1/\w+)', '\{replica\}'`).FindStringSubmatch(s); p != nil {
					if paths[p[1]] {
						t.Errorf("%s: ZooKeeper path %s used twice", m.Name, p[1])
					}
					paths[p[1]] = true
				}
				continue
			}
			if a, ok := strings.CutPrefix(s, "ALTER TABLE "); ok {
				name, change, _ := strings.Cut(a, " ON CLUSTER c1 ")
				table := strings.TrimSuffix(strings.TrimPrefix(name, "db1."), "_local")
				if name != "db1."+table+"_local" {
					t.Errorf("%s: %s alters %s, want only T_local (T is created again)", m.Name, s, name)
				}
				alters["ALTER TABLE "+table+" "+change]--
				dropped[table] = true
				continue
			}
			if d, ok := strings.CutPrefix(s, "DROP TABLE IF EXISTS db1."); ok {
				table, _, _ := strings.Cut(d, " ")
				if !dropped[table] {
					t.Errorf("%s: %s drops a table it did not alter", m.Name, s)
				}
				delete(dropped, table)
				delete(dist, table) // the next statement must create it again
				continue
			}
		}
	}
	for table, engine := range engines {
		if engine == "Memory" {
			if s := local[table]; !strings.HasSuffix(s, "ENGINE = Memory") {
				t.Errorf("%s: want a Memory table on every node, got %.200s", table, s)
			}
			continue
		}
		s, ok := local[table+"_local"]
		if !ok {
			t.Errorf("%s: no %s_local on the cluster", table, table)
			continue
		}
		if !strings.Contains(s, "ENGINE = Replicated"+engine+"('/clickhouse/tables/{shard}/db1/"+table+"_local', '{replica}'") {
			t.Errorf("%s_local: want Replicated%s with its own path, got %s", table, engine, s)
		}
		if dist[table] == "" {
			t.Errorf("%s: no Distributed table over %s_local", table, table)
		}
	}
	for table := range dropped {
		t.Errorf("%s_local altered but %s not created again over it", table, table)
	}
	for a, n := range alters {
		if n != 0 {
			t.Errorf("%s: %d times on one server, %d on T_local on the cluster", a, n+1, 1)
		}
	}
}

// On a cluster the partitions are read from every node's system.parts for T_local in the
// store's database, named: currentDatabase() on the other nodes is their default database.
func TestPartitionsQueryOnACluster(t *testing.T) {
	q, args := warehouse.PartitionsQuery("", "db", "contributions")
	if !strings.Contains(q, "FROM system.parts") || !strings.Contains(q, "currentDatabase()") || fmt.Sprint(args) != "[contributions]" {
		t.Errorf("one server: %s %v", q, args)
	}
	q, args = warehouse.PartitionsQuery("c", "db", "contributions")
	if !strings.Contains(q, "FROM cluster(c, system.parts)") || strings.Contains(q, "currentDatabase()") ||
		!strings.Contains(q, "database = ?") || fmt.Sprint(args) != "[db contributions_local]" {
		t.Errorf("cluster: %s %v", q, args)
	}
}
