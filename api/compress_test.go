package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/xuri/excelize/v2"
)

// TestCompression: the 1 MB echarts asset goes out gzip- or brotli-compressed to a client
// that accepts it (still under its content-hash URL, immutable), pages and CSV exports
// too; an XLSX export, a zip file already, is not compressed again.
func TestCompression(t *testing.T) {
	f := newFixture(t)
	get := func(path, user, accept string) (hdr func(string) string, body []byte) {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if user != "" {
			req.Header.Set("Authorization", "Bearer "+f.tokens[user])
		}
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := f.srv.App().Test(req, 60_000)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %.200s", path, resp.StatusCode, b)
		}
		return resp.Header.Get, b
	}
	url := f.srv.dash.Assets.URL("echarts.min.js")
	_, plain := get(url, "", "")
	if len(plain) < 900_000 {
		t.Fatalf("echarts.min.js is %d bytes uncompressed", len(plain))
	}
	for _, enc := range []string{"gzip", "br"} {
		for i := 0; i < 2; i++ { // the second answer comes from the cache
			h, body := get(url, "", "gzip, deflate, "+enc)
			if h("Content-Encoding") != enc || !strings.Contains(h("Vary"), "Accept-Encoding") ||
				h("Cache-Control") != "public, max-age=31536000, immutable" || len(body) > 400_000 {
				t.Fatalf("%s: Content-Encoding %q, Vary %q, Cache-Control %q, %d bytes", enc, h("Content-Encoding"), h("Vary"), h("Cache-Control"), len(body))
			}
			var r io.Reader = brotli.NewReader(bytes.NewReader(body))
			if enc == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			}
			if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("%s: does not decompress to the asset (%v, %d bytes)", enc, err, len(got))
			}
		}
	}
	if n := len(f.srv.encoded.m); n != 2 {
		t.Errorf("%d compressed copies kept, want 2 (echarts in gzip and br)", n)
	}
	// Pages, the API and CSV exports are compressed too (bodies under 200 bytes, like the
	// fixture's league, are sent as they are).
	for _, path := range []string{"/region/3301?month=" + testMonth, "/api/v1/targets?month=" + testMonth,
		"/export/targets.csv?region=3301&month=" + testMonth} {
		if h, _ := get(path, "city", "gzip"); h("Content-Encoding") != "gzip" {
			t.Errorf("GET %s: Content-Encoding %q, want gzip", path, h("Content-Encoding"))
		}
	}
	// The XLSX export is sent as it is and opens.
	h, body := get("/export/league.xlsx?region=3301&month="+testMonth, "city", "gzip, br")
	if h("Content-Encoding") != "" {
		t.Errorf("xlsx export compressed again: Content-Encoding %q", h("Content-Encoding"))
	}
	if _, err := excelize.OpenReader(bytes.NewReader(body)); err != nil {
		t.Errorf("xlsx export does not open: %v", err)
	}
}
