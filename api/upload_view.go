package api

import (
	"fmt"
	"strconv"

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
	return fmt.Sprintf("%s: %s · %s %d · %s %d · %s %d", res.File, res.Status,
		dashboards.T(lang, "rows_read"), res.Read, dashboards.T(lang, "rows_loaded"), res.Loaded,
		dashboards.T(lang, "rows_rejected"), len(res.Rejected))
}
