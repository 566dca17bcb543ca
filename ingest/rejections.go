package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"fullemp/campaign"
	fsql "fullemp/sql"
)

// RejectionPage is one page of a file's rejected rows, in row order, and how many rows
// of the file quarantine holds in all, with the file's report (its counts, and the row of
// its header: the rows carry their spreadsheet row numbers).
type RejectionPage struct {
	Total  int64
	Rows   []Rejection
	Report Report
}

// ErrNoUpload says that the uploader's area has no upload of that content.
var ErrNoUpload = errors.New("no such upload in your area")

// UploadRejections reads rows offset+1 … offset+limit (in row order) of the rejected rows
// of the content (Summary.ContentID) as uploaded inside scope.Area. The file_id follows
// from the content and the area (scopedID), so an area reads its own uploads only:
// another area's upload of the same content has another file_id, and a content the area
// never sent is ErrNoUpload.
func (in *Ingester) UploadRejections(ctx context.Context, content uint64, scope Scope, offset, limit int) (RejectionPage, error) {
	id := scopedID(content, scope.Area)
	status, err := lastStatus(ctx, in.store.Conn, id)
	if err != nil {
		return RejectionPage{}, err
	}
	if status == "" {
		return RejectionPage{}, ErrNoUpload
	}
	var page RejectionPage
	if page.Report, _, err = doneReport(ctx, in, id); err != nil {
		return page, err
	}
	var total uint64
	if err := in.store.Conn.QueryRow(ctx, qQuarantineFileCount, id).Scan(&total); err != nil {
		return page, fmt.Errorf("count the file's quarantine: %w", err)
	}
	page.Total = int64(total)
	rows, err := in.store.Conn.Query(ctx, qQuarantineFilePage, id, uint64(offset), uint64(limit))
	if err != nil {
		return page, fmt.Errorf("read the file's quarantine: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r := Rejection{FileID: id}
		var raw, header, kind, probs string
		if err := rows.Scan(&r.Row, &r.Column, &r.Value, &r.Reason, &raw, &header, &kind, &probs); err != nil {
			return page, fmt.Errorf("read the file's quarantine: %w", err)
		}
		if err := json.Unmarshal([]byte(raw), &r.Cells); err != nil {
			return page, fmt.Errorf("quarantine row %d: %w", r.Row, err)
		}
		if err := json.Unmarshal([]byte(header), &r.Header); err != nil {
			return page, fmt.Errorf("quarantine header of row %d: %w", r.Row, err)
		}
		if probs != "" {
			if err := json.Unmarshal([]byte(probs), &r.Problems); err != nil {
				return page, fmt.Errorf("quarantine row %d: %w", r.Row, err)
			}
		}
		r.Kind, r.SheetRow = campaign.Kind(kind), uint32(page.Report.HeaderRow)+r.Row
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("read the file's quarantine: %w", err)
	}
	return page, nil
}

// Queries of sql/queries read by this file.
var (
	qQuarantineFileCount = fsql.MustQuery("quarantine_file_count")
	qQuarantineFilePage  = fsql.MustQuery("quarantine_file_page")
)
