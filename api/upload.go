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
	File     string `json:"file"`
	Status   string `json:"status"`
	Read     int64  `json:"rows_read"`
	Loaded   int64  `json:"rows_loaded"`
	Replaced int64  `json:"rows_replaced"`
	RejectedPage
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
}

// Rejected is one rejected row of the uploaded file (Row 1 is the first data row).
type Rejected struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
	// Raw is the row's cells as the file gave them, comma-separated.
	Raw string `json:"raw"`
}

// rejectedPerPage is how many rejected rows a page holds.
const rejectedPerPage = 50

// rejectedClip bounds the bytes of a rejected row's texts in an answer (a cut text ends
// with …): at most 1.6 KB of text per row, 80 KB per page before JSON escaping.
var rejectedClip = struct{ column, value, reason, raw int }{200, 200, 1000, 200}

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
	return s.dash.UploadPage(c, nil, "", nil)
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
		return s.dash.UploadPage(c, nil, big.Error(), nil)
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
	s.dash.Audit(c, account.ActionUpload, p.Region, fmt.Sprintf("%s read=%d loaded=%d rejected=%d", fh.Filename, res.Read, res.Loaded, res.Total))
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.JSON(res)
	}
	lang := dashboards.LangOf(c)
	return s.dash.UploadPage(c, uploadTables(res.RejectedPage, lang), uploadNotice(res, lang), uploadPager(res.RejectedPage, lang))
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
	outside := 0
	for _, rj := range sum.Rejections {
		if rj.Column == "community_code" && strings.Contains(rj.Reason, "is outside your area") {
			outside++
		}
	}
	if sum.Error == "" && sum.Loaded == 0 && sum.Read > 0 && int64(outside) == sum.Read {
		res.Status = statusOutside
	}
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
