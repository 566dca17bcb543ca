package warehouse

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	fsql "fullemp/sql"
)

var (
	qRegions         = fsql.MustQuery("regions")
	qCommunityMonths = fsql.MustQuery("community_months")
	qZeroOpen        = fsql.MustQuery("zero_households_open")
)

// counts is one agg_community_month row, or a sum of them.
type counts struct {
	persons, households, labourForce, lfEmployed, targetGroup, tgEmployed, tgLedgerEmployed,
	tgMatched, matched, regUnemployed, age4050, age4050Employed, hard, hardEmployed, longTerm,
	gradTarget, gradEmployed, ruralTarget, ruralEmployed, zero uint64
	// formed and eliminated come from agg_zero_events.
	formed, eliminated uint64
}

func (c *counts) add(o *counts) {
	c.persons += o.persons
	c.households += o.households
	c.labourForce += o.labourForce
	c.lfEmployed += o.lfEmployed
	c.targetGroup += o.targetGroup
	c.tgEmployed += o.tgEmployed
	c.tgLedgerEmployed += o.tgLedgerEmployed
	c.tgMatched += o.tgMatched
	c.matched += o.matched
	c.regUnemployed += o.regUnemployed
	c.age4050 += o.age4050
	c.age4050Employed += o.age4050Employed
	c.hard += o.hard
	c.hardEmployed += o.hardEmployed
	c.longTerm += o.longTerm
	c.gradTarget += o.gradTarget
	c.gradEmployed += o.gradEmployed
	c.ruralTarget += o.ruralTarget
	c.ruralEmployed += o.ruralEmployed
	c.zero += o.zero
	c.formed += o.formed
	c.eliminated += o.eliminated
}

// monthTable holds the aggregates of a span of months: month → community → counts.
type monthTable map[time.Time]map[string]*counts

// loadMonths reads agg_community_month with the zero-employment events for [from, to].
func (s *Store) loadMonths(ctx context.Context, from, to time.Time) (monthTable, error) {
	out := monthTable{}
	f, t := from.Format("2006-01-02"), to.Format("2006-01-02")
	rows, err := s.Conn.Query(ctx, qCommunityMonths, f, t, f, t)
	if err != nil {
		return nil, fmt.Errorf("read aggregates: %w", err)
	}
	if err := scanCounts(rows, out); err != nil {
		return nil, fmt.Errorf("read aggregates: %w", err)
	}
	return out, nil
}

func scanCounts(rows driver.Rows, out monthTable) error {
	defer rows.Close()
	for rows.Next() {
		var m time.Time
		var code string
		c := &counts{}
		if err := rows.Scan(&m, &code, &c.persons, &c.households, &c.labourForce, &c.lfEmployed,
			&c.targetGroup, &c.tgEmployed, &c.tgLedgerEmployed, &c.tgMatched, &c.matched,
			&c.regUnemployed, &c.age4050, &c.age4050Employed, &c.hard, &c.hardEmployed,
			&c.longTerm, &c.gradTarget, &c.gradEmployed, &c.ruralTarget, &c.ruralEmployed, &c.zero,
			&c.formed, &c.eliminated); err != nil {
			return err
		}
		m = monthStart(m)
		if out[m] == nil {
			out[m] = map[string]*counts{}
		}
		out[m][code] = c
	}
	return rows.Err()
}
