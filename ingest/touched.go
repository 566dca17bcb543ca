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
	qTouchedLedger        = fsql.MustQuery("ingest_touched_ledger")
	qTouchedContributions = fsql.MustQuery("ingest_touched_contributions")
)

// touched returns the (month, community) pairs whose figures the file's staged rows change,
// read before they are published, and the highest version reserved just before they were
// read (a file published after that may have moved one of its persons: the refresh covers
// the pairs of files refreshed above it too). A ledger touches the communities of its rows and those of its persons' latest rows
// now (a moved person leaves one); contributions touch the communities where their
// persons' latest ledger rows of the month are. Other kinds touch no aggregate.
func (in *Ingester) touched(ctx context.Context, st fileStaging, months map[time.Time]bool) (uint64, []warehouse.Pair, error) {
	var q string
	switch st.kind {
	case campaign.Ledger:
		q = qTouchedLedger
	case campaign.Contributions:
		q = qTouchedContributions
	default:
		return 0, nil, nil
	}
	after, err := in.store.ReservedTop(ctx)
	if err != nil {
		return 0, nil, err
	}
	list := make([]string, 0, len(months))
	for m := range months {
		list = append(list, m.Format("2006-01-02"))
	}
	sort.Strings(list)
	rows, err := in.store.Conn.Query(ctx, strings.ReplaceAll(q, "ingest_staging", st.data), clickhouse.GroupSet{Value: toAny(list)})
	if err != nil {
		return after, nil, fmt.Errorf("read the communities the file touches: %w", err)
	}
	defer rows.Close()
	seen := map[warehouse.Pair]bool{}
	var pairs []warehouse.Pair
	for rows.Next() {
		var p warehouse.Pair
		if err := rows.Scan(&p.Month, &p.Community); err != nil {
			return after, nil, fmt.Errorf("read the communities the file touches: %w", err)
		}
		p.Month = time.Date(p.Month.Year(), p.Month.Month(), 1, 0, 0, 0, 0, time.UTC)
		if !seen[p] {
			seen[p] = true
			pairs = append(pairs, p)
		}
	}
	return after, pairs, rows.Err()
}
