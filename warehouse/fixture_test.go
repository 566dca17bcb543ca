package warehouse_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fullemp/idcard"
	"fullemp/warehouse"
)

// row is one hand-built ledger row; age, sex and birth date are derived from the ID number
// as ingest does (idcard.AgeOn on the month's last day).
type row struct {
	month     string // YYYY-MM
	id        string // 18 or 15 digits
	community string
	household string
	status    string
	notAble   bool
	hard      bool
	graduate  bool
	rural     bool
	since     string // YYYY-MM-DD or ""
	version   uint64
}

// person makes an 18-digit ID for a birth date and sex.
func person(birth string, male bool, n int) string {
	b, err := time.Parse("2006-01-02", birth)
	if err != nil {
		panic(err)
	}
	seq := 2 * n
	if male {
		seq++
	}
	return idcard.Make("330102", b, seq)
}

func month(s string) time.Time {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		panic(err)
	}
	return t
}

type community struct {
	code, typ string
	from      int
}

func insertRegions(t *testing.T, s *warehouse.Store, cs ...community) {
	t.Helper()
	ctx := context.Background()
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO regions (district_code, district_name, district_group, street_code, street_name, community_code, community_name, community_type, assessed_from, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		group := "main_urban"
		if c.code[:6] == "330109" {
			group = "xiaoshan"
		}
		if err := b.Append(c.code[:6], "区"+c.code[:6], group, c.code[:9], "街道"+c.code[:9], c.code, "社区"+c.code, c.typ, uint16(c.from), uint64(1), uint32(i+1), uint64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// insertLedger loads rows and returns the Changes an ingest would report.
func insertLedger(t *testing.T, s *warehouse.Store, rows []row) warehouse.Changes {
	t.Helper()
	ctx := context.Background()
	b, err := s.Conn.PrepareBatch(ctx, "INSERT INTO ledger (month, id_number, name, community_code, household_id, status, able, willing, hard_to_employ, assistance_card, graduate, rural_labor, unemployed_since, training_wish, birth_date, male, age, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	var ch warehouse.Changes
	for i, r := range rows {
		id, err := idcard.Normalize(r.id)
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		m := month(r.month)
		last := m.AddDate(0, 1, -1)
		birth := idcard.BirthDate(id)
		var since *time.Time
		if r.since != "" {
			d, err := time.Parse("2006-01-02", r.since)
			if err != nil {
				t.Fatal(err)
			}
			since = &d
		}
		v := r.version
		if v == 0 {
			v = 1
		}
		if err := b.Append(m, id, "人"+id[14:], r.community, r.household, r.status, b2u(!r.notAble), uint8(1),
			b2u(r.hard), uint8(0), b2u(r.graduate), b2u(r.rural), since, uint8(0), birthNumber(birth), b2u(idcard.Male(id)),
			uint8(idcard.AgeOn(birth, last)), uint64(1), uint32(i+1), v); err != nil {
			t.Fatal(err)
		}
		ch.Add("ledger", m)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	return ch
}

type contribution struct{ month, id, employer string }

func insertContributions(t *testing.T, s *warehouse.Store, cs []contribution) warehouse.Changes {
	t.Helper()
	b, err := s.Conn.PrepareBatch(context.Background(), "INSERT INTO contributions (month, id_number, employer_code, employer_name, file_id, source_row, version)")
	if err != nil {
		t.Fatal(err)
	}
	var ch warehouse.Changes
	for i, c := range cs {
		id, err := idcard.Normalize(c.id)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Append(month(c.month), id, "91330100MA"+fmt.Sprintf("%08d", i), c.employer, uint64(1), uint32(i+1), uint64(i+1)); err != nil {
			t.Fatal(err)
		}
		ch.Add("contributions", month(c.month))
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	return ch
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func refresh(t *testing.T, s *warehouse.Store, chs ...warehouse.Changes) {
	t.Helper()
	var all warehouse.Changes
	for _, c := range chs {
		all.Merge(c)
	}
	if err := s.Refresh(context.Background(), all); err != nil {
		t.Fatalf("refresh: %v", err)
	}
}

// birthNumber is ledger.birth_date as ingest stores it: YYYYMMDD (a Date cannot hold
// births before 1970; see migration 0002).
func birthNumber(b time.Time) uint32 {
	return uint32(b.Year()*10000 + int(b.Month())*100 + b.Day())
}
