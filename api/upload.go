package api

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/ingest"
)

// UploadResult is what an upload shows: the ingest summary and the first page of its
// rejected rows (all are in quarantine; GET /api/v1/uploads/{upload_id}/rejections gives
// the other pages), those outside the uploader's area and those the ingest rules
// rejected, numbered as rows of the uploaded file.
type UploadResult struct {
	File string `json:"file"`
	// Status is ingest's word: done, skipped (already ingested), nothing in your area, or
	// failed: and why.
	Status string `json:"status"`
	// Outcome says how much of the file went in: all, partial or none of rows_read
	// (failed when the file could not be ingested); the page shows it as 全部入库 13/13,
	// 部分入库 8/13 or 未入库 0/13.
	Outcome  string `json:"outcome"`
	Read     int64  `json:"rows_read"`
	Loaded   int64  `json:"rows_loaded"`
	Replaced int64  `json:"rows_replaced"`
	// AlreadyIngested says that the same file was ingested before (status skipped):
	// nothing was read again, and the counts and rejected rows are those of that first
	// ingest, which ended at FirstIngestedAt (Beijing time).
	AlreadyIngested bool   `json:"already_ingested"`
	FirstIngestedAt string `json:"first_ingested_at,omitempty"`
	RejectedPage
}

// outcome names how much of a file went in (UploadResult.Outcome).
func outcome(status string, read, loaded int64) string {
	switch {
	case strings.HasPrefix(status, "failed"):
		return "failed"
	case read > 0 && loaded == read:
		return "all"
	case loaded > 0:
		return "partial"
	}
	return "none"
}

// RejectedPage is one page of an upload's rejected rows, in row order, each clipped
// (rejectedClip): an answer's size is bounded whatever the file held.
type RejectedPage struct {
	// UploadID names the upload inside the uploader's area: 16 hex digits of the content's
	// SHA-256 (the same file sent again has the same ID).
	UploadID string     `json:"upload_id"`
	Total    int64      `json:"rows_rejected"` // every rejected row of the upload
	Page     int        `json:"page"`
	Pages    int        `json:"pages"`
	PerPage  int        `json:"per_page"`
	Rejected []Rejected `json:"rejected"`
	Next     string     `json:"next,omitempty"` // the next page's URL, "" on the last
	// Download is the URL of every rejected row as an XLSX to fix and send again (the
	// file's header and a reason column); "" when there is none.
	Download string `json:"download,omitempty"`

	report ingest.Report // the upload's counts, for the page
}

// Rejected is one rejected row of the uploaded file.
type Rejected struct {
	Row int `json:"row"` // the data row: 1 is the first row under the header
	// SheetRow is the row as a spreadsheet shows it: the header's row (1, unless title
	// rows stand above it) + Row.
	SheetRow int    `json:"sheet_row"`
	Name     string `json:"name"`   // the person's name as the row gives it
	Column   string `json:"column"` // the broken columns, by the ledger's names
	// Header names the same columns as the file's header does (身份证号).
	Header string `json:"header"`
	Value  string `json:"value"`
	Reason string `json:"reason"` // English · 中文
	// ReasonZH and ReasonEN are the reason in one language, under the file's column names.
	ReasonZH string `json:"reason_zh"`
	ReasonEN string `json:"reason_en"`
	// Raw is the row's cells as the file gave them, comma-separated.
	Raw string `json:"raw"`
}

// rejectedPerPage is how many rejected rows a page holds.
const rejectedPerPage = 50

// rejectedClip bounds the bytes of a rejected row's texts in an answer (a cut text ends
// with …): at most 1.6 KB of text per row, 80 KB per page before JSON escaping.
var rejectedClip = struct{ column, value, reason, raw int }{200, 200, 1000, 200}

// uploadSummary is the summary the upload page shows above an upload's rejected rows.
func uploadSummary(res UploadResult, lang dashboards.Lang) *dashboards.UploadSummary {
	return summaryOf(res.File, res.Status, res.Read, res.Loaded, res.Replaced, res.Total, res.AlreadyIngested, res.FirstIngestedAt,
		pageDownload(res.RejectedPage, lang), lang)
}

// uploadTooLarge refuses an upload past serve.max_upload_bytes.
type uploadTooLarge struct{ limit int64 }

func (e *uploadTooLarge) Error() string {
	return fmt.Sprintf("文件超过上传上限 %[1]s（serve.max_upload_bytes）；请拆分后分批上报 · the file is larger than the upload limit of %[1]s (serve.max_upload_bytes); split it and send the parts", byteSize(e.limit))
}

// byteSize writes n bytes as MiB, KiB or bytes, whichever is whole.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// uploadPage shows the form.
func (s *Server) uploadPage(c *fiber.Ctx) error {
	if !dashboards.PrincipalOf(c).Role.CanUpload() {
		return fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	return s.dash.UploadPage(c, nil, nil, "", nil)
}

// uploadTemplate serves the ledger template (GET /upload/template.xlsx): the ledger's
// Chinese headers, identifier columns formatted as text, drop-down lists for the status
// and the yes/no columns, and instructions in Chinese, then English (ingest.Template).
func (s *Server) uploadTemplate(c *fiber.Ctx) error {
	if !dashboards.PrincipalOf(c).Role.CanUpload() {
		return fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	b, err := ingest.Template()
	if err != nil {
		return fmt.Errorf("ledger template: %w", err)
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(c, dashboards.T(dashboards.LangOf(c), "template_file"))
	return c.Send(b)
}

// uploadFile takes a ledger (XLSX or CSV) from a user. It goes through
// the same ingest path as `fullemp ingest`, scoped to the user's area
// (ingest.Ingester.UploadScoped): the rows are read once, and a row whose community is
// outside the area, or whose person another area's ledger holds for the month, is
// rejected with the reason, numbered as a row of the file, like every other rejected row.
func (s *Server) uploadFile(c *fiber.Ctx) error {
	p := dashboards.PrincipalOf(c)
	if !p.Role.CanUpload() {
		return fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return fmt.Errorf("form field file: %v: %w", err, account.ErrInvalid)
	}
	if fh.Size > s.opts.MaxUploadBytes {
		big := &uploadTooLarge{s.opts.MaxUploadBytes}
		if strings.HasPrefix(c.Path(), "/api/") {
			return big
		}
		c.Status(fiber.StatusRequestEntityTooLarge) // the form again, saying why
		return s.dash.UploadPage(c, nil, nil, big.Error(), nil)
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("read upload: %w", err)
	}
	body, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("read upload: %w", err)
	}
	res, err := s.ingestScoped(c, p, fh.Filename, body)
	if err != nil {
		return err
	}
	s.dash.Data.Invalidate()
	if s.opts.AfterUpload != nil {
		s.opts.AfterUpload()
	}
	s.dash.Audit(c, account.ActionUpload, p.Region, fmt.Sprintf("%s read=%d loaded=%d rejected=%d", fh.Filename, res.Read, res.Loaded, res.Total))
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.JSON(res)
	}
	lang := dashboards.LangOf(c)
	return s.dash.UploadPage(c, uploadSummary(res, lang), uploadTables(res.RejectedPage, lang), "", uploadPager(res.RejectedPage, lang))
}

// ingestScoped ingests the file inside the principal's area.
func (s *Server) ingestScoped(c *fiber.Ctx, p account.Principal, name string, body []byte) (UploadResult, error) {
	res := UploadResult{File: filepath.Base(name)}
	if len(body) == 0 {
		return res, fmt.Errorf("%s: empty file: %w", name, account.ErrInvalid)
	}
	sum, err := s.ing.UploadScoped(c.UserContext(), name, body, ingest.Scope{User: p.User, Area: p.Region})
	if errors.Is(err, ingest.ErrUnreadable) || sum.Unreadable {
		return res, fmt.Errorf("%s: %s: %w", res.File, sum.Error, account.ErrInvalid)
	}
	if err != nil && sum.Error == "" {
		return res, err
	}
	res.Status, res.Read, res.Loaded, res.Replaced = sum.Status(), sum.Read, sum.Loaded, sum.Replaced
	if sum.Error != "" {
		res.Status = "failed: " + sum.Error
	}
	if sum.Skipped && sum.First != nil {
		// Sent before: its first report (ingest_log), and below its rejected rows.
		f := sum.First
		res.Read, res.Loaded, res.Replaced = f.Read, f.Loaded, f.Replaced
		res.AlreadyIngested, res.FirstIngestedAt = true, f.At.In(beijing).Format("2006-01-02 15:04")
	}
	outside := 0
	for _, rj := range sum.Rejections {
		if rj.Column == "community_code" && strings.Contains(rj.Reason, "is outside your area") {
			outside++
		}
	}
	if sum.Error == "" && sum.Loaded == 0 && sum.Read > 0 && int64(outside) == sum.Read {
		res.Status = statusOutside
	}
	res.Outcome = outcome(res.Status, res.Read, res.Loaded)
	page, err := s.rejectedPage(c, p, sum.ContentID, 1)
	if err != nil {
		// The upload is done (or failed, as its status says); only its rejected rows cannot
		// be read back: the answer says how many there are.
		s.log.WithError(err).WithField("file", res.File).Warn("cannot read the upload's rejected rows")
		page = RejectedPage{UploadID: uploadID(sum.ContentID), Total: sum.Rejected, Page: 1, PerPage: rejectedPerPage, Rejected: []Rejected{}}
	}
	res.RejectedPage = page
	return res, nil
}

// uploadID is how an upload is named in URLs: its content's ID in hex.
func uploadID(content uint64) string { return fmt.Sprintf("%016x", content) }

// statusOutside is an upload's status when no row was in the user's area.
const statusOutside = "nothing in your area"
