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

// UploadResult is what an upload shows: the ingest summary and its rejected rows (the
// first 1000; all are in quarantine), those outside the uploader's area and those the
// ingest rules rejected, numbered as rows of the uploaded file.
type UploadResult struct {
	File     string     `json:"file"`
	Status   string     `json:"status"`
	Read     int64      `json:"rows_read"`
	Loaded   int64      `json:"rows_loaded"`
	Replaced int64      `json:"rows_replaced"`
	Rejected []Rejected `json:"rejected"`
}

// Rejected is one rejected row of the uploaded file (Row 1 is the first data row).
type Rejected struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// uploadPage shows the form.
func (s *Server) uploadPage(c *fiber.Ctx) error {
	if !dashboards.PrincipalOf(c).Role.CanUpload() {
		return fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	return s.dash.UploadPage(c, nil, "")
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
	s.dash.Audit(c, account.ActionUpload, p.Region, fmt.Sprintf("%s read=%d loaded=%d rejected=%d", fh.Filename, res.Read, res.Loaded, len(res.Rejected)))
	if strings.HasPrefix(c.Path(), "/api/") {
		return c.JSON(res)
	}
	return s.dash.UploadPage(c, uploadTables(res, dashboards.LangOf(c)), uploadNotice(res, dashboards.LangOf(c)))
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
		res.Rejected = append(res.Rejected, Rejected{Row: int(rj.Row), Column: rj.Column, Value: rj.Value, Reason: rj.Reason})
	}
	if sum.Error == "" && sum.Loaded == 0 && sum.Read > 0 && int64(outside) == sum.Read {
		res.Status = statusOutside
	}
	return res, nil
}

// statusOutside is an upload's status when no row was in the user's area.
const statusOutside = "nothing in your area"
