package bulletin

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/sirupsen/logrus"

	"fullemp/period"
	fsql "fullemp/sql"
	"fullemp/standard"
)

var qDrafts = fsql.MustQuery("bulletin_drafts")

// Why a draft was made: its release day came, or every ledger of its last month was in.
const (
	ReasonDue      = "due"
	ReasonComplete = "complete"
)

// DraftRow is one draft of the release calendar.
type DraftRow struct {
	Region    string    `json:"region"`
	Period    string    `json:"period"`
	Lang      string    `json:"lang"`
	DraftedAt time.Time `json:"drafted_at"`
	Reason    string    `json:"reason"`
}

// Drafts returns every draft of the calendar whose area keep accepts, published or not.
func Drafts(ctx context.Context, conn driver.Conn, keep func(region string) bool) ([]DraftRow, error) {
	rows, err := conn.Query(ctx, qDrafts)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var out []DraftRow
	for rows.Next() {
		var d DraftRow
		if err := rows.Scan(&d.Region, &d.Period, &d.Lang, &d.DraftedAt, &d.Reason); err != nil {
			return nil, fmt.Errorf("list drafts: %w", err)
		}
		if keep == nil || keep(d.Region) {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// Drafter drafts the bulletins the calendar says are due. For each area and kind of period
// it considers the periods after the latest one published (none published yet: only the
// newest that is due, so that a warehouse loaded with years of history is not buried in
// drafts of them); a period is due on its release day, or earlier once every assessed
// community's ledger for its last month is in. A period is drafted once; a draft is the
// city role's only until a city user publishes it.
type Drafter struct {
	Conn driver.Conn
	// Src reads the whole city (the drafter is the system, not a user).
	Src  Source
	Cfg  standard.Config
	Opts Options
	// Now is the clock; tests move it.
	Now func() time.Time
	Log *logrus.Entry

	mu sync.Mutex // one check at a time: a check reads the drafts before it writes one
}

// Check drafts every bulletin that has come due and is not yet drafted or published, and
// returns what it drafted.
func (d *Drafter) Check(ctx context.Context) ([]DraftRow, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.Now()
	months, err := d.Src.Months(ctx)
	if err != nil {
		return nil, err
	}
	has := map[time.Time]bool{}
	for _, m := range months {
		has[m] = true
	}
	drafted := map[string]bool{}
	ds, err := Drafts(ctx, d.Conn, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range ds {
		drafted[r.Region+" "+r.Period] = true
	}
	var made []DraftRow
	for _, region := range d.Opts.Regions {
		pub, err := List(ctx, d.Conn, func(r string) bool { return r == region })
		if err != nil {
			return made, err
		}
		latest := map[period.Kind]string{}
		for _, r := range pub {
			if p, err := period.Parse(r.Period); err == nil && r.Period > latest[p.Kind] {
				latest[p.Kind] = r.Period
			}
		}
		for _, kind := range []period.Kind{period.Monthly, period.Quarterly, period.Annual} {
			due, err := d.due(ctx, region, kind, months, has, latest[kind], now)
			if err != nil {
				return made, err
			}
			for _, c := range due {
				if drafted[region+" "+c.p.String()] {
					continue
				}
				b, err := Build(ctx, d.Src, d.Cfg, d.Opts, region, c.p, "zh", now)
				if errors.Is(err, ErrFuture) || errors.Is(err, ErrNoData) {
					continue // complete in the ledgers, but not yet over on the clock
				}
				if err != nil {
					return made, fmt.Errorf("draft %s %s: %w", region, c.p, err)
				}
				row := DraftRow{Region: region, Period: c.p.String(), Lang: "zh", DraftedAt: now.UTC().Truncate(time.Second), Reason: c.reason}
				if err := d.insert(ctx, row); err != nil {
					return made, err
				}
				drafted[region+" "+row.Period] = true
				made = append(made, row)
				if d.Log != nil {
					d.Log.WithFields(logrus.Fields{"region": region, "period": row.Period, "reason": row.Reason,
						"release_day":     d.Opts.ReleaseDay(c.p).Format("2006-01-02"),
						"communities_met": b.Numbers["communities_met"].Value, "communities_assessed": b.Numbers["communities_assessed"].Value}).
						Info("bulletin drafted (embargoed: city role only until published)")
				}
			}
		}
	}
	return made, nil
}

type candidate struct {
	p      period.Period
	reason string
}

// due lists the periods of kind after latest (a period string, "" for none) whose release
// day has come or whose last month's ledgers are all in, oldest first.
func (d *Drafter) due(ctx context.Context, region string, kind period.Kind, months []time.Time, has map[time.Time]bool, latest string, now time.Time) ([]candidate, error) {
	seen := map[string]bool{}
	var ps []period.Period
	for _, m := range months {
		p := period.Of(m)
		switch kind {
		case period.Quarterly:
			p = period.Period{Kind: period.Quarterly, Year: m.Year(), Index: (int(m.Month())-1)/3 + 1}
		case period.Annual:
			p = period.Period{Kind: period.Annual, Year: m.Year(), Index: 1}
		}
		if !has[p.Last()] || seen[p.String()] || (latest != "" && p.String() <= latest) {
			continue
		}
		seen[p.String()] = true
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].String() < ps[j].String() })
	var out []candidate
	for _, p := range ps {
		end := p.Last().AddDate(0, 1, 0)
		if now.Before(time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, Beijing)) {
			continue // not over yet, however complete its ledgers
		}
		if !now.Before(d.Opts.ReleaseDay(p)) {
			out = append(out, candidate{p, ReasonDue})
			continue
		}
		f, err := d.Src.Figures(ctx, region, p.Last())
		if err != nil {
			return nil, fmt.Errorf("figures of %s for %s: %w", region, p.Last().Format("2006-01"), err)
		}
		if f.Reporting > 0 && len(f.Missing) == 0 {
			out = append(out, candidate{p, ReasonComplete})
		}
	}
	if latest == "" && len(out) > 1 {
		out = out[len(out)-1:]
	}
	return out, nil
}

func (d *Drafter) insert(ctx context.Context, r DraftRow) error {
	var ingest uint64
	if err := d.Conn.QueryRow(ctx, qIngestMax).Scan(&ingest); err != nil {
		return fmt.Errorf("read the ingest log: %w", err)
	}
	batch, err := d.Conn.PrepareBatch(ctx, "INSERT INTO bulletin_drafts (region, period, lang, drafted_at, reason, ingest_version)")
	if err != nil {
		return fmt.Errorf("store draft: %w", err)
	}
	defer batch.Close()
	if err := batch.Append(r.Region, r.Period, r.Lang, r.DraftedAt, r.Reason, ingest); err != nil {
		return fmt.Errorf("store draft: %w", err)
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("store draft: %w", err)
	}
	return nil
}

// Watch checks at once, then every Opts.CheckEvery and whenever kick fires (an ingest or
// upload), until ctx ends. A failed check is logged and tried again at the next one.
func (d *Drafter) Watch(ctx context.Context, kick <-chan struct{}) {
	every := d.Opts.CheckEvery
	if every <= 0 {
		every = 10 * time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := d.Check(ctx); err != nil && ctx.Err() == nil && d.Log != nil {
			d.Log.WithError(err).Warn("bulletin calendar check")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-kick:
		}
	}
}
