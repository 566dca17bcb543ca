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

// Queries of sql/queries read by this file.
var (
	qRegionCodes = fsql.MustQuery("region_codes")
)
