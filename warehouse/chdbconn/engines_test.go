package chdbconn_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/ingest"
	fsql "fullemp/sql"
	"fullemp/standard"
	"fullemp/warehouse"
	"fullemp/warehouse/chdbconn"
	"fullemp/warehouse/whtest"
)

var (
	session *chdbconn.Session
	dbSeq   atomic.Int64
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fullemp-chdb-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if session, err = chdbconn.Open(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	whtest.Main(m, func() { os.RemoveAll(dir) })
}

// engine is one ClickHouse that runs the warehouse: the 18.16 server or 26.x's engine.
type engine struct {
	name  string
	store *warehouse.Store
}

// query is the statement and arguments of query file name on e: the file with its
// queryArgs, except where the warehouse runs a file differently on a cluster.
func (e engine) query(name string, args []any) (string, []any) {
	if name == "aggregate_partitions" {
		return warehouse.PartitionsQuery(e.store.Cluster, e.store.Database, args[0].(string))
	}
	return fsql.MustQuery(name), args
}

func serverEngine(t *testing.T) engine {
	return engine{name: "ClickHouse 18.16 server", store: whtest.Open(t)}
}

// embeddedEngine opens a fresh database on the embedded current ClickHouse, with
// FigureSettings and DeadlineSettings pinned as warehouse.Open pins them on a server
// connection.
func embeddedEngine(t *testing.T) engine {
	t.Helper()
	ctx := context.Background()
	db := fmt.Sprintf("e_%d", dbSeq.Add(1))
	if err := session.Conn("default").Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatal(err)
	}
	conn := session.Conn(db)
	pinned, err := warehouse.PinnedSettings(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range warehouse.DeadlineSettings(warehouse.DefaultConfig().QueryTimeout) {
		pinned[k] = v
	}
	conn.SetSettings(pinned)
	s, err := warehouse.OpenConn(ctx, conn, db, whtest.Log())
	if err != nil {
		t.Fatalf("migrations on ClickHouse %s: %v", session.Version(), err)
	}
	t.Cleanup(func() { _ = session.Conn("default").Exec(context.Background(), "DROP DATABASE IF EXISTS "+db) })
	return engine{name: "ClickHouse " + session.Version() + " engine (chDB)", store: s}
}

// results are what one engine answered, by the name of the statement or call.
type results map[string]string

// run ingests the crafted city through ingest's own statements, runs the refresh, the
// accounts' statements and every figure, and returns their answers.
func run(t *testing.T, e engine, dir string) results {
	t.Helper()
	ctx := context.Background()
	out := results{}
	baseDir, corrDir := writeFixture(t, dir)
	in := ingest.New(e.store, whtest.Log(), ingest.Options{Workers: 2, BatchRows: 7})
	for _, d := range []string{baseDir, corrDir} {
		sums, err := in.Files(ctx, []string{d})
		if err != nil {
			t.Errorf("%s: ingest %s: %v", e.name, d, err)
		}
		for _, s := range sums {
			out["ingest "+s.File] = fmt.Sprintf("read %d loaded %d replaced %d rejected %d", s.Read, s.Loaded, s.Replaced, s.Rejected)
		}
	}
	// Ingesting the same file again changes nothing.
	again, err := in.Files(ctx, []string{corrDir})
	if err != nil {
		t.Errorf("%s: re-ingest: %v", e.name, err)
	}
	out["ingest again"] = fmt.Sprintf("%+v", again[0].Skipped)
	if err := e.store.RefreshAll(ctx); err != nil {
		t.Errorf("%s: refresh all: %v", e.name, err)
	}
	figures(t, e, out)
	accounts(t, e, out)
	return out
}

func record(t *testing.T, e engine, out results, name string, v any, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %s: %v", e.name, name, err)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out[name] = string(b)
}

// figures calls every figure the pages, API, reports and bulletins read.
func figures(t *testing.T, e engine, out results) {
	ctx := context.Background()
	s := e.store
	cfg := standard.Default()
	months, err := s.LedgerMonths(ctx)
	record(t, e, out, "LedgerMonths", months, err)
	regions, err := s.Regions(ctx)
	record(t, e, out, "Regions", regions.Path(c5), err)
	codes := []string{campaign.CityCode, "main_urban", dist1, dist2, st1, st3, c1, c2, c4, c5}
	for _, code := range codes {
		for _, m := range []string{"2008-03", "2008-06", "2008-12"} {
			mt, _ := time.Parse("2006-01", m)
			f, err := s.Figures(ctx, code, mt)
			record(t, e, out, "Figures "+code+" "+m, f, err)
			ch, err := s.ChildFigures(ctx, code, mt)
			record(t, e, out, "ChildFigures "+code+" "+m, ch, err)
			zh, err := s.ZeroHouseholds(ctx, code, mt)
			record(t, e, out, "ZeroHouseholds "+code+" "+m, zh, err)
		}
		from, to := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC)
		zs, err := s.ZeroSeries(ctx, code, from, to)
		record(t, e, out, "ZeroSeries "+code, zs, err)
		pl, err := s.Placements(ctx, code, from, to)
		record(t, e, out, "Placements "+code, pl, err)
		for _, asOf := range []string{"2008-06", "2008-12"} {
			mt, _ := time.Parse("2006-01", asOf)
			st, err := s.Standards(ctx, cfg, 2008, mt, code)
			record(t, e, out, "Standards "+code+" "+asOf, st, err)
			pr, err := s.Progress(ctx, cfg, 2008, mt, code)
			record(t, e, out, "Progress "+code+" "+asOf, pr, err)
		}
	}
	for _, c := range []string{c1, c2, c5} {
		for _, m := range []string{"2008-05", "2008-12"} {
			mt, _ := time.Parse("2006-01", m)
			v, err := s.Verification(ctx, c, mt)
			record(t, e, out, "Verification "+c+" "+m, v, err)
		}
	}
}

// accounts runs the users', sessions', tokens' and audit statements.
func accounts(t *testing.T, e engine, out results) {
	ctx := context.Background()
	a := account.New(e.store.Conn, whtest.Log())
	role, err := account.ParseRole("street", st1)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Add(ctx, "qingbo", role, st1, "Hubin-Ledger-2008"); err != nil {
		t.Fatalf("%s: add user: %v", e.name, err)
	}
	u, err := a.Authenticate(ctx, "qingbo", "Hubin-Ledger-2008")
	record(t, e, out, "Authenticate", u.Principal(), err)
	_, err = a.Authenticate(ctx, "qingbo", "wrong")
	out["Authenticate wrong"] = fmt.Sprint(err != nil)
	id, _, err := a.StartSession(ctx, u)
	if err != nil {
		t.Fatalf("%s: start session: %v", e.name, err)
	}
	p, err := a.Session(ctx, id)
	record(t, e, out, "Session", p, err)
	tok, err := a.IssueToken(ctx, "qingbo", "bulletins", time.Hour)
	if err != nil {
		t.Fatalf("%s: issue token: %v", e.name, err)
	}
	p, err = a.Token(ctx, tok)
	record(t, e, out, "Token", p, err)
	if err := a.Record(ctx, p, "read", c1, "households", "127.0.0.1"); err != nil {
		t.Errorf("%s: audit: %v", e.name, err)
	}
	ev, err := a.Audit(ctx, 10)
	if err == nil {
		for i := range ev {
			ev[i].At = time.Time{}
		}
	}
	record(t, e, out, "Audit", ev, err)
	// The login throttle: a failure that locks the name out is kept in login_lockouts,
	// and a new Accounts (a restart) reads it back.
	a.Throttle = account.ThrottleConfig{FreeFailures: 0, LockoutFailures: 1, AddressFreeFailures: 0, AddressLockoutFailures: 5,
		Delay: time.Millisecond, MaxDelay: time.Millisecond, Lockout: time.Hour, ForgetAfter: time.Hour}
	var te *account.ThrottledError
	_, err = a.Login(ctx, "qingbo", "wrong", "127.0.0.1")
	out["Login wrong, locked"] = fmt.Sprint(errors.As(err, &te) && te.Locked)
	restarted := account.New(e.store.Conn, whtest.Log())
	restarted.Throttle = a.Throttle
	_, err = restarted.Login(ctx, "qingbo", "Hubin-Ledger-2008", "127.0.0.2")
	out["Login after restart, locked"] = fmt.Sprint(errors.As(err, &te) && te.Locked && te.By == account.ByUser)
	if out["Login wrong, locked"] != "true" || out["Login after restart, locked"] != "true" {
		t.Errorf("%s: login lockout %s, after a restart %s (%v), want both locked", e.name, out["Login wrong, locked"], out["Login after restart, locked"], err)
	}
	if err := a.EndSession(ctx, id); err != nil {
		t.Errorf("%s: end session: %v", e.name, err)
	}
	_, err = a.Session(ctx, id)
	out["Session after logout"] = fmt.Sprint(err)
	if err := a.Remove(ctx, "qingbo"); err != nil {
		t.Errorf("%s: remove: %v", e.name, err)
	}
	list, err := a.List(ctx)
	record(t, e, out, "List after remove", len(list), err)
}

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
		"ledger_padded_households":        {"2008-01-01", "2008-12-01", []string{c1, c2}},
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
		"refresh_pairs_household":         {"2007-12-31", "2008-12-01", "2008-12-01", pair, pair, "2008-12-01", "2008-12-01", pair},
		"refresh_pairs_household_many":    {"2007-12-31", "2008-12-01", pair, "2008-12-01"},
		"refresh_pairs_affected":          {"2008-12-01", pair, pair, pair},
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
		"ingest_touched_ledger":           {months},
		"ingest_touched_staged":           nil,
		"ingest_touched_contributions":    {months},
		"zero_series_affected":            {all},
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
		"CREATE TABLE ingest_staging AS ledger",
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
		"agg_community_month_publish_1", "agg_zero_households_publish_1"}
	for _, stmt := range []string{
		"CREATE TABLE agg_household_month_staging_1 AS agg_household_month_staging ENGINE = Memory",
		"CREATE TABLE agg_community_month_staging_1 AS agg_community_month_staging ENGINE = Memory",
		"CREATE TABLE agg_households_affected_1 AS agg_households_affected ENGINE = Memory",
		"CREATE TABLE agg_community_month_publish_1 AS agg_community_month ENGINE = Memory",
		"CREATE TABLE agg_zero_households_publish_1 AS agg_zero_households ENGINE = Memory",
	} {
		if err := e.store.Conn.Exec(ctx, stmt); err != nil {
			t.Errorf("%s: %s: %v", e.name, stmt, err)
		}
	}
	order := []string{"refresh_household_month", "refresh_community_month", "refresh_household_publish",
		"refresh_community_publish", "refresh_zero_publish",
		"TRUNCATE TABLE agg_household_month_staging_1", "TRUNCATE TABLE agg_community_month_staging_1",
		"refresh_pairs_household", "TRUNCATE TABLE agg_household_month_staging_1", "refresh_pairs_household_many",
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
		"agg_zero_households_publish", "agg_zero_households_publish_1")
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

// compare fails the test for every answer that differs between the engines.
func compare(t *testing.T, a, b engine, ra, rb results) {
	t.Helper()
	var keys []string
	for k := range ra {
		keys = append(keys, k)
	}
	for k := range rb {
		if _, ok := ra[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	diffs := 0
	for _, k := range keys {
		if ra[k] != rb[k] {
			diffs++
			t.Errorf("%s differs:\n%s:\n%s\n%s:\n%s", k, a.name, ra[k], b.name, rb[k])
		}
	}
	t.Logf("%d answers compared between %s and %s, %d differ", len(keys), a.name, b.name, diffs)
}

// TestTwoEngines runs the warehouse's SQL on ClickHouse 18.16 and on current ClickHouse
// (26.x's engine) and compares every answer.
func TestTwoEngines(t *testing.T) {
	old, cur := serverEngine(t), embeddedEngine(t)
	ro := run(t, old, t.TempDir())
	rc := run(t, cur, t.TempDir())
	namedQueries(t, old, ro)
	namedQueries(t, cur, rc)
	compare(t, old, cur, ro, rc)
	checkFigures(t, ro)
}

// checkFigures pins a few figures of the crafted city worked out by hand from SPEC, so
// that two engines agreeing on a wrong answer still fail.
func checkFigures(t *testing.T, r results) {
	t.Helper()
	var zh []warehouse.ZeroHousehold
	if err := json.Unmarshal([]byte(r["ZeroHouseholds "+c1+" 2008-03"]), &zh); err != nil {
		t.Fatal(err)
	}
	// 00002: the matched woman is not insured before May; 00007: the wife is unemployed
	// in February and March and her husband is out of the labour force; 00009: the
	// long-term unemployed man.
	var got []string
	for _, h := range zh {
		got = append(got, h.HouseholdID)
	}
	if fmt.Sprint(got) != "[00002 00007 00009]" {
		t.Errorf("c1 2008-03: want households 00002, 00007 and 00009 zero-employment, got %v", got)
	}
}

var _ driver.Conn = (*chdbconn.Conn)(nil)

// hostileValue is the value of a FigureSettings entry that would change figures.
func hostileValue(v int) int { return 1 - v }

// TestHostileProfile flips every FigureSettings entry that each engine knows — as the 18.16
// server's default profile, and as the embedded engine's session defaults — and gets the
// same answers, because fullemp pins them on its statements. A control shows the flipped
// profile does change an unpinned answer, so the test can fail.
func TestHostileProfile(t *testing.T) {
	ctx := context.Background()
	plain := serverEngine(t)
	known, err := warehouse.PinnedSettings(ctx, plain.store.Conn)
	if err != nil {
		t.Fatal(err)
	}
	var xml strings.Builder
	xml.WriteString("<clickhouse><profiles><default>\n")
	for _, s := range warehouse.FigureSettings {
		if _, ok := known[s.Name]; ok {
			fmt.Fprintf(&xml, "<%s>%d</%s>\n", s.Name, hostileValue(s.Value), s.Name)
		}
	}
	xml.WriteString("</default></profiles></clickhouse>\n")
	dir := t.TempDir()
	if err := os.MkdirAll(dir+"/clickhouse/config.d", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/clickhouse/config.d/hostile.xml", []byte(xml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", dir, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	cfg := whtest.Config(t)
	cfg.Addr = srv.Addr()
	raw, err := clickhouse.Open(&clickhouse.Options{Addr: []string{srv.Addr()}, Auth: clickhouse.Auth{Database: "default"}})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v string
	if err := raw.QueryRow(ctx, "SELECT value FROM system.settings WHERE name = 'join_use_nulls'").Scan(&v); err != nil || v != "1" {
		t.Fatalf("the hostile profile did not take on 18.16: join_use_nulls = %q (%v)", v, err)
	}
	hs, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer hs.Close()
	hostile := engine{name: "ClickHouse 18.16 server, hostile profile", store: hs}
	rp, rh := run(t, plain, t.TempDir()), run(t, hostile, t.TempDir())
	compare(t, plain, hostile, rp, rh)
	unpinned, err := clickhouse.Open(&clickhouse.Options{Addr: []string{srv.Addr()}, Auth: clickhouse.Auth{Database: cfg.Database}})
	if err != nil {
		t.Fatal(err)
	}
	defer unpinned.Close()
	control(t, hostile, unpinned)

	// The embedded engine: the same flips as session defaults.
	eplain := embeddedEngine(t)
	rep := run(t, eplain, t.TempDir())
	eknown, err := warehouse.PinnedSettings(ctx, eplain.store.Conn)
	if err != nil {
		t.Fatal(err)
	}
	def := session.Conn("default")
	for _, s := range warehouse.FigureSettings {
		if _, ok := eknown[s.Name]; ok {
			if err := def.Exec(ctx, fmt.Sprintf("SET %s = %d", s.Name, hostileValue(s.Value))); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer func() {
		for _, s := range warehouse.FigureSettings {
			if _, ok := eknown[s.Name]; ok {
				_ = def.Exec(ctx, fmt.Sprintf("SET %s = %d", s.Name, s.Value))
			}
		}
	}()
	ehostile := embeddedEngine(t)
	ehostile.name += ", hostile session defaults"
	reh := run(t, ehostile, t.TempDir())
	compare(t, eplain, ehostile, rep, reh)
	control(t, ehostile, session.Conn(ehostile.store.Database))
	compare(t, plain, ehostile, rp, reh)
}

// control runs the raw path of the figures on e's data through a connection without
// fullemp's pins and expects another answer than fullemp's: the profile is hostile indeed.
func control(t *testing.T, e engine, unpinned driver.Conn) {
	t.Helper()
	args := queryArgs()["raw_community_month"]
	pinned := render(t, e, "raw_community_month", fsql.MustQuery("raw_community_month"), args)
	other := render(t, engine{name: e.name + " without pins", store: &warehouse.Store{Conn: unpinned}},
		"raw_community_month", fsql.MustQuery("raw_community_month"), args)
	if pinned == other {
		t.Errorf("%s: the hostile profile changed nothing without fullemp's pins, so this test proves nothing:\n%s", e.name, pinned)
	}
}
