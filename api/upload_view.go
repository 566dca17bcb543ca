package api

import (
	"fmt"
	"strconv"
	"strings"

	"fullemp/dashboards"
)

// uploadTables shows a page of an upload's rejected rows as a page table: the row as the
// spreadsheet numbers it, the person, the broken columns under the file's own names, their
// values and the reason in the page's language, then the row as sent.
func uploadTables(page RejectedPage, lang dashboards.Lang) []*dashboards.Table {
	t := &dashboards.Table{ID: "rejected", Title: dashboards.T(lang, "rejected"),
		Columns: []string{dashboards.T(lang, "row"), dashboards.T(lang, "person"), dashboards.T(lang, "column"),
			dashboards.T(lang, "cell_value"), dashboards.T(lang, "reason"), dashboards.T(lang, "raw")}}
	if page.Pages > 1 {
		t.Note = pageText(page, lang)
	}
	for _, r := range page.Rejected {
		reason := r.ReasonEN
		if lang == dashboards.Zh {
			reason = r.ReasonZH
		}
		value := dashboards.Cell{Text: r.Value}
		if strings.Trim(r.Value, " |") == "" {
			value = dashboards.Cell{Text: dashboards.T(lang, "empty_cell"), Class: "muted"}
		}
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{
			{Text: strconv.Itoa(r.SheetRow), Num: true}, {Text: r.Name}, {Text: r.Header}, value,
			{Text: reason, Class: "bad"}, {Text: r.Raw, Class: "muted"}}})
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

// pageDownload is the upload page's link to every rejected row as an XLSX ("" for none).
func pageDownload(page RejectedPage, lang dashboards.Lang) string {
	if page.Total == 0 || page.UploadID == "" {
		return ""
	}
	return fmt.Sprintf("/upload/%s/rejections.xlsx?lang=%s", page.UploadID, lang)
}

// summaryOf says what became of an upload, as its page shows it: how many rows went in
// (部分入库 8/13, 全部入库 13/13, 未入库 0/13), the counts, and whether the file had been
// ingested before (the counts are then its first ingest's).
func summaryOf(file, status string, read, loaded, replaced, rejected int64, again bool, firstAt, download string, lang dashboards.Lang) *dashboards.UploadSummary {
	t := func(k string) string { return dashboards.T(lang, k) }
	s := &dashboards.UploadSummary{File: file, Download: download,
		Details: fmt.Sprintf("%s %d · %s %d · %s %d · %s %d", t("rows_read"), read, t("rows_loaded"), loaded,
			t("rows_replaced"), replaced, t("rows_rejected"), rejected)}
	switch outcome(status, read, loaded) {
	case "all":
		s.Outcome, s.Class = fmt.Sprintf(t("outcome_all"), loaded, read), "ok"
	case "partial":
		s.Outcome, s.Class = fmt.Sprintf(t("outcome_partial"), loaded, read), "partial"
	case "failed":
		s.Outcome, s.Class = t("upload_failed"), "bad"
		s.Note = strings.TrimPrefix(strings.TrimPrefix(status, "failed"), ": ")
	default:
		s.Outcome, s.Class = fmt.Sprintf(t("outcome_none"), loaded, read), "bad"
	}
	switch {
	case again:
		s.Note = fmt.Sprintf(t("upload_again"), firstAt)
	case strings.HasPrefix(status, "skipped"):
		s.Note = t("upload_skipped")
	case status == statusOutside:
		s.Note = t("upload_outside")
	}
	return s
}
