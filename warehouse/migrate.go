package warehouse

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/sirupsen/logrus"

	fsql "fullemp/sql"
)

// Migration is one numbered schema file of sql/migrations.
type Migration struct {
	Version    uint32
	Name       string
	Statements []string
}

// Migrations reads the embedded migration files in order, rendered for one server.
func Migrations() ([]Migration, error) { return MigrationsFor(Schema{}) }

// MigrationsFor reads the embedded migration files in order, rendered for sc (one server
// or a cluster): the same files, numbers and names either way.
func MigrationsFor(sc Schema) ([]Migration, error) {
	sc.keys = map[string]string{}
	entries, err := fs.ReadDir(fsql.Migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil || path.Ext(name) != ".sql" {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", name)
		}
		text, err := fs.ReadFile(fsql.Migrations, "migrations/"+name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		rendered, err := sc.Render(name, string(text))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: uint32(v), Name: name, Statements: SplitStatements(rendered)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}

// SplitStatements splits a SQL file into statements at lines that end with ";", dropping
// "--" comment lines and empty statements.
func SplitStatements(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			stmt := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			if stmt != "" {
				out = append(out, stmt)
			}
			cur.Reset()
		}
	}
	if stmt := strings.TrimSpace(cur.String()); stmt != "" {
		out = append(out, stmt)
	}
	return out
}

// Migrate applies the migrations not yet recorded in schema_migrations; running it again
// is a no-op. It returns the versions it applied.
func (s *Store) Migrate(ctx context.Context) error {
	_, err := s.MigrateReport(ctx)
	return err
}

// MigrateReport is Migrate that also returns the names of the migrations it applied.
func (s *Store) MigrateReport(ctx context.Context) ([]string, error) {
	sc := s.Schema()
	migs, err := MigrationsFor(sc)
	if err != nil {
		return nil, err
	}
	if err := s.createMigrationsTable(ctx, sc); err != nil {
		return nil, err
	}
	done := map[uint32]bool{}
	rows, err := s.Conn.Query(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		done[v] = true
	}
	rows.Close()
	var applied []string
	for _, m := range migs {
		if done[m.Version] {
			continue
		}
		for i, stmt := range m.Statements {
			if err := s.Conn.Exec(ctx, stmt); err != nil {
				return applied, fmt.Errorf("migration %s statement %d: %w", m.Name, i+1, err)
			}
		}
		batch, err := s.Conn.PrepareBatch(ctx, "INSERT INTO schema_migrations (version, name)")
		if err != nil {
			return applied, fmt.Errorf("record migration %s: %w", m.Name, err)
		}
		if err := batch.Append(m.Version, m.Name); err != nil {
			batch.Abort()
			return applied, fmt.Errorf("record migration %s: %w", m.Name, err)
		}
		if err := batch.Send(); err != nil {
			return applied, fmt.Errorf("record migration %s: %w", m.Name, err)
		}
		s.Log.WithFields(logrus.Fields{"migration": m.Name, "statements": len(m.Statements)}).Info("applied migration")
		applied = append(applied, m.Name)
	}
	return applied, nil
}

// schemaMigrations is the history table's template, rendered like a migration.
const schemaMigrations = `CREATE TABLE IF NOT EXISTS {{local "schema_migrations"}}{{on}} (
	version UInt32, name String, applied_at DateTime DEFAULT now()
) ENGINE = {{engine "schema_migrations" "MergeTree"}} ORDER BY version;
{{distributed "schema_migrations" "version"}}`

// createMigrationsTable creates schema_migrations when the connected server lacks it. The
// check comes first because a cluster's ON CLUSTER DDL waits for every node: a migrated
// cluster with a node down still opens.
func (s *Store) createMigrationsTable(ctx context.Context, sc Schema) error {
	var exists uint8
	if err := s.Conn.QueryRow(ctx, "EXISTS TABLE schema_migrations").Scan(&exists); err != nil {
		return fmt.Errorf("look for schema_migrations: %w", err)
	}
	if exists == 1 {
		return nil
	}
	text, err := sc.Render("schema_migrations", schemaMigrations)
	if err != nil {
		return err
	}
	for _, stmt := range SplitStatements(text) {
		if err := s.Conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	return nil
}
