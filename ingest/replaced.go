package ingest

import (
	"context"
	"fmt"
	"slices"
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
// scan of two columns, a correction stops at the first earlier row). A re-run after a crash in the middle of publishing may find earlier rows already
// folded into the rows published then; the count that attempt recorded is kept.
func (in *Ingester) replaced(ctx context.Context, st fileStaging, fileID, base uint64, months map[time.Time]bool, staged int64) (int64, error) {
	table := string(st.kind)
	where := "1"
	var args []any
	var list []string
	if len(months) > 0 {
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
	// Any earlier row? (A plain LIMIT 1: 18.16 cannot count a subquery's constant over a
	// Distributed table.)
	q := "SELECT file_id FROM " + table + " WHERE " + where + " AND file_id != ? AND version < ? LIMIT 1"
	rows, err := in.store.Conn.Query(ctx, q, append(args, fileID, base)...)
	if err != nil {
		return 0, fmt.Errorf("look for earlier %s rows: %w", table, err)
	}
	earlier := rows.Next()
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("look for earlier %s rows: %w", table, err)
	}
	if !earlier {
		return int64(recorded), nil
	}
	// The keys of the file and the earlier keys of its months are grouped, and those in both
	// counted. For a file of few rows beside its months' (fewRows), only the earlier rows of
	// the file's keys are read: the persons' own IN runs first (PREWHERE, one column; 18.16
	// does not do that with a tuple IN). For many rows the sets cost more than they save.
	// GLOBAL on a cluster (Schema.In): the staging table is on this node only.
	key := strings.Join(campaign.Key[st.kind], ", ")
	own := ""
	if slices.Contains(campaign.Key[st.kind], "id_number") && len(list) > 0 {
		few, err := in.fewRows(ctx, table, list, staged)
		if err != nil {
			return 0, err
		}
		if few {
			own = " AND id_number GLOBAL IN (SELECT id_number FROM " + st.data + ")" +
				" AND (" + key + ") GLOBAL IN (SELECT " + key + " FROM " + st.data + ")"
		}
	}
	q = "SELECT count() FROM (SELECT max(mine) AS m, max(before) AS b FROM (" +
		"SELECT " + key + ", 1 AS mine, 0 AS before FROM " + st.data +
		" UNION ALL SELECT " + key + ", 0 AS mine, 1 AS before FROM " + table + " WHERE " + where + " AND file_id != ? AND version < ?" +
		own +
		") GROUP BY " + key + ") WHERE m = 1 AND b = 1"
	var n uint64
	if err := in.store.Conn.QueryRow(ctx, in.store.Schema().In(q), append(args, fileID, base)...).Scan(&n); err != nil {
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
