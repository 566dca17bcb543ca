package api

import (
	"context"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/idcard"
	"fullemp/ingest"
	"fullemp/readmodel"
	"fullemp/standard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

// The small city of the tests: two districts, one street each, two communities in the
// first street, one in the second. Months 2009-11 and 2009-12.
const (
	distA, distB  = "330102", "330103"
	streetA       = "330102001"
	streetB       = "330103001"
	commA, commA2 = "330102001001", "330102001002"
	commB         = "330103001001"
	testMonth     = "2009-12"
	testPassword  = "correct-horse-1"
)

// Valid GB 11643 numbers for the fixture's people.
var (
	personA       = "33010219800101001" + string(idcard.CheckDigit("33010219800101001"))
	personAHidden = personA[:6] + "********" + personA[14:]
	personB       = "33010219820303002" + string(idcard.CheckDigit("33010219820303002"))
	personD       = "33010219880707004" + string(idcard.CheckDigit("33010219880707004"))
)

// fixture is a server on a fresh database with the small city and one user per role.
type fixture struct {
	store  *warehouse.Store
	acc    *account.Accounts
	srv    *Server
	tokens map[string]string // user → API token
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, whtest.Open(t), Options{})
}

// newFixtureWith is newFixture with a server built with opts.
func newFixtureWith(t *testing.T, opts Options) *fixture {
	t.Helper()
	return newFixtureOn(t, whtest.Open(t), opts)
}

// newFixtureOn is newFixture on the store s (a test's own server) with opts.
func newFixtureOn(t *testing.T, s *warehouse.Store, opts Options) *fixture {
	t.Helper()
	ctx := context.Background()
	insertCity(t, s)
	if err := s.RefreshAll(ctx); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	log := whtest.Log()
	acc := account.New(s.Conn, log)
	acc.BcryptCost = 4
	f := &fixture{store: s, acc: acc, tokens: map[string]string{}}
	users := []struct {
		name   string
		role   account.Role
		region string
	}{
		{"city", account.City, "3301"},
		{"district", account.District, distA},
		{"street", account.Street, streetA},
		{"community", account.Community, commA},
	}
	for _, u := range users {
		if err := acc.Add(ctx, u.name, u.role, u.region, testPassword); err != nil {
			t.Fatal(err)
		}
		tok, err := acc.IssueToken(ctx, u.name, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[u.name] = tok
	}
	data := readmodel.NewData(s, s, standard.Default())
	dash, err := dashboards.New(data, acc, log)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = New(acc, dash, ingest.New(s, log, ingest.Options{Workers: 1}), log, opts)
	return f
}

func insertCity(t *testing.T, s *warehouse.Store) {
	t.Helper()
	ctx := context.Background()
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO regions (district_code, district_name, district_group, street_code, street_name, community_code, community_name, community_type, assessed_from, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range [][]string{
		{distA, "上城区", "main_urban", streetA, "湖滨街道", commA, "东坡社区", "old"},
		{distA, "上城区", "main_urban", streetA, "湖滨街道", commA2, "青年社区", "converted"},
		{distB, "下城区", "main_urban", streetB, "武林街道", commB, "竹竿巷社区", "old"},
	} {
		if err := b.Append(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], uint16(2008), uint64(1), uint32(i+1), uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	lb, err := s.Conn.PrepareBatch(ctx, "INSERT INTO ledger (month, id_number, name, community_code, household_id, status, able, willing, hard_to_employ, assistance_card, graduate, rural_labor, unemployed_since, training_wish, birth_date, male, age, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	type person struct {
		id, name, comm, hh, status string
		male                       uint8
	}
	people := []person{
		{personA, "张三", commA, "H1", "employed", 1},
		{personB, "李四", commA, "H1", "flexible", 0},
		{"330102197505050033", "王五", commA, "H2", "unemployed", 1},
		{personD, "赵六", commA2, "H3", "employed", 0},
		{"330103198101010055", "钱七", commB, "H4", "employed", 1},
	}

	n := 0
	for _, m := range []time.Time{time.Date(2009, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC)} {
		for _, p := range people {
			n++
			var since *time.Time
			if p.status == "unemployed" {
				d := time.Date(2009, 6, 1, 0, 0, 0, 0, time.UTC)
				since = &d
			}
			if err := lb.Append(m, p.id, p.name, p.comm, p.hh, p.status, uint8(1), uint8(1), uint8(0), uint8(0), uint8(0), uint8(0),
				since, uint8(0), uint32(19800101), p.male, uint8(29), uint64(2), uint32(n), uint64(100+n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := lb.Send(); err != nil {
		t.Fatal(err)
	}
}

// do sends a request as user (by API token; "" for none) and returns status and body.
func (f *fixture) do(t *testing.T, user, method, target string, body io.Reader, contentType string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := f.srv.App().Test(req, 60_000)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
