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
)

// replaced counts the distinct keys of the file's staged rows that an earlier row already
// holds: a row of another file (a previous attempt of the same file does not count) with a
// lower version, i.e. loaded before this file. The input table does not yet hold this
// file's rows, so no merge can have folded the earlier rows away: the count is exact.
// It reads only the months the file touched for the partitioned kinds, and first checks
// cheaply whether those months hold any earlier row at all (a first load then costs one
// count). A re-run after a crash in the middle of publishing may find earlier rows already
// folded into the rows published then; the count that attempt recorded is kept.
func (in *Ingester) replaced(ctx context.Context, st fileStaging, fileID, base uint64, months map[time.Time]bool) (int64, error) {
	table := string(st.kind)
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
	var recorded uint64
	if err := in.store.Conn.QueryRow(ctx, qReplacedRecorded, fileID).Scan(&recorded); err != nil {
		return 0, fmt.Errorf("read the replaced count of an earlier attempt: %w", err)
	}
	var earlier uint64
	q := "SELECT count() FROM " + table + " WHERE " + where + " AND file_id != ? AND version < ?"
	if err := in.store.Conn.QueryRow(ctx, q, append(args, fileID, base)...).Scan(&earlier); err != nil {
		return 0, fmt.Errorf("count earlier %s rows: %w", table, err)
	}
	if earlier == 0 {
		return int64(recorded), nil
	}
	// Only the earlier rows of the file's own keys are read (the primary key finds them); GLOBAL:
	// the staging table is on this node only, and a cluster's shards read the set from here.
	key := strings.Join(campaign.Key[st.kind], ", ")
	q = "SELECT count() FROM (SELECT max(mine) AS m, max(before) AS b FROM (" +
		"SELECT " + key + ", 1 AS mine, 0 AS before FROM " + st.data +
		" UNION ALL SELECT " + key + ", 0 AS mine, 1 AS before FROM " + table + " WHERE " + where + " AND file_id != ? AND version < ?" +
		" AND (" + key + ") GLOBAL IN (SELECT " + key + " FROM " + st.data + ")" +
		") GROUP BY " + key + ") WHERE m = 1 AND b = 1"
	var n uint64
	if err := in.store.Conn.QueryRow(ctx, q, append(args, fileID, base)...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count replaced %s keys: %w", table, err)
	}
	return int64(max(n, recorded)), nil
}

var qReplacedRecorded = fsql.MustQuery("ingest_replaced_recorded")

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
