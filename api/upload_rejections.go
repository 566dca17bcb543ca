package api

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/ingest"
)

// uploadRejections answers GET /api/v1/uploads/:upload_id/rejections?page=N: page N
// (from 1) of the rejected rows of an upload the user's area sent.
func (s *Server) uploadRejections(c *fiber.Ctx) error {
	content, page, err := uploadParams(c)
	if err != nil {
		return err
	}
	rp, err := s.rejectedPage(c, dashboards.PrincipalOf(c), content, page)
	if err != nil {
		return err
	}
	return c.JSON(rp)
}

// uploadRejectionsPage shows the same page under the upload form
// (GET /upload/:upload_id/rejections?page=N).
func (s *Server) uploadRejectionsPage(c *fiber.Ctx) error {
	content, page, err := uploadParams(c)
	if err != nil {
		return err
	}
	rp, err := s.rejectedPage(c, dashboards.PrincipalOf(c), content, page)
	if err != nil {
		return err
	}
	lang := dashboards.LangOf(c)
	r := rp.report
	sum := summaryOf(r.File, "done", r.Read, r.Loaded, r.Replaced, rp.Total, false, "", pageDownload(rp, lang), lang)
	return s.dash.UploadPage(c, sum, uploadTables(rp, lang), "", uploadPager(rp, lang))
}

// uploadRejectionsXLSX answers GET /upload/:upload_id/rejections.xlsx (and the same
// under /api/v1/uploads): every rejected row of an upload the user's area sent, as an
// XLSX to fix and send again: the file's own header, the rows' cells as sent and a
// reason column in the page's language (ingest.RejectedXLSX). Audited as an export (the
// rows hold ID numbers).
func (s *Server) uploadRejectionsXLSX(c *fiber.Ctx) error {
	content, _, err := uploadParams(c)
	if err != nil {
		return err
	}
	p := dashboards.PrincipalOf(c)
	if !p.Role.CanUpload() {
		return fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	id, scope := uploadID(content), ingest.Scope{User: p.User, Area: p.Region}
	var all []ingest.Rejection
	var report ingest.Report
	for {
		got, err := s.ing.UploadRejections(c.UserContext(), content, scope, len(all), 1000)
		if errors.Is(err, ingest.ErrNoUpload) {
			return fmt.Errorf("upload %s: %v: %w", id, err, account.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("upload %s: %w", id, err)
		}
		all, report = append(all, got.Rows...), got.Report
		if len(got.Rows) < 1000 {
			break
		}
	}
	if len(all) == 0 {
		return fmt.Errorf("upload %s has no rejected rows: %w", id, account.ErrNotFound)
	}
	lang := dashboards.LangOf(c)
	b, err := ingest.RejectedXLSX(all, dashboards.T(lang, "reason_col"), lang == dashboards.Zh)
	if err != nil {
		return fmt.Errorf("upload %s: %w", id, err)
	}
	name := strings.TrimSuffix(report.File, filepath.Ext(report.File))
	if name == "" {
		name = id
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(c, fileSafe(name+"-"+dashboards.T(lang, "rejected_file")+".xlsx"))
	s.dash.Audit(c, account.ActionExport, p.Region, fmt.Sprintf("rejected rows of upload %s rows=%d", id, len(all)))
	return c.Send(b)
}

// uploadParams reads the upload ID (16 hex digits) and the page number (default 1).
func uploadParams(c *fiber.Ctx) (content uint64, page int, err error) {
	id := c.Params("upload_id")
	content, err = strconv.ParseUint(id, 16, 64)
	if len(id) != 16 || err != nil {
		return 0, 0, fmt.Errorf("upload %q: an upload ID is 16 hex digits: %w", id, account.ErrInvalid)
	}
	page, err = strconv.Atoi(c.Query("page", "1"))
	if err != nil || page < 1 {
		return 0, 0, fmt.Errorf("page %q: want a page number from 1: %w", c.Query("page"), account.ErrInvalid)
	}
	return content, page, nil
}

// rejectedPage reads page (from 1) of the rejected rows of the content as the
// principal's area uploaded it: another area's upload is not found, whoever asks.
func (s *Server) rejectedPage(c *fiber.Ctx, p account.Principal, content uint64, page int) (RejectedPage, error) {
	if !p.Role.CanUpload() {
		return RejectedPage{}, fmt.Errorf("this role does not send ledgers: %w", account.ErrForbidden)
	}
	id := uploadID(content)
	got, err := s.ing.UploadRejections(c.UserContext(), content, ingest.Scope{User: p.User, Area: p.Region},
		(page-1)*rejectedPerPage, rejectedPerPage)
	if errors.Is(err, ingest.ErrNoUpload) {
		return RejectedPage{}, fmt.Errorf("upload %s: %v: %w", id, err, account.ErrNotFound)
	}
	if err != nil {
		return RejectedPage{}, fmt.Errorf("upload %s: %w", id, err)
	}
	rp := RejectedPage{UploadID: id, Total: got.Total, Page: page, PerPage: rejectedPerPage,
		Pages: int((got.Total + rejectedPerPage - 1) / rejectedPerPage), Rejected: []Rejected{}, report: got.Report}
	if got.Total > 0 {
		rp.Download = "/api/v1/uploads/" + id + "/rejections.xlsx"
	}
	for _, r := range got.Rows {
		rp.Rejected = append(rp.Rejected, Rejected{Row: int(r.Row), SheetRow: int(r.SheetRow), Name: clipText(r.Name(), rejectedClip.value),
			Column: clipText(r.Column, rejectedClip.column), Header: clipText(r.Columns(), rejectedClip.column), Value: clipText(r.Value, rejectedClip.value),
			Reason: clipText(r.Reason, rejectedClip.reason), ReasonZH: clipText(r.ReasonIn(true), rejectedClip.reason),
			ReasonEN: clipText(r.ReasonIn(false), rejectedClip.reason), Raw: clipText(strings.Join(r.Cells, ","), rejectedClip.raw)})
	}
	if page < rp.Pages {
		rp.Next = fmt.Sprintf("/api/v1/uploads/%s/rejections?page=%d", id, page+1)
	}
	return rp, nil
}

// clipText cuts s to at most n bytes at a character boundary, ending it with … when cut.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
