package api

import (
	"fmt"
	"strconv"
	"strings"

	"fullemp/dashboards"
)

// uploadTables shows an upload's rejected rows as a page table.
func uploadTables(res UploadResult, lang dashboards.Lang) []*dashboards.Table {
	t := &dashboards.Table{ID: "rejected", Title: dashboards.T(lang, "rejected"),
		Columns: []string{dashboards.T(lang, "row"), dashboards.T(lang, "column"), dashboards.T(lang, "value"), dashboards.T(lang, "reason")}}
	for _, r := range res.Rejected {
		t.Rows = append(t.Rows, dashboards.Row{Cells: []dashboards.Cell{
			{Text: strconv.Itoa(r.Row), Num: true}, {Text: r.Column}, {Text: r.Value}, {Text: r.Reason, Class: "bad"}}})
	}
	return []*dashboards.Table{t}
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
		dashboards.T(lang, "rows_replaced"), res.Replaced, dashboards.T(lang, "rows_rejected"), len(res.Rejected))
}
