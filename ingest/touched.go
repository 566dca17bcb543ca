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
	qTouchedStaged        = fsql.MustQuery("ingest_touched_staged")
	qTouchedLedger        = fsql.MustQuery("ingest_touched_ledger")
	qTouchedContributions = fsql.MustQuery("ingest_touched_contributions")
)

// touched returns the (month, community) pairs whose figures the file's staged rows change,
// read before they are published, and the highest version reserved just before they were
// read (a file published after that may have moved one of its persons: the refresh covers
// the pairs of files refreshed above it too). A ledger touches the communities of its rows
// and those of its persons' latest rows now (a moved person leaves one), except in months
// its own rows make whole (warehouse.WholeMonth: every community is recomputed); contributions
// touch the communities where their persons' latest ledger rows of the month are. Other
// kinds touch no aggregate. city is how many communities the regions hold.
func (in *Ingester) touched(ctx context.Context, st fileStaging, months map[time.Time]bool, city int) (uint64, []warehouse.Pair, error) {
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
		rows, err := in.store.Conn.Query(ctx, strings.ReplaceAll(q, "ingest_staging", st.data), args...)
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
	q := qTouchedContributions
	if st.kind == campaign.Ledger {
		if err := read(qTouchedStaged, nil); err != nil {
			return after, nil, err
		}
		q = qTouchedLedger
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
	return after, pairs, read(q, list)
}
