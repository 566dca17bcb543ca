package ingest

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
)

// TemplateRows is how many rows under the header a ledger template prepares: its
// drop-down lists and prompts reach that far (the text format of the identifier columns
// covers the whole column).
const TemplateRows = 10000

// templateSheet and instructionsSheet name the ledger template's sheets: the ledger
// first, since ingest reads a workbook's first sheet.
const (
	templateSheet     = "台帐"
	instructionsSheet = "填表说明 Instructions"
)

// columnHelp says how a ledger column is filled in, in Chinese and in English.
var columnHelp = map[string][2]string{
	"month":            {"台帐月份，格式 YYYY-MM，如 2009-12（本列为文本格式）", "the ledger month, YYYY-MM, e.g. 2009-12 (a text column)"},
	"id_number":        {"18 位身份证号，末位可为 X；15 位旧号自动转为 18 位。本列已设为文本格式，请勿改为“常规”或“数值”，否则后几位会丢失", "the 18-character ID number (last character may be X; an old 15-digit number is converted). The column is formatted as text: do not change it to General or Number, or the last digits are lost"},
	"name":             {"姓名", "the person's name"},
	"community_code":   {"12 位社区代码（本列为文本格式）", "the 12-digit community code (a text column)"},
	"household_id":     {"户号，原样录入，保留前导零（如 00007）。本列已设为文本格式；同一户的成员户号必须完全相同", "the household ID as written, leading zeros kept (00007). The column is formatted as text; every member of a household has exactly the same ID"},
	"status":           {"下拉选择：%s", "choose from the list: %s"},
	"unemployed_since": {"失业日期，格式 YYYY-MM-DD，如 2009-06-01；就业状态为“失业”时必填", "the date unemployment began, YYYY-MM-DD, e.g. 2009-06-01; required when the status is 失业 (unemployed)"},
}

// boolHelp is the help of the yes/no columns.
var boolHelp = [2]string{"下拉选择：是 / 否", "choose from the list: 是 (yes) / 否 (no)"}

// templateText lists the columns formatted as text in the template: the identifiers, and
// the month and the date (so that Excel does not turn 2009-12 into a date of its own).
var templateText = map[string]bool{"month": true, "id_number": true, "community_code": true, "household_id": true, "unemployed_since": true}

// Template returns a ledger template: an XLSX whose first sheet has the ledger's Chinese
// headers (SPEC §2), the identifier columns formatted as text ("@", so 00007 and 18-digit
// ID numbers stay as typed), drop-down lists (data validation) for the status and the
// yes/no columns, and prompts; a second sheet says how to fill each column, in Chinese,
// then in English. A file made from it ingests with no rejected row.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", templateSheet); err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}}})
	if err != nil {
		return nil, err
	}
	statuses := statusWords()
	cols := campaign.Columns[campaign.Ledger]
	for i, c := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		ref := name + "1"
		if err := f.SetCellStr(templateSheet, ref, c.Alias); err != nil {
			return nil, err
		}
		width := 12.0
		switch c.Name {
		case "id_number":
			width = 22
		case "community_code", "household_id", "unemployed_since":
			width = 16
		}
		if err := f.SetColWidth(templateSheet, name, name, width); err != nil {
			return nil, err
		}
		if templateText[c.Name] {
			if err := f.SetColStyle(templateSheet, name, text); err != nil {
				return nil, err
			}
		}
		rng := fmt.Sprintf("%s2:%s%d", name, name, TemplateRows+1)
		zh, _ := helpOf(c, statuses)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(rng)
		switch {
		case c.Name == "status":
			if err := dv.SetDropList(statuses); err != nil {
				return nil, err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Alias, "请从下拉列表中选择："+strings.Join(statuses, " / "))
		case isBoolColumn(c.Name):
			if err := dv.SetDropList([]string{"是", "否"}); err != nil {
				return nil, err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, c.Alias, "请选择 是 或 否")
		default:
			dv.Type = "" // a prompt only
		}
		dv.SetInput(c.Alias, clipRunes(zh, 250))
		if err := f.AddDataValidation(templateSheet, dv); err != nil {
			return nil, err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	if err := f.SetCellStyle(templateSheet, "A1", last+"1", head); err != nil {
		return nil, err
	}
	if err := f.SetPanes(templateSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := writeInstructions(f, cols, statuses); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeInstructions fills the instructions sheet: the rules in Chinese, then in English,
// each with a table of the columns.
func writeInstructions(f *excelize.File, cols []campaign.Column, statuses []string) error {
	if _, err := f.NewSheet(instructionsSheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sh := instructionsSheet
	row := 1
	put := func(style int, cells ...string) {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			_ = f.SetCellStr(sh, ref, c)
			_ = f.SetCellStyle(sh, ref, ref, style)
		}
		row++
	}
	sections := []struct {
		title string
		notes []string
		head  []string
		lang  int
	}{
		{"台帐填表说明", []string{
			"1. 在“台帐”工作表中每人每月填一行；第一行是表头，请勿修改、删除或调换表头（列的顺序可以调整）。",
			"2. 身份证号、社区代码、户号、月份、失业日期各列已设为“文本”格式：户号 00007 会保留前导零，18 位身份证号不会变成科学计数法。请勿把这些列改为“常规”或“数值”格式；从其他表格粘贴时请用“选择性粘贴 → 数值”，并保持文本格式。",
			"3. 就业状态和“是/否”各列请从下拉列表中选择。",
			"4. 同一户的成员户号必须完全相同；系统发现户号只差前导零（如 7 与 00007）时会拒收该行，以免一户被拆成两户。",
			"5. 填好后在平台“上报台帐”页面上传本文件（XLSX），或另存为 CSV（UTF-8）后上传。被拒收的行会列出行号和原因，可下载后修改再上传。",
		}, []string{"列名", "是否必填", "填写要求"}, 0},
		{"How to fill in the ledger", []string{
			"1. On the sheet 台帐, one row per person and month; the first row is the header: do not change or delete its names (the columns may be reordered).",
			"2. The ID number, community code, household, month and date columns are formatted as text, so household 00007 keeps its zeros and an 18-digit ID number never turns into scientific notation. Do not format them as General or Number; when pasting from another sheet, use Paste Special → Values and keep the text format.",
			"3. Choose the status and the yes/no columns (是 yes / 否 no) from their drop-down lists.",
			"4. Every member of a household has exactly the same household ID: a row whose household differs from one of its community only by leading zeros (7 and 00007) is rejected, so that no household is split in two.",
			"5. Send the file (XLSX, or saved as CSV UTF-8) on the platform's upload page. Rejected rows are listed with their row number and reason, and download as a file to fix and send again.",
		}, []string{"Column", "Required", "How to fill it in"}, 1},
	}
	for i, s := range sections {
		if i > 0 {
			row++
		}
		put(title, s.title)
		for _, n := range s.notes {
			put(wrap, n)
		}
		row++
		put(bold, s.head...)
		for _, c := range cols {
			zh, en := helpOf(c, statuses)
			help, name, req := zh, c.Alias, "必填"
			if !c.Required {
				req = "选填"
			}
			if s.lang == 1 {
				help, name, req = en, c.Alias+" ("+c.Name+")", "required"
				if !c.Required {
					req = "optional"
				}
			}
			put(wrap, name, req, help)
		}
	}
	_ = f.SetColWidth(sh, "A", "A", 28)
	_ = f.SetColWidth(sh, "B", "B", 10)
	_ = f.SetColWidth(sh, "C", "C", 90)
	return nil
}

// helpOf returns how column c is filled in, in Chinese and English.
func helpOf(c campaign.Column, statuses []string) (zh, en string) {
	if isBoolColumn(c.Name) {
		return boolHelp[0], boolHelp[1]
	}
	h, ok := columnHelp[c.Name]
	if !ok {
		return c.Alias, c.Name
	}
	if c.Name == "status" {
		var pairs []string
		for _, v := range campaign.Statuses.Values() {
			pairs = append(pairs, campaign.Statuses.Chinese(v)+" ("+v+")")
		}
		return fmt.Sprintf(h[0], strings.Join(statuses, " / ")), fmt.Sprintf(h[1], strings.Join(pairs, " / "))
	}
	return h[0], h[1]
}

// statusWords are the statuses' Chinese words, the template's drop-down list.
func statusWords() []string {
	var out []string
	for _, v := range campaign.Statuses.Values() {
		out = append(out, campaign.Statuses.Chinese(v))
	}
	return out
}

// isBoolColumn reports a yes/no column of the ledger.
func isBoolColumn(name string) bool {
	switch name {
	case "able", "willing", "hard_to_employ", "assistance_card", "graduate", "rural_labor", "training_wish":
		return true
	}
	return false
}

// clipRunes cuts s to at most n characters (Excel's prompts take 255).
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
