package api

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fullemp/campaign"
	"fullemp/idcard"
)

// reportPerson is the n-th valid ID number of the report test.
func reportPerson(n int) string {
	base := fmt.Sprintf("33010219700101%03d", n+1)
	return base + string(idcard.CheckDigit(base))
}

// postPage sends a file to the upload page (not the API) as user and returns the page.
func (f *fixture) postPage(t *testing.T, user, name, lang string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	return f.do(t, user, "POST", "/upload?lang="+lang, &buf, w.FormDataContentType())
}

// TestUploadReport: a street's 13-row XLSX with 5 broken rows. The answer says 部分入库
// 8/13; each rejected row comes with its spreadsheet row number (the header is row 1),
// the person's name, the broken columns under the file's own names and the reason in the
// page's language, in row order; a community that does not exist is told apart from one
// outside the street. Every rejected row downloads as an XLSX with a reason column; fixed
// and sent back, it loads. The same first file sent again is not loaded again: the answer
// says so and shows the first report.
func TestUploadReport(t *testing.T) {
	f := newFixture(t)
	head := campaign.Ledger.ChineseHeaders()
	rows := reportRows()
	var file bytes.Buffer
	file.Write(reportWorkbook(t))

	code, res, body := f.upload(t, "street", "东坡社区-2009-10.xlsx", file.Bytes())
	if code != 200 || res.Outcome != "partial" || res.Read != 13 || res.Loaded != 8 || res.Total != 5 || len(res.Rejected) != 5 {
		t.Fatalf("upload = %d: %s", code, body)
	}
	want := []struct {
		sheetRow   int
		name, head string
		zh, en     string
	}{
		{5, "丁四", "身份证号", "身份证号：校验码不符", "身份证号: check digit does not match"},
		{7, "己六", "社区代码", "社区代码：社区 " + commB + " 不在本辖区", "is outside your area"},
		{9, "辛八", "社区代码", "社区代码：社区 330102001099 不存在", "no community 330102001099 exists"},
		{11, "癸十", "就业状态", "就业状态：应为其中之一", "就业状态: must be one of"},
		{13, "丑十二", "失业日期", "失业日期：就业状态为失业时必填", "失业日期: required when status is unemployed"},
	}
	for i, w := range want {
		r := res.Rejected[i]
		if r.SheetRow != w.sheetRow || r.Row != w.sheetRow-1 || r.Name != w.name || r.Header != w.head ||
			!strings.Contains(r.ReasonZH, w.zh) || !strings.Contains(r.ReasonEN, w.en) || strings.Contains(r.ReasonZH, "·") {
			t.Errorf("rejected %d = %+v\nwant sheet row %d, %s, column %s, reasons %q / %q", i, r, w.sheetRow, w.name, w.head, w.zh, w.en)
		}
	}
	if strings.Contains(res.Rejected[2].ReasonEN, "outside your area") {
		t.Errorf("a community that does not exist is said to be outside the area: %s", res.Rejected[2].ReasonEN)
	}

	// The page, in Chinese and in English.
	for _, lang := range []string{"zh-CN", "en"} {
		// A copy under another name would be skipped: the page test sends its own file,
		// the same rows under a month of its own.
		var b bytes.Buffer
		y, _ := excelize.OpenReader(bytes.NewReader(file.Bytes()))
		for r := range rows {
			ref, _ := excelize.CoordinatesToCellName(1, r+2)
			y.SetCellStr("Sheet1", ref, map[string]string{"zh-CN": "2009-09", "en": "2009-08"}[lang])
		}
		y.Write(&b)
		code, page := f.postPage(t, "street", "page.xlsx", lang, b.Bytes())
		if code != 200 {
			t.Fatalf("upload page (%s) = %d: %.300s", lang, code, page)
		}
		wants := map[string][]string{
			"zh-CN": {"部分入库 8/13", ">丁四<", ">身份证号<", "身份证号：校验码不符", ">13<", "下载被拒绝的行"},
			"en":    {"partly loaded 8/13", ">丁四<", ">身份证号<", "身份证号: check digit does not match", ">13<", "Download the rejected rows"},
		}[lang]
		for _, s := range wants {
			if !strings.Contains(page, s) {
				t.Errorf("upload page (%s) lacks %q", lang, s)
			}
		}
		if lang == "en" && strings.Contains(page, "校验码不符") {
			t.Errorf("the English page shows the Chinese reason")
		}
	}

	// The rejected rows as an XLSX, fixed and sent back.
	code, cd, xb := f.get(t, "street", "/upload/"+res.UploadID+"/rejections.xlsx")
	if code != 200 || filenameStar(t, cd) != "东坡社区-2009-10-被拒绝的行.xlsx" {
		t.Fatalf("rejected rows xlsx = %d, %q: %.300s", code, cd, xb)
	}
	z, err := excelize.OpenReader(bytes.NewReader(xb))
	if err != nil {
		t.Fatal(err)
	}
	sh := z.GetSheetList()[0]
	got, _ := z.GetRows(sh)
	if len(got) != 6 || strings.Join(got[0], ",") != strings.Join(append(append([]string(nil), head...), "拒收原因"), ",") {
		t.Fatalf("rejected rows xlsx: %q", got)
	}
	if !strings.Contains(got[1][len(head)], "校验码不符") {
		t.Errorf("reason column %q", got[1][len(head)])
	}
	fix := map[int]map[int]string{1: {1: reportPerson(3)}, 2: {3: commA}, 3: {3: commA2}, 4: {5: "就业"}, 5: {12: "2009-09-01"}}
	for r, cells := range fix {
		for c, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			z.SetCellStr(sh, ref, v)
		}
	}
	var fixed bytes.Buffer
	z.Write(&fixed)
	if code, res2, body := f.upload(t, "street", "东坡社区-2009-10-被拒绝的行.xlsx", fixed.Bytes()); code != 200 || res2.Read != 5 || res2.Loaded != 5 || res2.Total != 0 {
		t.Errorf("fixed file = %d: %s", code, body)
	}

	// The first file again: already ingested, with its first report.
	code, again, body := f.upload(t, "street", "再次上报.xlsx", file.Bytes())
	if code != 200 || !again.AlreadyIngested || again.FirstIngestedAt == "" || again.Read != 13 || again.Loaded != 8 ||
		again.Total != 5 || len(again.Rejected) != 5 || again.Rejected[0].SheetRow != 5 {
		t.Errorf("the same file again = %d: %s", code, body)
	}
	_, page := f.postPage(t, "street", "再次上报.xlsx", "zh-CN", file.Bytes())
	for _, s := range []string{"该文件已于", "首次入库的结果", "部分入库 8/13", "丁四"} {
		if !strings.Contains(page, s) {
			t.Errorf("the page of the same file again lacks %q", s)
		}
	}
}

// reportRows are the report test's 13 ledger rows of 东坡社区 in October, five of them
// broken: spreadsheet row 5 (check digit), 7 (a community outside the street), 9 (no
// such community), 11 (no such status), 13 (unemployed without a date).
func reportRows() [][]string {
	row := func(n int, id, name string) []string {
		return []string{"2009-10", id, name, commA, "H" + string(rune('A'+n)), "就业", "是", "是", "否", "否", "否", "否", "", "否"}
	}
	names := []string{"甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八", "壬九", "癸十", "子十一", "丑十二", "寅十三"}
	var rows [][]string
	for i := 0; i < 13; i++ {
		rows = append(rows, row(i, reportPerson(i), names[i]))
	}
	bad := []byte(reportPerson(3))
	bad[17] = "01"[map[bool]int{true: 1, false: 0}[bad[17] == '0']]
	rows[3][1] = string(bad)    // a check digit that does not match
	rows[5][3] = commB          // outside the street
	rows[7][3] = "330102001099" // no such community
	rows[9][5] = "在职"           // no such status
	rows[11][5] = "失业"          // unemployed without a date
	return rows
}

// reportWorkbook is reportRows under the ledger's Chinese header as an XLSX.
func reportWorkbook(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	for c, h := range campaign.Ledger.ChineseHeaders() {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		x.SetCellStr("Sheet1", ref, h)
	}
	for r, cells := range reportRows() {
		for c, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
			x.SetCellStr("Sheet1", ref, v)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
