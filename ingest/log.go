package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	fsql "fullemp/sql"
)

// The states of a file in ingest_log.
const (
	statusStarted = "started"
	statusDone    = "done"
	statusFailed  = "failed"
)

// lastStatus returns the latest ingest_log state of a file ("" when never seen).
func lastStatus(ctx context.Context, conn driver.Conn, fileID uint64) (string, error) {
	var status string
	err := conn.QueryRow(ctx, qLastStatus, fileID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read ingest_log: %w", err)
	}
	return status, nil
}

// writeLog records a state of the file's ingest with the counts so far.
func (in *Ingester) writeLog(ctx context.Context, s *Summary, status string) error {
	b, err := in.store.Conn.PrepareBatch(ctx, "INSERT INTO ingest_log (file_id, file_name, kind, format, bytes, status, rows_read, rows_loaded, rows_replaced, rows_rejected, error, unknown_columns, seconds, at, version, version_from, version_to, header_row)")
	if err != nil {
		return fmt.Errorf("prepare ingest_log insert: %w", err)
	}
	defer b.Close()
	if err := b.Append(s.FileID, s.File, string(s.Kind), string(s.Format), uint64(s.Bytes), status,
		uint64(s.Read), uint64(s.Loaded), uint64(s.Replaced), uint64(s.Rejected), s.Error, unknown(s.Unknown), s.Seconds, time.Now(), in.versions.next(), s.versionFrom, s.versionTo, uint32(max(s.HeaderRow, 1))); err != nil {
		b.Abort()
		return fmt.Errorf("ingest_log row: %w", err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert ingest_log: %w", err)
	}
	return nil
}

// unknown is the list for ingest_log: never nil, since an Array column takes no NULL.
func unknown(cols []string) []string {
	if cols == nil {
		return []string{}
	}
	return cols
}

// Queries of sql/queries read by this file.
var (
	qLastStatus   = fsql.MustQuery("ingest_last_status")
	qVersionRange = fsql.MustQuery("ingest_version_range")
)
