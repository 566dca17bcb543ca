package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

// Report is a finished ingest of a file as ingest_log recorded it: what a file sent again
// shows (its first report), and where its rows stand in the spreadsheet.
type Report struct {
	File                             string
	Read, Loaded, Replaced, Rejected int64
	// HeaderRow is the spreadsheet row of the file's header (1 unless title rows stand
	// above it): data row n is spreadsheet row HeaderRow+n.
	HeaderRow int
	At        time.Time
}

// doneReport reads the report of the file's latest finished ingest; ok is false when the
// file was never ingested to the end.
func doneReport(ctx context.Context, in *Ingester, fileID uint64) (rep Report, ok bool, err error) {
	var read, loaded, replaced, rejected uint64
	var header uint32
	err = in.store.Conn.QueryRow(ctx, qDoneReport, fileID).Scan(&rep.File, &read, &loaded, &replaced, &rejected, &header, &rep.At)
	if errors.Is(err, sql.ErrNoRows) {
		return Report{HeaderRow: 1}, false, nil
	}
	if err != nil {
		return Report{}, false, fmt.Errorf("read the file's report in ingest_log: %w", err)
	}
	rep.Read, rep.Loaded, rep.Replaced, rep.Rejected = int64(read), int64(loaded), int64(replaced), int64(rejected)
	rep.HeaderRow = max(int(header), 1)
	return rep, true, nil
}

// headerOf returns the file's own name of the kind's column col (as its header wrote it:
// 身份证号 or id_number), col itself when the header has none.
func (r Rejection) headerOf(col string) string {
	for _, h := range r.Header {
		if k := r.Kind.ColumnIndex(h); k >= 0 && campaign.Columns[r.Kind][k].Name == col {
			return strings.TrimSpace(h)
		}
	}
	return col
}

// alias is the Chinese name of the kind's column col ("" for none).
func (r Rejection) alias(col string) string {
	for _, c := range campaign.Columns[r.Kind] {
		if c.Name == col {
			return c.Alias
		}
	}
	return "\x00"
}

// Columns returns the broken columns under the file's own names, comma-separated.
func (r Rejection) Columns() string {
	if len(r.Problems) == 0 {
		return r.Column
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range r.Problems {
		if c := r.headerOf(p.Column); !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return strings.Join(out, ",")
}

// ReasonIn says why the row was rejected in one language (Chinese, or English), each
// broken column under the file's own name: "身份证号：校验码不符（GB 11643）". Rows
// quarantined before the reasons were kept apart give their reason in both languages.
func (r Rejection) ReasonIn(chinese bool) string {
	if len(r.Problems) == 0 {
		return r.Reason
	}
	parts := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		col := r.headerOf(p.Column)
		if chinese {
			switch {
			case col == "(row)":
				parts[i] = "整行：" + p.Chinese
			case strings.HasPrefix(p.Chinese, col) || strings.HasPrefix(p.Chinese, r.alias(p.Column)):
				parts[i] = p.Chinese // 身份证号应为18位: the reason names its column already
			default:
				parts[i] = col + "：" + p.Chinese
			}
		} else {
			parts[i] = col + ": " + p.English
		}
	}
	if chinese {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// Name returns the person's name as the rejected row gives it ("" when it has none).
func (r Rejection) Name() string {
	for j, h := range r.Header {
		if k := r.Kind.ColumnIndex(h); k >= 0 && campaign.Columns[r.Kind][k].Name == "name" && j < len(r.Cells) {
			return strings.TrimSpace(r.Cells[j])
		}
	}
	return ""
}

// RejectedXLSX writes rejected rows of one file to fix and send again: the file's own
// header and a reason column (reasonHeader, which ingest ignores when the file comes
// back), then each row's cells as the file gave them and its reason in one language
// (chinese, or English). Every cell is text and every column formatted as text, so that
// an ID number or a household typed in to fix the row stays as typed.
func RejectedXLSX(rows []Rejection, reasonHeader string, chinese bool) ([]byte, error) {
	if len(rows) == 0 {
		return nil, errors.New("no rejected rows")
	}
	header := rows[0].Header
	records := [][]string{append(append([]string(nil), header...), reasonHeader)}
	for _, r := range rows {
		cells := make([]string, len(header))
		copy(cells, r.Cells)
		records = append(records, append(cells, r.ReasonIn(chinese)))
	}
	return exportXLSX(records)
}

// UploadReport reads the report of the content (Summary.ContentID) as uploaded inside
// scope.Area; ErrNoUpload when the area never finished such an upload.
func (in *Ingester) UploadReport(ctx context.Context, content uint64, scope Scope) (Report, error) {
	rep, ok, err := doneReport(ctx, in, scopedID(content, scope.Area))
	if err == nil && !ok {
		err = ErrNoUpload
	}
	return rep, err
}

// Queries of sql/queries read by this file.
var qDoneReport = fsql.MustQuery("ingest_done_report")
