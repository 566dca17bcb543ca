package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"fullemp/campaign"
)

// replaced counts the distinct keys of this file's loaded rows that some earlier row
// already held: rows of another file (a previous attempt of the same file does not count)
// with a lower version, i.e. loaded before this file. It reads only the months the file
// touched for the partitioned kinds, and first checks cheaply whether those months hold
// any earlier row at all (a first load then costs one count).
func (in *Ingester) replaced(ctx context.Context, k campaign.Kind, fileID, base uint64, months map[time.Time]bool) (int64, error) {
	table := string(k)
	where := "1"
	var args []any
	if len(months) > 0 {
		list := make([]string, 0, len(months))
		for m := range months {
			list = append(list, m.Format("2006-01-02"))
		}
		sort.Strings(list)
		where = "month IN ?"
		args = append(args, clickhouse.GroupSet{Value: toAny(list)})
	}
	var earlier uint64
	q := "SELECT count() FROM " + table + " WHERE " + where + " AND file_id != ? AND version < ?"
	if err := in.store.Conn.QueryRow(ctx, q, append(args, fileID, base)...).Scan(&earlier); err != nil {
		return 0, fmt.Errorf("count earlier %s rows: %w", table, err)
	}
	if earlier == 0 {
		return 0, nil
	}
	key := strings.Join(campaign.Key[k], ", ")
	q = "SELECT count() FROM (SELECT max(file_id = ?) AS mine, max(file_id != ? AND version < ?) AS before FROM " +
		table + " WHERE " + where + " GROUP BY " + key + ") WHERE mine = 1 AND before = 1"
	var n uint64
	if err := in.store.Conn.QueryRow(ctx, q, append([]any{fileID, fileID, base}, args...)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count replaced %s keys: %w", table, err)
	}
	return int64(n), nil
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
