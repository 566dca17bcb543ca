package chdbconn_test

// The named queries of sql/queries, each run on both engines with real arguments of the
// crafted city, and their answers rendered for comparison.

import (
	"context"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	fsql "fullemp/sql"
)

// queryArgs are the arguments each named query of sql/queries runs with in the test: real
// values of the crafted city. A query file missing here fails the test.
func queryArgs() map[string][]any {
	ids := []string{pMatched, pEmployed, pHard}
	pair := clickhouse.GroupSet{Value: []any{c1, c2}}
	all := clickhouse.GroupSet{Value: []any{c1, c2, c3, c4, c5}}
	months := clickhouse.GroupSet{Value: []any{"2008-05-01", "2008-12-01"}}
	return map[string][]any{
		"aggregate_months":                nil,
		"aggregate_month_reporting":       nil,
		"bulletin_latest":                 {"3301", "2008-12", "zh"},
		"bulletin_file":                   {"3301", "2008-12", "zh", uint32(1)},
		"bulletin_list":                   nil,
		"bulletin_drafts":                 nil,
		"bulletin_files_since":            {uint64(0)},
		"ingest_version_max":              nil,
		"ingest_version_range":            {uint64(0)},
		"ingest_replaced_recorded":        {uint64(0)},
		"pending_refresh_open":            nil,
		"aggregate_partitions":            {"agg_community_month"},
		"audit_recent":                    {10},
		"audit_filtered":                  {"", "", "", "", time.Unix(0, 0).UTC(), time.Date(2105, 1, 1, 0, 0, 0, 0, time.UTC), 10},
		"community_months":                {"2008-01-01", "2008-12-01", "2008-01-01", "2008-12-01"},
		"ingest_last_status":              {uint64(0)},
		"ingest_done_report":              {uint64(0)},
		"ingest_last_done":                nil,
		"community_last_ledger":           nil,
		"ledger_months_all":               nil,
		"ledger_key_holders":              {"2008-12-01", []string{pEmployed, pMatched, pHard}},
		"padded_households":               {"2008-01-01", "2008-12-01", clickhouse.GroupSet{Value: []any{c1, c2}}},
		"session_lookup":                  {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		"token_lookup":                    {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		"credentials_generation":          nil,
		"login_lockouts_active":           {uint32(0)},
		"placements_by_channel":           {"2008-01-01", "2008-12-01", "3301"},
		"quarantine_rows":                 {"", "", "", ""},
		"quarantine_file_count":           {uint64(0)},
		"quarantine_file_page":            {uint64(0), uint64(0), uint64(50)},
		"raw_community_month":             {"2007-12-31", "2008-12-01", "3301", "2008-12-01"},
		"region_codes":                    nil,
		"regions":                         nil,
		"server_version":                  nil,
		"ping":                            nil,
		"settings_known":                  {[]string{"join_use_nulls", "max_threads", "no_such_setting"}},
		"settings_values":                 {[]string{"join_use_nulls", "read_overflow_mode", "no_such_setting"}},
		"spot_checks_year":                {2008},
		"staging_tables":                  nil,
		"street_scores_year":              {2008},
		"users_list":                      nil,
		"users_with_hash":                 {"qingbo"},
		"verify_contribution_months":      {"2008-01-01", "2008-12-01", ids},
		"verify_employed":                 {"2008-12-01", c2},
		"verify_matched":                  {"2008-12-01", c1, "2008-12-01"},
		"web_data_version":                nil,
		"web_households":                  {c1, "2008-03-01"},
		"web_placements":                  {c1, "2008-01-01 00:00:00", "2009-01-01 00:00:00"},
		"web_residents":                   {c2, "2008-12-01"},
		"zero_events_current":             nil,
		"zero_formed_since":               {"2008-12-01", clickhouse.GroupSet{Value: []any{c1, c4, c5}}},
		"zero_households_open":            {clickhouse.GroupSet{Value: []any{"2008-03-01", "2008-11-01", "2008-12-01"}}},
		"zero_household_series":           nil,
		"refresh_household_month":         {"2007-12-31", "2008-12-01", "2008-12-01"},
		"refresh_community_month":         {"2008-12-01"},
		"refresh_household_publish":       {uint64(1), uint64(1), "2008-12-01"},
		"refresh_community_publish":       {uint64(1), uint64(1), "2008-12-01"},
		"refresh_zero_publish":            {uint64(1), uint64(1), "2008-12-01"},
		"refresh_pairs_persons":           {"2008-12-01", pair},
		"refresh_pairs_household":         {"2007-12-31", "2008-12-01", "2008-12-01", pair},
		"refresh_pairs_household_many":    {"2007-12-31", "2008-12-01", pair, "2008-12-01"},
		"refresh_pairs_affected":          {"2008-12-01", pair, pair},
		"refresh_pairs_household_publish": {uint64(2), uint64(2), "2008-12-01", pair},
		"refresh_pairs_community_stage":   {uint64(2), uint64(2), "2008-12-01", pair},
		"refresh_pairs_zero_stage":        {uint64(2), uint64(2), "2008-12-01", pair},
		"refresh_pairs_zero_publish":      nil,
		"refresh_pairs_community_publish": nil,
		"refresh_bump_data_version":       {uint8(0), uint64(3)},
		"refresh_settle_pending":          {[]uint64{1, 2}, uint64(3)},
		"version_reserve":                 {uint64(7), "refresh", uint64(0), uint64(10), uint64(10), "done"},
		"version_reservation_top":         nil,
		"version_reservation_above":       {uint64(0), uint64(0)},
		"version_refreshes_running":       {uint64(1) << 63, uint64(0), uint32(3)},
		"pending_pairs":                   {[]uint64{0, 1}},
		"pending_pairs_settled_after":     {uint64(0)},
		"month_communities":               {"2008-12-01", "2008-12-01"},
		"ingest_touched_persons":          {months},
		"ingest_touched_staged":           nil,
		"ingest_touched_persons_few":      {months},
		"zero_series_affected":            {all, "2008-12-01", pair},
		"zero_events_affected":            {all},
	}
}

// volatile names the columns of a query whose values are the moment or the process that
// wrote them (clock versions, creation times): their types are compared, not their values.
var volatile = map[string][]int{
	"server_version":          {0},
	"users_list":              {3},
	"users_with_hash":         {3, 4, 5, 6, 7},
	"credentials_generation":  {0},
	"audit_recent":            {0, 6}, // detail: a login lockout's end (the Audit answer compares details)
	"audit_filtered":          {0, 6},
	"login_lockouts_active":   {2},
	"web_data_version":        {0, 1},
	"ingest_version_max":      {0},
	"ingest_version_to_max":   {0},
	"ingest_last_done":        {1}, // when each engine's ingest was done
	"version_reservation_top": {0},
}

// writes are the named statements that change tables (the refresh's steps, a version
// reservation): they run on the staging tables of a refresh of their own, after the
// queries, and are compared by what they leave behind.
func isWrite(name string) bool {
	return strings.HasPrefix(name, "refresh_") || name == "version_reserve"
}

// namedQueries runs every query file of sql/queries on e with its arguments and renders
// the rows and column types.
func namedQueries(t *testing.T, e engine, out results) {
	ctx := context.Background()
	args := queryArgs()
	entries, err := fs.ReadDir(fsql.Queries, "queries")
	if err != nil {
		t.Fatal(err)
	}
	// A file's staging table (what ingest_touched_* read) holding c1's ledger rows, and the
	// affected-households template holding every household (what zero_*_affected read).
	for _, stmt := range []string{
		e.store.Schema().StagingLike("ingest_staging", "ledger"), // as ingest makes it: on a cluster, on this node only
		"INSERT INTO ingest_staging SELECT * FROM ledger WHERE community_code = '" + c1 + "'",
		"INSERT INTO agg_households_affected SELECT community_code, household_id FROM agg_household_month FINAL WHERE deleted = 0",
	} {
		if err := e.store.Conn.Exec(ctx, stmt); err != nil {
			t.Errorf("%s: %s: %v", e.name, stmt, err)
		}
	}
	var writes []string
	for _, ent := range entries {
		name := strings.TrimSuffix(ent.Name(), ".sql")
		a, ok := args[name]
		if !ok {
			t.Errorf("sql/queries/%s.sql has no arguments in the two-engine test's queryArgs: every statement must run on both engines", name)
			continue
		}
		if isWrite(name) {
			writes = append(writes, name)
			continue
		}
		q, qa := e.query(name, a)
		out["query "+name] = render(t, e, name, q, qa)
	}
	for _, stmt := range []string{"DROP TABLE ingest_staging", "TRUNCATE TABLE agg_households_affected"} {
		if err := e.store.Conn.Exec(ctx, stmt); err != nil {
			t.Errorf("%s: %s: %v", e.name, stmt, err)
		}
	}
	// The refresh's statements, step by step on staging tables of this test (the refresh
	// itself ran them in run; here each is run alone and checked by its effect): the
	// whole-month refresh of 2008-12, then the refresh of two of its communities.
	staging := []string{"agg_household_month_staging_1", "agg_community_month_staging_1", "agg_households_affected_1",
		"agg_community_month_publish_1", "agg_zero_households_publish_1", "agg_refresh_persons_1"}
	for _, stmt := range []string{
		"CREATE TABLE agg_household_month_staging_1 AS agg_household_month_staging ENGINE = Memory",
		"CREATE TABLE agg_community_month_staging_1 AS agg_community_month_staging ENGINE = Memory",
		"CREATE TABLE agg_households_affected_1 AS agg_households_affected ENGINE = Memory",
		"CREATE TABLE agg_community_month_publish_1 AS agg_community_month ENGINE = Memory",
		"CREATE TABLE agg_zero_households_publish_1 AS agg_zero_households ENGINE = Memory",
		"CREATE TABLE agg_refresh_persons_1 AS agg_refresh_persons ENGINE = Memory",
	} {
		if err := e.store.Conn.Exec(ctx, stmt); err != nil {
			t.Errorf("%s: %s: %v", e.name, stmt, err)
		}
	}
	order := []string{"refresh_household_month", "refresh_community_month", "refresh_household_publish",
		"refresh_community_publish", "refresh_zero_publish",
		"TRUNCATE TABLE agg_household_month_staging_1", "TRUNCATE TABLE agg_community_month_staging_1",
		"refresh_pairs_persons", "refresh_pairs_household", "TRUNCATE TABLE agg_household_month_staging_1", "refresh_pairs_household_many",
		"refresh_community_month", "refresh_pairs_affected", "refresh_pairs_household_publish",
		"refresh_pairs_community_stage", "refresh_pairs_zero_stage", "refresh_pairs_zero_publish",
		"refresh_pairs_community_publish", "refresh_bump_data_version", "refresh_settle_pending", "version_reserve"}
	named := map[string]bool{}
	for _, name := range order {
		named[name] = !strings.Contains(name, " ")
	}
	for _, w := range writes {
		if !named[w] {
			t.Errorf("sql/queries/%s.sql changes tables but the test does not run it in its order", w)
		}
	}
	rename := strings.NewReplacer("agg_household_month_staging", "agg_household_month_staging_1",
		"agg_community_month_staging", "agg_community_month_staging_1",
		"agg_households_affected", "agg_households_affected_1",
		"agg_community_month_publish", "agg_community_month_publish_1",
		"agg_zero_households_publish", "agg_zero_households_publish_1",
		"agg_refresh_persons", "agg_refresh_persons_1")
	for i, name := range order {
		stmt, a := name, []any(nil)
		if named[name] {
			stmt, a = rename.Replace(fsql.MustQuery(name)), args[name]
		}
		if err := e.store.Conn.Exec(ctx, stmt, a...); err != nil {
			t.Errorf("%s: %s: %v", e.name, name, err)
		}
		for _, tbl := range staging {
			out[fmt.Sprintf("after %02d %s %s", i, name, tbl)] = render(t, e, name, "SELECT * FROM "+tbl, nil)
		}
	}
	out["after the refresh's statements: agg_community_month"] = render(t, e, "agg_community_month",
		"SELECT month, community_code, persons, households, labour_force, lf_employed, target_group, tg_employed, matched, zero_households FROM agg_community_month FINAL WHERE deleted = 0", nil)
	out["after the refresh's statements: agg_household_month"] = render(t, e, "agg_household_month",
		"SELECT * FROM agg_household_month WHERE version IN (1, 2)", nil)
	out["after the refresh's statements: pending_refresh"] = render(t, e, "pending_refresh",
		"SELECT file_id, pending, version FROM pending_refresh WHERE version = 3", nil)
	for _, tbl := range staging {
		if err := e.store.Conn.Exec(ctx, "DROP TABLE "+tbl); err != nil {
			t.Errorf("%s: drop %s: %v", e.name, tbl, err)
		}
	}
}

// render runs a query and writes its column types and rows (sorted, so that the order of
// an unordered result does not count) as text.
func render(t *testing.T, e engine, name, query string, args []any) string {
	t.Helper()
	rows, err := e.store.Conn.Query(context.Background(), query, args...)
	if err != nil {
		t.Errorf("%s: sql/queries/%s.sql: %v", e.name, name, err)
		return "error"
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	var head []string
	for _, ct := range types {
		head = append(head, ct.DatabaseTypeName())
	}
	var lines []string
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			t.Errorf("%s: sql/queries/%s.sql: scan: %v", e.name, name, err)
			return "error"
		}
		var cells []string
		for i, d := range dest {
			v := reflect.ValueOf(d).Elem().Interface()
			if contains(volatile[name], i) {
				v = "(volatile)"
			}
			cells = append(cells, cell(v))
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Errorf("%s: sql/queries/%s.sql: %v", e.name, name, err)
	}
	sort.Strings(lines)
	return strings.Join(head, ", ") + "\n" + strings.Join(lines, "\n")
}

// cell renders one value; arrays sorted, since fullemp sorts what it shows of them.
func cell(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return "NULL"
		}
		return x.UTC().Format(time.RFC3339)
	case []string:
		s := append([]string(nil), x...)
		sort.Strings(s)
		return fmt.Sprint(s)
	case []time.Time:
		var s []string
		for _, m := range x {
			s = append(s, m.UTC().Format("2006-01-02"))
		}
		sort.Strings(s)
		return fmt.Sprint(s)
	}
	return fmt.Sprintf("%v", v)
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
