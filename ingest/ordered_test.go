package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestConcurrentIngestsLaterWins runs two ingests of conflicting ledgers at once, from two
// Stores (two processes), round after round, and checks that the file whose versions were
// reserved later wins every key, that the two ranges never overlap, that a file started
// after the other's reservation is the later one even when it is published first, and that
// the figures the two concurrent refreshes leave equal a full rebuild. Each round first
// loads an XLSX file, which reserves versions far above the clock (a compressed file may
// hold many rows per byte): two files that then start together read the same highest
// version, which a reservation by clock alone turned into the same range.
func TestConcurrentIngestsLaterWins(t *testing.T) {
	ctx := context.Background()
	s1 := whtest.Open(t)
	cfg := whtest.Config(t)
	cfg.Database = s1.Database
	s2, err := warehouse.Open(ctx, cfg, whtest.Log())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	dir := t.TempDir()
	loadRegions(t, s1, dir)
	ids := make([]string, 60)
	for i := range ids {
		ids[i] = idcard.Make("330102", time.Date(1960, 1, 1+i%28, 0, 0, 0, 0, time.UTC), 2*i+1+i/28*100)
	}
	// ledger writes every person in one community and household and status, in order or
	// reversed, so that a key's row number differs between the two files.
	ledger := func(round int, name, community, status string, reversed bool) string {
		var rows [][]string
		for i := range ids {
			id := ids[i]
			if reversed {
				id = ids[len(ids)-1-i]
			}
			since := ""
			if status == "unemployed" {
				since = "2008-06-01"
			}
			rows = append(rows, []string{"2008-12", id, fmt.Sprintf("%s%d", name, round), community, "H" + name, status, "Y", "Y", "N", "N", "N", "N", since, "N"})
		}
		return writeFile(t, dir, fmt.Sprintf("%s-%d.csv", name, round), csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain))
	}
	const rounds = 8
	for round := 0; round < rounds; round++ {
		mustFiles(t, newIngester(s1, Options{}), pusher(t, dir, round))
		a := ledger(round, "A", community1, "employed", false)
		b := ledger(round, "B", community2, "unemployed", true)
		inA, inB := newIngester(s1, Options{}), newIngester(s2, Options{})
		staggered := round%2 == 1
		var wg sync.WaitGroup
		errs := make([]error, 2)
		run := func(i int, in *Ingester, path string) {
			defer wg.Done()
			_, errs[i] = in.Files(ctx, []string{path})
		}
		if staggered {
			// B starts once A has its versions, and A goes on only once B is done: B is
			// the later file, though A publishes after it.
			bDone := make(chan struct{})
			inA.afterReserve = func(uint64) {
				wg.Add(1)
				go func() { run(1, inB, b); close(bDone) }()
				<-bDone
			}
			wg.Add(1)
			go run(0, inA, a)
		} else {
			start := make(chan struct{})
			for i, p := range []struct {
				in   *Ingester
				path string
			}{{inA, a}, {inB, b}} {
				wg.Add(1)
				go func() { <-start; run(i, p.in, p.path) }()
			}
			close(start)
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: ingest %c: %v", round, 'A'+i, err)
			}
		}
		ra, rb := fileRange(t, s1, a), fileRange(t, s1, b)
		if ra[0] <= rb[1] && rb[0] <= ra[1] {
			t.Fatalf("round %d: the files' versions overlap: A %v, B %v", round, ra, rb)
		}
		later, laterName := rb, "B"
		if ra[0] > rb[0] {
			later, laterName = ra, "A"
		}
		if staggered && laterName != "B" {
			t.Fatalf("round %d: B started after A had its versions, yet A's are higher: A %v, B %v", round, ra, rb)
		}
		var wrong uint64
		if err := s1.Conn.QueryRow(ctx, "SELECT count() FROM ledger FINAL WHERE month = '2008-12-01' AND (version < ? OR version > ?)", later[0], later[1]).Scan(&wrong); err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Fatalf("round %d (%s): %d of %d persons keep the row of the earlier file (%s later, A %v, B %v)",
				round, map[bool]string{true: "staggered", false: "at once"}[staggered], wrong, len(ids), laterName, ra, rb)
		}
		got := aggregates(t, s1)
		if err := s1.RefreshAll(ctx); err != nil {
			t.Fatal(err)
		}
		if want := aggregates(t, s1); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: the figures after the two concurrent refreshes differ from a rebuild:\n%v\n%v", round, got, want)
		}
	}
	// No two reservations that stood, of files or refreshes, overlap.
	var overlaps uint64
	if err := s1.Conn.QueryRow(ctx, `SELECT count() FROM (SELECT token, any(version_from) AS f, any(version_to) AS t FROM version_reservations GROUP BY token HAVING max(toInt8(state)) != 2) AS x
		CROSS JOIN (SELECT token, any(version_from) AS f, any(version_to) AS t FROM version_reservations GROUP BY token HAVING max(toInt8(state)) != 2) AS y
		WHERE x.token < y.token AND x.f <= y.t AND y.f <= x.t`).Scan(&overlaps); err != nil {
		t.Fatal(err)
	}
	if overlaps != 0 {
		t.Fatalf("%d pairs of reservations overlap", overlaps)
	}
}

// pusher writes a spot-check XLSX of random notes (incompressible, so its versions reach far
// above the clock).
func pusher(t *testing.T, dir string, round int) string {
	rows := [][]string{}
	for i := 0; i < 5000; i++ {
		b := make([]byte, 96)
		_, _ = rand.Read(b)
		rows = append(rows, []string{"2008", community1, "pass", hex.EncodeToString(b)})
	}
	return writeFile(t, dir, fmt.Sprintf("spot_checks-%d.xlsx", round), xlsxBytes(t, withHeader(campaign.SpotChecks, false, rows)))
}

// fileRange is the versions reserved for the file at path (ingest_log).
func fileRange(t *testing.T, s *warehouse.Store, path string) [2]uint64 {
	t.Helper()
	var r [2]uint64
	name := path[strings.LastIndexByte(path, '/')+1:]
	if err := s.Conn.QueryRow(context.Background(), "SELECT version_from, version_to FROM ingest_log WHERE file_name = ? AND status = 'done'", name).Scan(&r[0], &r[1]); err != nil {
		t.Fatalf("%s in ingest_log: %v", name, err)
	}
	return r
}

// aggregates renders what readers see of the aggregate tables (without versions).
func aggregates(t *testing.T, s *warehouse.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, q := range map[string]string{
		"agg_household_month": "SELECT concat(toString(month), ' ', community_code, ' ', household_id, ' ', toString(persons), ' ', toString(labour_force), ' ', toString(lf_employed), ' ', toString(target_group), ' ', toString(tg_employed)) AS r FROM agg_household_month FINAL WHERE deleted = 0 ORDER BY r",
		"agg_community_month": "SELECT concat(toString(month), ' ', community_code, ' ', toString(persons), ' ', toString(households), ' ', toString(labour_force), ' ', toString(tg_employed), ' ', toString(reg_unemployed), ' ', toString(zero_households)) AS r FROM agg_community_month FINAL WHERE deleted = 0 ORDER BY r",
		"agg_zero_households": "SELECT concat(toString(month), ' ', community_code, ' ', household_id, ' ', toString(labour_force)) AS r FROM agg_zero_households FINAL WHERE deleted = 0 ORDER BY r",
		"agg_zero_events":     "SELECT concat(toString(month), ' ', community_code, ' ', household_id, ' ', toString(event)) AS r FROM agg_zero_events FINAL WHERE deleted = 0 ORDER BY r",
	} {
		rows, err := s.Conn.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], r)
		}
		rows.Close()
	}
	return out
}
