package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"fullemp/campaign"
	"fullemp/idcard"
	"fullemp/warehouse/whtest"
)

// namedRows returns n valid ledger rows of 2008-12 named names[i] (people born 1970 on).
func namedRows(names []string) [][]string {
	var rows [][]string
	for i, name := range names {
		id := idcard.Make("330102", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), 1+2*i)
		rows = append(rows, []string{"2008-12", id, name, community1, fmt.Sprint("H", i), "employed", "Y", "Y", "N", "N", "N", "N", "", "N"})
	}
	return rows
}

func gbkString(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEncodingsRejectRowsNeverGarble: one GBK name in a UTF-8 file, a character cut off
// at the end, invalid GBK bytes, NUL and control characters: the row is rejected with its
// reason and every other name is stored exactly as sent, never with �.
func TestEncodingsRejectRowsNeverGarble(t *testing.T) {
	s := whtest.Open(t)
	dir := t.TempDir()
	loadRegions(t, s, dir)
	names := []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二", "陈三", "褚四"}
	cases := []struct {
		name   string
		data   func() []byte
		bad    int    // row number rejected
		reason string // part of its reason
	}{
		{"gbk name in utf8", func() []byte {
			rows := namedRows(names)
			rows[4][2] = gbkString(t, "欧阳娜娜")
			return csvBytes(t, withHeader(campaign.Ledger, true, rows), utf8Plain)
		}, 5, "mixed encodings"},
		{"last character cut off", func() []byte {
			rows := namedRows(names)
			rows[len(rows)-1][13] = "是"
			b := csvBytes(t, withHeader(campaign.Ledger, true, rows), utf8Plain)
			return bytes.TrimSuffix(b, []byte("\xaf\n")) // 是 = e6 98 af
		}, len(names), "cut off"},
		{"invalid gbk bytes", func() []byte {
			b := csvBytes(t, withHeader(campaign.Ledger, true, namedRows(names)), gbk)
			return bytes.Replace(b, []byte(gbkString(t, "赵六")), append([]byte(gbkString(t, "赵")), 0xff), 1)
		}, 4, "invalid GBK bytes"},
		{"NUL", func() []byte {
			rows := namedRows(names)
			rows[1][2] = "李\x00四"
			return csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain)
		}, 2, "NUL"},
		{"control character", func() []byte {
			rows := namedRows(names)
			rows[2][2] = "王\x07五"
			return csvBytes(t, withHeader(campaign.Ledger, false, rows), utf8Plain)
		}, 3, "U+0007"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := s.Conn.Exec(t.Context(), "TRUNCATE TABLE ledger"); err != nil {
				t.Fatal(err)
			}
			p := writeFile(t, dir, strings.ReplaceAll(c.name, " ", "_")+".csv", c.data())
			sums, _ := newIngester(s, Options{}).Files(t.Context(), []string{p})
			sum := sums[0]
			if sum.Error != "" || sum.Read != int64(len(names)) || sum.Loaded != int64(len(names)-1) || sum.Rejected != 1 {
				t.Fatalf("summary %+v, want %d read, %d loaded, 1 rejected", sum, len(names), len(names)-1)
			}
			if r := sum.Rejections[0]; r.Row != uint32(c.bad) || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("rejected row %d %q, want row %d with %q", r.Row, r.Reason, c.bad, c.reason)
			}
			rows, err := s.Conn.Query(t.Context(), "SELECT name FROM ledger")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var name string
				if err := rows.Scan(&name); err != nil {
					t.Fatal(err)
				}
				if !utf8.ValidString(name) || strings.ContainsRune(name, utf8.RuneError) {
					t.Errorf("name stored as %q", name)
				}
			}
			rows.Close()
			for i, name := range names {
				if i+1 == c.bad {
					continue
				}
				if n := count(t, s, "ledger", "name = ?", name); n != 1 {
					t.Errorf("name %s stored %d times, want once (garbled?)", name, n)
				}
			}
		})
	}
}
