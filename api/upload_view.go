package api

import (
	"fmt"
	"strconv"
	"strings"

	"fullemp/dashboards"
)

// uploadTables shows a page of an upload's rejected rows as a page table.
func uploadTables(page RejectedPage, lang dashboards.Lang) []*dashboards.Table {
	t := &dashboards.Table{ID: "rejected", Title: dashboards.T(lang, "rejected"),
		Columns: []string{dashboards.T(lang, "row"), dashboards.T(lang, "column"), dashboards.T(lang, "value"), dashboards.T(lang, "reason"), dashboards.T(lang, "raw")}}
	if page.Pages > 1 {
		t.Note = pageText(page, lang)
	}
	for _, r := range page.Rejected {
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{
			{Text: strconv.Itoa(r.Row), Num: true}, {Text: r.Column}, {Text: r.Value}, {Text: r.Reason, Class: "bad"}, {Text: r.Raw, Class: "muted"}}})
	}
	return []*dashboards.Table{t}
}

// uploadPager links a page of rejected rows to its neighbours on the upload page; nil
// when they fit on one page.
func uploadPager(page RejectedPage, lang dashboards.Lang) *dashboards.Pager {
	if page.Pages <= 1 {
		return nil
	}
	p := &dashboards.Pager{Text: pageText(page, lang)}
	link := func(n int) string {
		return fmt.Sprintf("/upload/%s/rejections?page=%d&lang=%s", page.UploadID, n, lang)
	}
	if page.Page > 1 {
		p.Prev = link(min(page.Page-1, page.Pages))
	}
	if page.Page < page.Pages {
		p.Next = link(page.Page + 1)
	}
	return p
}

func pageText(page RejectedPage, lang dashboards.Lang) string {
	return fmt.Sprintf(dashboards.T(lang, "rejected_page"), page.Page, page.Pages, page.Total, page.PerPage)
}

func uploadNotice(res UploadResult, lang dashboards.Lang) string {
	status := res.Status // the JSON keeps ingest's words; the page says them in lang
	switch {
	case status == "done":
		status = dashboards.T(lang, "upload_done")
	case strings.HasPrefix(status, "skipped"):
		status = dashboards.T(lang, "upload_skipped")
	case status == statusOutside:
		status = dashboards.T(lang, "upload_outside")
	case strings.HasPrefix(status, "failed"):
		status = dashboards.T(lang, "upload_failed") + strings.TrimPrefix(status, "failed")
	}
	return fmt.Sprintf("%s: %s · %s %d · %s %d · %s %d · %s %d", res.File, status,
		dashboards.T(lang, "rows_read"), res.Read, dashboards.T(lang, "rows_loaded"), res.Loaded,
		dashboards.T(lang, "rows_replaced"), res.Replaced, dashboards.T(lang, "rows_rejected"), res.Total)
}
