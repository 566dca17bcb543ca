package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/campaign"
)

// Rejection is one rejected data row: where it was, what is wrong with it, and its cells
// as the file gave them, so that it can be written back out, fixed and sent again.
type Rejection struct {
	File   string
	FileID uint64
	Kind   campaign.Kind
	Row    uint32 // 1-based data row: the header is not counted, so it is spreadsheet row Row+1
	Column string // every broken column, comma-separated ("(row)" when the row itself is malformed)
	Value  string // their values, " | "-separated
	Reason string // "column: reason" for each, "; "-separated
	Header []string
	Cells  []string
	// Problems are the broken cells one by one, each reason in both languages (Reason
	// joins them); nil for rows quarantined before they were kept (migration 0020).
	Problems []Problem
	// SheetRow is the row as a spreadsheet numbers it (the header's row + Row), where
	// the reader knows it (UploadRejections); 0 otherwise.
	SheetRow uint32
}

// quarantineFlushRows bounds the rejected rows a file holds in memory before writing them.
const quarantineFlushRows = 10000

// quarantineWriter writes a file's rejected rows to the quarantine table and keeps the
// first few for the caller. Its rows carry the same version as the data row would have, so
// a re-ingest of the file replaces them instead of adding more.
type quarantineWriter struct {
	conn   driver.Conn
	table  string // quarantine, or the file's staging copy of it
	fileID uint64
	name   string
	kind   campaign.Kind
	header []string
	hdrJS  string
	keepN  int

	mu       sync.Mutex
	pending  []Rejection
	versions []uint64
	kept     []Rejection
}

func newQuarantineWriter(conn driver.Conn, table string, fileID uint64, name string, l layout, keep int) *quarantineWriter {
	js, _ := json.Marshal(l.header)
	return &quarantineWriter{conn: conn, table: table, fileID: fileID, name: name, kind: l.kind, header: l.header, hdrJS: string(js), keepN: keep}
}

func (q *quarantineWriter) add(ctx context.Context, r Rejection, version uint64) error {
	r.File, r.FileID, r.Kind, r.Header = q.name, q.fileID, q.kind, q.header
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.kept) < q.keepN {
		q.kept = append(q.kept, r)
	}
	q.pending = append(q.pending, r)
	q.versions = append(q.versions, version)
	if len(q.pending) >= quarantineFlushRows {
		return q.flushLocked(ctx)
	}
	return nil
}

func (q *quarantineWriter) flush(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.flushLocked(ctx)
}

func (q *quarantineWriter) flushLocked(ctx context.Context) error {
	if len(q.pending) == 0 {
		return nil
	}
	b, err := q.conn.PrepareBatch(ctx, "INSERT INTO "+q.table+" (file_id, file_name, kind, source_row, column, value, reason, header, raw, at, version, problems)")
	if err != nil {
		return fmt.Errorf("prepare quarantine insert: %w", err)
	}
	defer b.Close()
	now := time.Now()
	for i, r := range q.pending {
		raw, _ := json.Marshal(r.Cells)
		probs, _ := json.Marshal(r.Problems)
		if err := b.Append(q.fileID, q.name, string(q.kind), r.Row, r.Column, r.Value, r.Reason, q.hdrJS, string(raw), now, q.versions[i], string(probs)); err != nil {
			b.Abort()
			return fmt.Errorf("quarantine row %d: %w", r.Row, err)
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert quarantine: %w", err)
	}
	q.pending, q.versions = q.pending[:0], q.versions[:0]
	return nil
}
