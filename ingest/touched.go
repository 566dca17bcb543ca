package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"fullemp/campaign"
	fsql "fullemp/sql"
	"fullemp/warehouse"
)

var (
	qTouchedStaged     = fsql.MustQuery("ingest_touched_staged")
	qTouchedPersons    = fsql.MustQuery("ingest_touched_persons")
	qTouchedPersonsFew = fsql.MustQuery("ingest_touched_persons_few")
)

// fewShare: a file of fewer rows than the months' rows of a table over fewShare is read
// against it by its persons' own IN (the _few queries): a correction, not an extract.
const fewShare = 8

// fewRows reports whether staged rows are few beside table's rows in months (Date strings).
func (in *Ingester) fewRows(ctx context.Context, table string, months []string, staged int64) (bool, error) {
	var n uint64
	if err := in.store.Conn.QueryRow(ctx, "SELECT count() FROM "+table+" WHERE month IN ?", clickhouse.GroupSet{Value: toAny(months)}).Scan(&n); err != nil {
		return false, fmt.Errorf("count %s's rows of the file's months: %w", table, err)
	}
	return uint64(staged)*fewShare < n, nil
}

// touched returns the (month, community) pairs whose figures the file's staged rows change,
// read before they are published, and the highest version reserved just before they were
// read (a file published after that may have moved one of its persons: the refresh covers
// the pairs of files refreshed above it too). A ledger touches the communities of its rows
// and those of its persons' latest rows now (a moved person leaves one), except in months
// its own rows make whole (warehouse.WholeMonth: every community is recomputed); contributions
// touch the communities where their persons' latest ledger rows of the month are. Other
// kinds touch no aggregate. city is how many communities the regions hold.
func (in *Ingester) touched(ctx context.Context, st fileStaging, months map[time.Time]bool, city int, staged int64) (uint64, []warehouse.Pair, error) {
	if st.kind != campaign.Ledger && st.kind != campaign.Contributions {
		return 0, nil, nil
	}
	after, err := in.store.ReservedTop(ctx)
	if err != nil {
		return 0, nil, err
	}
	seen := map[warehouse.Pair]bool{}
	var pairs []warehouse.Pair
	read := func(q string, months []string) error {
		var args []any
		if months != nil {
			args = append(args, clickhouse.GroupSet{Value: toAny(months)})
		}
		rows, err := in.store.Conn.Query(ctx, in.store.Schema().In(strings.ReplaceAll(q, "ingest_staging", st.data)), args...)
		if err != nil {
			return fmt.Errorf("read the communities the file touches: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var p warehouse.Pair
			if err := rows.Scan(&p.Month, &p.Community); err != nil {
				return fmt.Errorf("read the communities the file touches: %w", err)
			}
			p.Month = time.Date(p.Month.Year(), p.Month.Month(), 1, 0, 0, 0, 0, time.UTC)
			if !seen[p] {
				seen[p] = true
				pairs = append(pairs, p)
			}
		}
		return rows.Err()
	}
	if st.kind == campaign.Ledger {
		if err := read(qTouchedStaged, nil); err != nil {
			return after, nil, err
		}
	}
	perMonth := map[time.Time]int{}
	for _, p := range pairs {
		perMonth[p.Month]++
	}
	var list []string
	for m := range months {
		if !warehouse.WholeMonth(perMonth[m], city) {
			list = append(list, m.Format("2006-01-02"))
		}
	}
	if len(list) == 0 {
		return after, pairs, nil
	}
	sort.Strings(list)
	q := qTouchedPersons
	if few, err := in.fewRows(ctx, "ledger", list, staged); err != nil {
		return after, nil, err
	} else if few {
		q = qTouchedPersonsFew
	}
	return after, pairs, read(q, list)
}
