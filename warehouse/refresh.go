package warehouse

import (
	"context"
	"time"

	"fullemp/campaign"
)

// Changes says what an ingest run loaded, so that the per-month, per-community aggregates
// can be brought up to date for exactly those months.
type Changes struct {
	// Months holds the first day (UTC) of every ledger or contribution month with loaded rows.
	Months map[time.Time]bool
	// Kinds holds every kind with loaded rows.
	Kinds map[campaign.Kind]bool
}

// Add records that rows of kind k were loaded for month (zero month for kinds without one).
func (c *Changes) Add(k campaign.Kind, month time.Time) {
	if c.Kinds == nil {
		c.Kinds = map[campaign.Kind]bool{}
		c.Months = map[time.Time]bool{}
	}
	c.Kinds[k] = true
	if !month.IsZero() {
		c.Months[month] = true
	}
}

// Merge adds everything o records to c.
func (c *Changes) Merge(o Changes) {
	for k := range o.Kinds {
		c.Add(k, time.Time{})
	}
	for m := range o.Months {
		c.Months[m] = true
	}
}

// Refresh brings the aggregates up to date after an ingest run. The figures work
// (issue 3) fills it in; ingest calls it once per run with what the run loaded.
func (s *Store) Refresh(ctx context.Context, ch Changes) error {
	return nil
}
