package api

import (
	"errors"
	"fmt"
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
	return s.dash.UploadPage(c, uploadTables(rp, lang), pageText(rp, lang), uploadPager(rp, lang))
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
		Pages: int((got.Total + rejectedPerPage - 1) / rejectedPerPage), Rejected: []Rejected{}}
	for _, r := range got.Rows {
		rp.Rejected = append(rp.Rejected, Rejected{Row: int(r.Row),
			Column: clipText(r.Column, rejectedClip.column), Value: clipText(r.Value, rejectedClip.value),
			Reason: clipText(r.Reason, rejectedClip.reason), Raw: clipText(strings.Join(r.Cells, ","), rejectedClip.raw)})
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
