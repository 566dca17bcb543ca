package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestReadyz: /readyz (no login) is 200 when no refresh is pending, 503 naming the file's
// months while a loaded file's refresh is pending (MarkPending), and 200 again after the
// refresh settles it. /healthz is 200 with the database answering.
func TestReadyz(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ready := func(want int) map[string]any {
		t.Helper()
		code, body := f.do(t, "", "GET", "/readyz", nil, "")
		var v map[string]any
		if err := json.Unmarshal([]byte(body), &v); err != nil || code != want {
			t.Fatalf("GET /readyz: %d %s (%v), want %d with JSON", code, body, err, want)
		}
		return v
	}
	if v := ready(200); v["ready"] != true {
		t.Errorf("/readyz with nothing pending: %v", v)
	}
	if code, body := f.do(t, "", "GET", "/healthz", nil, ""); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("GET /healthz: %d %s, want 200 status ok", code, body)
	}
	dec := time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC)
	if err := f.store.MarkPending(ctx, 990001, campaign.Ledger, []time.Time{dec}, nil, 0); err != nil {
		t.Fatal(err)
	}
	v := ready(503)
	pr, _ := v["pending_refresh"].(map[string]any)
	if v["ready"] != false || pr == nil || pr["files"] != float64(1) || len(pr["months"].([]any)) != 1 || pr["months"].([]any)[0] != "2009-12" {
		t.Errorf("/readyz with a pending refresh: %v, want ready false, 1 file, months [2009-12]", v)
	}
	ch, err := f.store.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Refresh(ctx, ch); err != nil {
		t.Fatal(err)
	}
	if v := ready(200); v["ready"] != true {
		t.Errorf("/readyz after the refresh: %v", v)
	}
}

// TestDatabaseDown: with its ClickHouse stopped, the server answers a page with a 503 page
// that says so in Chinese, then English; the API with a 503 JSON error; /healthz and
// /readyz with 503 JSON; each with Retry-After.
func TestDatabaseDown(t *testing.T) {
	ctx := context.Background()
	srv, err := warehouse.StartLocal(ctx, "clickhouse-server", t.TempDir(), whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	cfg := whtest.Config(t)
	cfg.Addr = srv.Addr()
	s, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f := newFixtureOn(t, s, Options{})
	// The city user's token is known (cached) before the database goes.
	if code, body := f.do(t, "city", "GET", "/api/v1/me", nil, ""); code != 200 {
		t.Fatalf("GET /api/v1/me: %d %s", code, body)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"/region/" + streetA + "?month=" + testMonth, "html"},
		{"/region/" + streetA + "?month=" + testMonth + "&lang=en", "html"},
		{"/api/v1/regions/" + distB + "?month=" + testMonth, "json"},
		{"/healthz", "json"},
		{"/readyz", "json"},
	} {
		resp := f.answer(t, "city", c.path)
		body := resp.body
		if resp.code != 503 || resp.header.Get("Retry-After") == "" {
			t.Errorf("GET %s with ClickHouse stopped: %d (Retry-After %q) %.300s, want 503 with Retry-After", c.path, resp.code, resp.header.Get("Retry-After"), body)
			continue
		}
		if c.want == "json" {
			var v map[string]any
			if err := json.Unmarshal([]byte(body), &v); err != nil || !strings.Contains(body, "unavailable") {
				t.Errorf("GET %s: %s (%v), want JSON saying the database is unavailable", c.path, body, err)
			}
			continue
		}
		zh, en := strings.Index(body, "数据库暂时不可用"), strings.Index(body, "The database is unavailable")
		if !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") || zh < 0 || en < 0 || zh > en {
			t.Errorf("GET %s: %s, want an HTML page saying 数据库暂时不可用 and then The database is unavailable:\n%.2000s", c.path, resp.header.Get("Content-Type"), body)
		}
	}
}

// answer is a GET's status, headers and body.
type answer struct {
	code   int
	header http.Header
	body   string
}

// answer sends GET target as user (by API token; "" for none) and returns the answer.
func (f *fixture) answer(t *testing.T, user, target string) answer {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	resp, err := f.srv.App().Test(req, 30_000)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(b)}
}
