package api

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"fullemp/bulletin"
	"fullemp/standard"
)

// drafter is serve's release calendar on f's store, with a clock the test moves.
func drafter(f *fixture, now *time.Time) *bulletin.Drafter {
	return &bulletin.Drafter{Conn: f.store.Conn, Src: bulletin.StoreSource{Store: f.store, Cfg: standard.Default()},
		Cfg: standard.Default(), Opts: bulletin.DefaultOptions(), Now: func() time.Time { return *now }}
}

func drafted(t *testing.T, d *bulletin.Drafter) string {
	t.Helper()
	rows, err := d.Check(context.Background())
	if err != nil {
		t.Fatalf("check the calendar: %v", err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Region+" "+r.Period+" "+r.Reason)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func beijingDay(s string) time.Time {
	d, err := time.ParseInLocation("2006-01-02 15:04", s, bulletin.Beijing)
	if err != nil {
		panic(err)
	}
	return d
}

// TestBulletinCalendar: a community that sends no ledger keeps every period incomplete, so
// a bulletin is drafted on its release day (10th, 15th, 31st January) and not a minute
// before; with nothing published yet only the newest due period of each kind is drafted;
// a check drafts nothing twice; after a publication, the next period of its kind is due
// again. Drafts are the city's only: the city's /bulletins lists them as 草稿, a
// district's does not, and a district cannot open one (403).
func TestBulletinCalendar(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	b, err := f.store.Conn.PrepareBatch(ctx, "INSERT INTO regions (district_code, district_name, district_group, street_code, street_name, community_code, community_name, community_type, assessed_from, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append(distB, "下城区", "main_urban", streetB, "武林街道", "330103001002", "沉默社区", "old", uint16(2008), uint64(1), uint32(9), uint64(9)); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	if err := f.store.RefreshAll(ctx); err != nil {
		t.Fatal(err)
	}
	f.srv.EnableBulletins(f.store.Conn, standard.Default(), bulletin.DefaultOptions())
	now := beijingDay("2010-01-09 23:59")
	d := drafter(f, &now)
	if got := drafted(t, d); got != "3301 2009-11 due" {
		t.Errorf("on 2010-01-09 23:59 drafted %q, want only 2009-11 (due 2009-12-10; 2009-12 is due on the 10th)", got)
	}
	now = beijingDay("2010-01-10 00:00")
	if got := drafted(t, d); got != "3301 2009-12 due" {
		t.Errorf("on 2010-01-10 drafted %q, want 2009-12", got)
	}
	if got := drafted(t, d); got != "" {
		t.Errorf("a second check drafted %q again", got)
	}
	now = beijingDay("2010-01-31 00:00")
	if got := drafted(t, d); got != "3301 2009 due, 3301 2009-Q4 due" {
		t.Errorf("on 2010-01-31 drafted %q, want 2009-Q4 and 2009", got)
	}

	code, body := f.do(t, "city", http.MethodGet, "/bulletins", nil, "")
	for _, want := range []string{"/bulletins/3301/2009-12?lang=zh&amp;vintage=draft", "/bulletins/3301/2009-Q4?lang=zh&amp;vintage=draft", "<td>草稿</td>"} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the city's /bulletins lacks %s: %d", want, code)
		}
	}
	code, body = f.do(t, "district", http.MethodGet, "/bulletins", nil, "")
	if code != http.StatusOK || strings.Contains(body, "vintage=draft") || strings.Contains(body, "<td>草稿</td>") {
		t.Errorf("a district's /bulletins shows a draft: %d", code)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/bulletins/3301/2009-12?vintage=draft", nil, ""); code != http.StatusForbidden {
		t.Errorf("a district opens the city's draft page: %d, want 403", code)
	}
	if code, _ := f.do(t, "district", http.MethodGet, "/bulletins/3301/2009-12", nil, ""); code != http.StatusNotFound {
		t.Errorf("a district opens an unpublished bulletin: %d, want 404", code)
	}

	// The city publishes 2009-12; the calendar goes on from there.
	if code, body := f.do(t, "city", http.MethodPost, "/api/v1/bulletins/3301/2009-12/publish", nil, ""); code != http.StatusOK {
		t.Fatalf("publish: %d %s", code, body)
	}
	code, body = f.do(t, "city", http.MethodGet, "/bulletins", nil, "")
	if code != http.StatusOK || strings.Contains(body, "/bulletins/3301/2009-12?lang=zh&amp;vintage=draft") || !strings.Contains(body, "/bulletins/3301/2009-12?lang=zh&amp;vintage=1") {
		t.Errorf("after publishing, the city's /bulletins still lists 2009-12 as a draft or not as vintage 1: %d", code)
	}
	code, body = f.do(t, "district", http.MethodGet, "/bulletins", nil, "")
	if code != http.StatusOK || !strings.Contains(body, "/bulletins/3301/2009-12?lang=zh&amp;vintage=1") || !strings.Contains(body, "初步") {
		t.Errorf("a district's /bulletins lacks the city's published 2009-12 (初步): %d", code)
	}
	now = beijingDay("2010-03-01 00:00")
	if got := drafted(t, d); got != "" {
		t.Errorf("with no ledger after 2009-12, drafted %q", got)
	}
}

// TestBulletinCalendarEarly: when every assessed community's ledger for a period's last
// month is in, its bulletin is drafted before its release day, once the period is over.
func TestBulletinCalendarEarly(t *testing.T) {
	f := newFixture(t)
	now := beijingDay("2009-12-31 23:00")
	d := drafter(f, &now)
	if got := drafted(t, d); got != "3301 2009-11 due" {
		t.Errorf("in December, drafted %q, want only 2009-11 (2009-12 not yet over)", got)
	}
	now = beijingDay("2010-01-02 09:00")
	if got := drafted(t, d); got != "3301 2009 complete, 3301 2009-12 complete, 3301 2009-Q4 complete" {
		t.Errorf("on 2010-01-02 with every ledger in, drafted %q, want 2009-12, 2009-Q4 and 2009 as complete", got)
	}
	if got := drafted(t, d); got != "" {
		t.Errorf("a second check drafted %q again", got)
	}
}
