package warehouse

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	fsql "fullemp/sql"
)

// FigureSettings are the ClickHouse settings whose value changes a figure. fullemp sets
// each one that the server knows on every statement of its connection, so a server or
// user profile configured otherwise cannot change a number. None of them turns a current
// server back to old behaviour: each is pinned at the default of both 18.16 and 26.x.
var FigureSettings = []struct {
	Name  string
	Value int // clickhouse-go sends an 18.16 server numeric and boolean settings only
	Why   string
}{
	{"join_use_nulls", 0, "with 1 the unmatched side of every LEFT JOIN is NULL and the refresh's sums turn NULL"},
	{"optimize_move_to_prewhere_if_final", 0, "with 1 a tombstone filter (deleted = 0) runs before FINAL and deleted rows come back"},
	{"final", 0, "with 1 every table read is FINAL, the staging tables and ingest's counts included"},
	{"do_not_merge_across_partitions_select_final", 0, "with 1 FINAL keeps a key's versions from different partitions"},
	{"aggregate_functions_null_for_empty", 0, "with 1 a sum over no rows is NULL, not 0"},
	{"transform_null_in", 0, "with 1 NULL IN (NULL) is true"},
	{"cast_keep_nullable", 0, "with 1 CAST of a Nullable keeps it Nullable and scans fail"},
	{"any_join_distinct_right_table_keys", 0, "with 1 ANY JOIN takes the 18.x meaning on a current server"},
	{"join_any_take_last_row", 0, "with 1 an ANY JOIN keeps another of duplicate right rows"},
}

// TruncatingSettings are the settings that, set to 'break' by a profile, make a limit cut a
// result short without an error. They take a string, which clickhouse-go cannot send to an
// 18.16 server, so fullemp cannot pin them: it refuses a connection whose profile has any
// of them at anything but 'throw' (CheckSettings).
var TruncatingSettings = []string{"read_overflow_mode", "result_overflow_mode", "timeout_overflow_mode"}

// DeadlineSettings are the settings fullemp sets on every statement besides
// FigureSettings, to bound its time on the server: max_execution_time in whole seconds,
// which ClickHouse 18.16 and current ClickHouse both know (a numeric setting, so
// clickhouse-go can send it to 18.16). clickhouse-go lowers it per statement to the
// caller's context deadline plus 5 s. A statement over it fails with Code 159
// TIMEOUT_EXCEEDED rather than returning part of its rows, because CheckSettings refuses a
// profile whose timeout_overflow_mode is 'break'.
func DeadlineSettings(queryTimeout time.Duration) clickhouse.Settings {
	return clickhouse.Settings{"max_execution_time": int(queryTimeout / time.Second)}
}

var (
	qKnownSettings = fsql.MustQuery("settings_known")
	qSettingValues = fsql.MustQuery("settings_values")
)

// CheckSettings fails when the connection's profile sets a TruncatingSettings to anything
// but 'throw': every figure read through it could be cut short without a word.
func CheckSettings(ctx context.Context, conn driver.Conn) error {
	rows, err := conn.Query(ctx, qSettingValues, TruncatingSettings)
	if err != nil {
		return fmt.Errorf("read the server's settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return fmt.Errorf("read the server's settings: %w", err)
		}
		if value != "throw" {
			return fmt.Errorf("the ClickHouse profile sets %s = '%s': a limit would then cut figures short without an error; set it to 'throw' for fullemp's user", name, value)
		}
	}
	return rows.Err()
}

// PinnedSettings returns FigureSettings restricted to the settings conn's server knows (an
// unknown setting is an error on 18.16; a setting a server does not know cannot change
// its answers).
func PinnedSettings(ctx context.Context, conn driver.Conn) (clickhouse.Settings, error) {
	names := make([]string, len(FigureSettings))
	for i, s := range FigureSettings {
		names[i] = s.Name
	}
	rows, err := conn.Query(ctx, qKnownSettings, names)
	if err != nil {
		return nil, fmt.Errorf("read the server's settings: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read the server's settings: %w", err)
		}
		known[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the server's settings: %w", err)
	}
	out := clickhouse.Settings{}
	for _, s := range FigureSettings {
		if known[s.Name] {
			out[s.Name] = s.Value
		}
	}
	return out, nil
}
