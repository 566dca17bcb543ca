// Package sql embeds fullemp's SQL: numbered schema migrations and named read queries.
// Every statement runs on ClickHouse 18.16 (Debian's) and on current ClickHouse.
package sql

import (
	"embed"
	"fmt"
	"io/fs"
)

// Migrations holds migrations/NNNN_name.sql, applied in order and recorded in
// schema_migrations. Statements in a file are separated by a line ending in ";".
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Queries holds queries/NAME.sql: one read statement each, with ? placeholders.
//
//go:embed queries/*.sql
var Queries embed.FS

// Query returns the text of queries/name.sql; a missing name is a programming error, so
// packages read their queries once at start-up and fail fast.
func Query(name string) (string, error) {
	b, err := fs.ReadFile(Queries, "queries/"+name+".sql")
	if err != nil {
		return "", fmt.Errorf("sql query %s: %w", name, err)
	}
	return string(b), nil
}

// MustQuery is Query for package-level variables: it panics on a missing file.
func MustQuery(name string) string {
	q, err := Query(name)
	if err != nil {
		panic(err)
	}
	return q
}
