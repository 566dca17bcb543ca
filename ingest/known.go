package ingest

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	fsql "fullemp/sql"
)

// loadKnown reads the community and street codes of regions FINAL: what ledger,
// placements, spot checks and street scores may refer to. A run reads it after loading
// its own regions files, so it includes them.
func loadKnown(ctx context.Context, conn driver.Conn) (*known, error) {
	k := &known{communities: map[string]struct{}{}, streets: map[string]struct{}{}}
	rows, err := conn.Query(ctx, qRegionCodes)
	if err != nil {
		return nil, fmt.Errorf("read region codes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, s string
		if err := rows.Scan(&c, &s); err != nil {
			return nil, fmt.Errorf("read region codes: %w", err)
		}
		k.communities[c] = struct{}{}
		k.streets[s] = struct{}{}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read region codes: %w", err)
	}
	return k, nil
}

// notePadded records household IDs with leading zeros that a published ledger file holds
// ((community, ID) pairs), for the run's later files.
func (k *known) notePadded(ids [][2]string) {
	if len(ids) == 0 {
		return
	}
	if k.padded == nil {
		k.padded = map[string][]string{}
	}
	for _, p := range ids {
		k.padded[p[0]] = append(k.padded[p[0]], p[1])
	}
}

// Queries of sql/queries read by this file.
var (
	qRegionCodes = fsql.MustQuery("region_codes")
)
