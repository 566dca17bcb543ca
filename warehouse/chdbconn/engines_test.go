package chdbconn_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
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
