package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/account"
	"fullemp/campaign"
	"fullemp/dashboards"
)

// UploadResult is what an upload shows: the ingest summary and every rejected row, those
// outside the uploader's area (rejected here, never sent to the warehouse) and those the
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

// uploadPage shows the form (community and street users).
func (s *Server) uploadPage(c *fiber.Ctx) error {
	if !dashboards.PrincipalOf(c).Role.CanUpload() {
		return fmt.Errorf("only community and street users send ledgers: %w", account.ErrForbidden)
	}
	return s.dash.UploadPage(c, nil, "")
}

// uploadFile takes a ledger (XLSX or CSV) from a community or street user. Rows whose
// community is outside the user's area are rejected here with that reason; the others go
// through the same ingest path as `fullemp ingest` (ingest.Ingester.Upload), whose
// rejections are reported with the file's own row numbers.
func (s *Server) uploadFile(c *fiber.Ctx) error {
	p := dashboards.PrincipalOf(c)
	if !p.Role.CanUpload() {
		return fmt.Errorf("only community and street users send ledgers: %w", account.ErrForbidden)
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
	rows, err := readCells(fh.Filename, body)
	if err != nil {
		return err
	}
	res, err := s.ingestScoped(c, p, fh.Filename, body, rows)
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

// ingestScoped splits the rows by scope and ingests the in-scope ones.
func (s *Server) ingestScoped(c *fiber.Ctx, p account.Principal, name string, body []byte, rows [][]string) (UploadResult, error) {
	res := UploadResult{File: filepath.Base(name)}
	if len(rows) == 0 {
		return res, fmt.Errorf("%s: empty file: %w", name, account.ErrInvalid)
	}
	header := rows[0]
	col := -1
	for i, h := range header {
		if campaign.Ledger.ColumnIndex(strings.TrimPrefix(h, "\ufeff")) == campaign.Ledger.ColumnIndex("community_code") {
			col = i
		}
	}
	if col < 0 {
		return res, fmt.Errorf("%s: no community_code (社区代码) column; only ledgers can be sent here: %w", name, account.ErrInvalid)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.Write(header)
	var orig []int // orig[i] = row number in the upload of the i-th row sent to ingest
	for i, r := range rows[1:] {
		code := ""
		if col < len(r) {
			code = strings.TrimSpace(r[col])
		}
		if blank(r) {
			continue
		}
		if !p.Allows(code) {
			res.Rejected = append(res.Rejected, Rejected{Row: i + 1, Column: "community_code", Value: code,
				Reason: fmt.Sprintf("community %q is outside your area %s 社区不在本辖区", code, p.Region)})
			continue
		}
		_ = w.Write(r)
		orig = append(orig, i+1)
	}
	w.Flush()
	res.Read = int64(len(orig) + len(res.Rejected))
	if len(orig) == 0 {
		res.Status = statusOutside
		return res, nil
	}
	// Every row in scope: the file goes to ingest as sent. Otherwise the in-scope rows go
	// as a UTF-8 CSV with the same header.
	sendName, send := res.File, body
	if len(res.Rejected) > 0 {
		sendName = strings.TrimSuffix(res.File, filepath.Ext(res.File)) + "." + p.User + ".csv"
		send = out.Bytes()
	}
	sum, err := s.ing.Upload(c.UserContext(), sendName, send, campaign.Ledger)
	if err != nil && sum.Error == "" {
		return res, err
	}
	res.Status, res.Loaded, res.Replaced = sum.Status(), sum.Loaded, sum.Replaced
	if sum.Error != "" {
		res.Status = "failed: " + sum.Error
	}
	for _, rj := range sum.Rejections {
		row := int(rj.Row)
		if row >= 1 && row <= len(orig) {
			row = orig[row-1]
		}
		res.Rejected = append(res.Rejected, Rejected{Row: row, Column: rj.Column, Value: rj.Value, Reason: rj.Reason})
	}
	return res, nil
}

// statusOutside is an upload's status when no row was in the user's area.
const statusOutside = "nothing in your area"

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readCells reads the cells of an uploaded CSV (UTF-8, with or without BOM, or GB18030)
// or XLSX (first sheet) to decide each row's scope; validation is ingest's.
func readCells(name string, body []byte) ([][]string, error) {
	if bytes.HasPrefix(body, []byte("PK")) || strings.EqualFold(filepath.Ext(name), ".xlsx") {
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("%s: not a readable XLSX: %v: %w", name, err, account.ErrInvalid)
		}
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			return nil, fmt.Errorf("%s: %v: %w", name, err, account.ErrInvalid)
		}
		return rows, nil
	}
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	if !utf8.Valid(body) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("%s: neither UTF-8 nor GB18030: %w", name, account.ErrInvalid)
		}
		body = dec
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %w", name, err, account.ErrInvalid)
	}
	return rows, nil
}
