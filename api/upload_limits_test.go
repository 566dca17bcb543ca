package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// multipartFile is an upload form holding data as the file field.
func multipartFile(name string, data []byte) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

// ledgerRows counts the ledger rows of a month (YYYY-MM-01) and the ingest_log rows of a
// file name: what an upload left behind.
func (f *fixture) traces(t *testing.T, month, file string) (rows, logged uint64) {
	t.Helper()
	ctx := context.Background()
	if err := f.store.Conn.QueryRow(ctx, "SELECT count() FROM ledger FINAL WHERE month = toDate(?)", month).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Conn.QueryRow(ctx, "SELECT count() FROM ingest_log WHERE file_name = ?", file).Scan(&logged); err != nil {
		t.Fatal(err)
	}
	return rows, logged
}

// TestUploadTooLarge: with serve.max_upload_bytes at 4 KiB, a valid ledger of exactly
// 4 KiB is loaded; one byte more is refused with 413 and a message naming the limit and
// its key, Chinese first, on the API and on the upload page, and nothing of it is loaded
// or logged; a body far past the limit is refused as it arrives, with the same message.
func TestUploadTooLarge(t *testing.T) {
	const limit = 4096
	f := newFixtureWith(t, Options{MaxUploadBytes: limit})
	row := "2010-01," + personA + ",张三," + commA + ",H1,employed,Y,Y,N,N,N,N,,N\n"
	sized := func(n int) []byte { // the row, then blank lines (not read) up to n bytes
		return []byte(ledgerHeader + row + strings.Repeat("\n", n-len(ledgerHeader)-len(row)))
	}
	wantMsg := func(where string, code int, body string) {
		t.Helper()
		if code != 413 {
			t.Errorf("%s: status %d, want 413: %.300s", where, code, body)
		}
		zh, en := strings.Index(body, "文件超过上传上限 4 KiB（serve.max_upload_bytes）"), strings.Index(body, "the upload limit of 4 KiB (serve.max_upload_bytes)")
		if zh < 0 || en < zh {
			t.Errorf("%s: the answer does not name the limit and its key, Chinese then English: %.600s", where, body)
		}
	}

	code, res, body := f.upload(t, "street", "exact.csv", sized(limit))
	if code != 200 || res.Loaded != 1 {
		t.Fatalf("a file of exactly the limit: %d %s", code, body)
	}

	code, _, body = f.upload(t, "street", "over.csv", sized(limit+1))
	wantMsg("API, one byte over", code, body)
	var answer struct{ Error string }
	if err := json.Unmarshal([]byte(body), &answer); err != nil || answer.Error == "" {
		t.Errorf("API, one byte over: not a JSON error: %q", body)
	}
	form, ctype := multipartFile("page.csv", sized(limit+1))
	code, body = f.do(t, "street", "POST", "/upload", form, ctype)
	wantMsg("upload page, one byte over", code, body)
	if !strings.Contains(body, `type="file"`) {
		t.Errorf("the upload page refusing a file does not show the form again: %.600s", body)
	}
	// fasthttp refuses a body past the server's limit (the file's plus the form's) before
	// reading it, and closes the connection: app.Test calls that an error, so these go
	// through a real listener.
	base := serveLoopback(t, f)
	for _, c := range []struct{ name, path string }{{"huge.csv", "/api/v1/upload"}, {"huge-page.csv", "/upload"}} {
		form, ctype := multipartFile(c.name, sized(1<<20))
		req, _ := http.NewRequest("POST", base+c.path, form)
		req.Header.Set("Authorization", "Bearer "+f.tokens["street"])
		req.Header.Set("Content-Type", ctype)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s of 1 MiB: %v", c.path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wantMsg(c.path+", 1 MiB", resp.StatusCode, string(b))
	}

	for _, name := range []string{"over.csv", "page.csv", "huge.csv", "huge-page.csv"} {
		if rows, logged := f.traces(t, "2010-01-01", name); rows != 1 || logged != 0 {
			t.Errorf("after refusing %s: %d ledger rows of 2010-01 (want 1, from exact.csv), %d ingest_log rows (want 0)", name, rows, logged)
		}
	}
}

// TestUploadRejectionsPaged: an upload of 130 long bad rows (about 6 KB each, every cell
// of the answer clipped) and 2 good ones is answered in under 90 KB with the total, the
// first page of 50 and the next page's URL; following the pages gives every rejected row
// exactly once, in row order; the upload page shows the same pages with links; users of
// other areas, even the city, are told no such upload exists; a bad ID or page is a 400.
func TestUploadRejectionsPaged(t *testing.T) {
	f := newFixture(t)
	var csv strings.Builder
	csv.WriteString(ledgerHeader)
	want := map[int]bool{}
	long := strings.Repeat("长", 1000) // 3000 bytes: past ingest.max_text_chars
	for i := 1; i <= 132; i++ {
		name, hh := "张三", "H1"
		if i != 7 && i != 90 {
			name, hh = long, long
			want[i] = true
		}
		fmt.Fprintf(&csv, "2010-02,%s,%s,%s,%s,employed,Y,Y,N,N,N,N,,N\n", personA, name, commA, hh)
	}
	code, res, body := f.upload(t, "street", "long.csv", []byte(csv.String()))
	if code != 200 {
		t.Fatalf("upload: %d %.500s", code, body)
	}
	if len(body) > 90<<10 {
		t.Errorf("the answer to a %d KB upload is %d KB, want under 90 KB", csv.Len()>>10, len(body)>>10)
	}
	if res.Read != 132 || res.Loaded != 2 || res.Total != 130 || res.Page != 1 || res.Pages != 3 || res.PerPage != 50 || len(res.Rejected) != 50 {
		t.Fatalf("read %d loaded %d rows_rejected %d page %d of %d (%d a page) holding %d; want 132 2 130, page 1 of 3, 50 a page, 50",
			res.Read, res.Loaded, res.Total, res.Page, res.Pages, res.PerPage, len(res.Rejected))
	}
	r := res.Rejected[0]
	if !strings.Contains(r.Reason, "max_text_chars") || len(r.Value) > 200 || len(r.Raw) > 200 || !strings.HasPrefix(r.Raw, "2010-02,"+personA+",长") || !strings.HasSuffix(r.Raw, "…") {
		t.Errorf("first rejected row = %+v, want the text limit's reason, value and raw clipped to 200 bytes", r)
	}

	seen := map[int]int{}
	page, next := res.RejectedPage, res.Next
	for n := 1; ; n++ {
		last := 0
		for _, r := range page.Rejected {
			if r.Row <= last {
				t.Errorf("page %d: row %d after row %d", n, r.Row, last)
			}
			last = r.Row
			seen[r.Row]++
		}
		if next == "" {
			if n != 3 {
				t.Errorf("%d pages, want 3", n)
			}
			break
		}
		if want := fmt.Sprintf("/api/v1/uploads/%s/rejections?page=%d", res.UploadID, n+1); next != want {
			t.Fatalf("next = %q, want %q", next, want)
		}
		code, body := f.do(t, "street", "GET", next, nil, "")
		page = RejectedPage{}
		if err := json.Unmarshal([]byte(body), &page); code != 200 || err != nil {
			t.Fatalf("%s: %d %v %.300s", next, code, err, body)
		}
		if page.Page != n+1 || page.Total != 130 || page.UploadID != res.UploadID {
			t.Errorf("%s = page %d, %d rejected, upload %s", next, page.Page, page.Total, page.UploadID)
		}
		next = page.Next
	}
	var rows []int
	for row, k := range seen {
		if k != 1 || !want[row] {
			t.Errorf("row %d came %d times (rejected: %v)", row, k, want[row])
		}
		rows = append(rows, row)
	}
	sort.Ints(rows)
	if len(rows) != len(want) {
		t.Errorf("the pages gave %d rows, want the %d rejected: %v", len(rows), len(want), rows)
	}

	code, body = f.do(t, "street", "GET", "/api/v1/uploads/"+res.UploadID+"/rejections?page=4", nil, "")
	if code != 200 || !strings.Contains(body, `"rejected":[]`) {
		t.Errorf("page 4 of 3: %d %.300s, want an empty page", code, body)
	}
	code, body = f.do(t, "street", "GET", "/upload/"+res.UploadID+"/rejections?page=2&lang=en", nil, "")
	if code != 200 || !strings.Contains(body, "page 2 of 3: 130 rows") || strings.Count(body, "max_text_chars") < 50 ||
		!strings.Contains(body, `href="/upload/`+res.UploadID+`/rejections?page=3&amp;lang=en"`) || !strings.Contains(body, `rejections?page=1&amp;lang=en"`) {
		t.Errorf("the upload page's page 2 lacks its rows or its links: %.2000s", body)
	}

	for _, user := range []string{"community", "district", "city"} {
		code, body := f.do(t, user, "GET", "/api/v1/uploads/"+res.UploadID+"/rejections", nil, "")
		if code != 404 || strings.Contains(body, "长长") {
			t.Errorf("%s reads the street's upload: %d %.300s", user, code, body)
		}
	}
	for _, target := range []string{"/api/v1/uploads/xyz/rejections", "/api/v1/uploads/" + res.UploadID + "/rejections?page=0"} {
		if code, body := f.do(t, "street", "GET", target, nil, ""); code != 400 {
			t.Errorf("%s: %d %s, want 400", target, code, body)
		}
	}
}
