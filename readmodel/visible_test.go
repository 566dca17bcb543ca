package readmodel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fullemp/account"
	"fullemp/idcard"
	"fullemp/ingest"
	"fullemp/readmodel"
	"fullemp/standard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

func TestMain(m *testing.M) { whtest.Main(m) }

const (
	street = "330102001"
	commA  = "330102001001"
	commB  = "330102001002"
)

// TestIngestVisibleAtOnce: a Data that serves (its cache warm, Watch running) shows the
// figures of a file that another process ingests within a second of that ingest's end, and
// no reader — cached or not — ever sees a month half-refreshed: each month's figures are
// those before the file or those after it, never a mix.
func TestIngestVisibleAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serving := whtest.Open(t)
	cfg := whtest.Config(t)
	cfg.Database = serving.Database
	other, err := warehouse.Open(ctx, cfg, whtest.Log()) // the process that ingests
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	dir := t.TempDir()
	in := ingest.New(other, whtest.Log(), ingest.Options{})
	months := []string{"2009-11", "2009-12"}
	ids := make([]string, 24)
	for i := range ids {
		ids[i] = idcard.Make("330102", time.Date(1960+i, 3, 1, 0, 0, 0, 0, time.UTC), 2*i+1)
	}
	ledger := func(name string, row func(i int, m string) (community, household, status string)) string {
		var b strings.Builder
		b.WriteString("month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish\n")
		for _, m := range months {
			for i, id := range ids {
				c, h, st := row(i, m)
				since := ""
				if st == "unemployed" {
					since = "2009-01-01"
				}
				fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,Y,Y,N,N,N,N,%s,N\n", m, id, name, c, h, st, since)
			}
		}
		return write(t, dir, name+".csv", b.String())
	}
	regions := write(t, dir, "regions.csv", "district_code,district_name,district_group,street_code,street_name,community_code,community_name,community_type,assessed_from\n"+
		"330102,上城区,main_urban,"+street+",清波街道,"+commA+",清波社区,old,2007\n"+
		"330102,上城区,main_urban,"+street+",清波街道,"+commB+",柳翠井巷社区,old,2007\n")
	base := ledger("base", func(i int, m string) (string, string, string) {
		return []string{commA, commB}[i%2], fmt.Sprintf("H%02d", i/4), "employed"
	})
	if _, err := in.Files(ctx, []string{regions, base}); err != nil {
		t.Fatal(err)
	}

	data := readmodel.NewData(serving, serving, standard.Default())
	src := data.For(account.Principal{User: "city", Role: account.City, Region: "3301"})
	go data.Watch(ctx)
	state := func(s readmodel.Source, m time.Time) (string, error) {
		fs, err := s.ChildFigures(ctx, street, m)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, f := range fs {
			parts = append(parts, fmt.Sprintf("%s persons %d employed %d zero %d formed %d", f.Region.Code, f.Persons, f.Employed, f.Zero.Outstanding, f.Zero.Formed))
		}
		return strings.Join(parts, "; "), nil
	}
	month := func(s string) time.Time { m, _ := time.Parse("2006-01", s); return m }
	before := map[time.Time]string{}
	for _, m := range months {
		if before[month(m)], err = state(src, month(m)); err != nil {
			t.Fatal(err)
		}
	}
	// The correction: household H00 of A out of work in both months (a zero-employment
	// household forms), and in December a person of A moves to B.
	corr := ledger("correction", func(i int, m string) (string, string, string) {
		c, h, st := []string{commA, commB}[i%2], fmt.Sprintf("H%02d", i/4), "employed"
		if h == "H00" && c == commA {
			st = "unemployed"
		}
		if i == 22 && m == "2009-12" {
			c, h = commB, "H99"
		}
		return c, h, st
	})
	// Readers while the other process ingests: one through the warm cache, one computing
	// every figure afresh (a new Data each time, as a cache miss does).
	var mu sync.Mutex
	seen := map[time.Time]map[string]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, fresh := range []bool{false, true} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := src
				if fresh {
					s = readmodel.NewData(serving, serving, standard.Default()).For(src.Principal())
				}
				for _, m := range months {
					st, err := state(s, month(m))
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if seen[month(m)] == nil {
						seen[month(m)] = map[string]bool{}
					}
					seen[month(m)][st] = true
					mu.Unlock()
				}
			}
		}()
	}
	if _, err := in.Files(ctx, []string{corr}); err != nil {
		t.Fatal(err)
	}
	done := time.Now()
	after := map[time.Time]string{}
	for _, m := range months {
		after[month(m)] = fresh(t, serving, month(m), state)
		if after[month(m)] == before[month(m)] {
			t.Fatalf("%s: the correction changed nothing: %s", m, after[month(m)])
		}
	}
	for {
		ok := true
		for _, m := range months {
			st, err := state(src, month(m))
			if err != nil {
				t.Fatal(err)
			}
			ok = ok && st == after[month(m)]
		}
		if ok {
			break
		}
		if time.Since(done) > time.Second {
			t.Fatalf("the serving cache still shows the figures from before the ingest %s after it ended", time.Since(done).Round(time.Millisecond))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the ingest's figures were served %s after its end", time.Since(done).Round(time.Millisecond))
	close(stop)
	wg.Wait()
	for m, states := range seen {
		for st := range states {
			if st != before[m] && st != after[m] {
				t.Errorf("%s: a reader saw a half-refreshed month:\n  %s\nbefore: %s\nafter:  %s", m.Format("2006-01"), st, before[m], after[m])
			}
		}
	}
}

// fresh reads a month's state through a Data of its own (nothing cached).
func fresh(t *testing.T, s *warehouse.Store, m time.Time, state func(readmodel.Source, time.Time) (string, error)) string {
	t.Helper()
	src := readmodel.NewData(s, s, standard.Default()).For(account.Principal{User: "city", Role: account.City, Region: "3301"})
	st, err := state(src, m)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
