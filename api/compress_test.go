package api

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/valyala/fasthttp"
	"github.com/xuri/excelize/v2"
)

// TestCompression: the 1 MB echarts asset goes out gzip- or brotli-compressed to a client
// that accepts it (still under its content-hash URL, immutable), large pages, API answers
// and CSV exports too; small bodies (under 1 KiB) and an XLSX export, a zip file already,
// go as they are.
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
	// Pages, the API and CSV exports of sharedMin bytes or more are compressed too; a
	// smaller body goes as it is, even one that compressing per request would have taken
	// (over fasthttp's 200 bytes): the city's placements in the API.
	for _, c := range []struct {
		path  string
		large bool
	}{
		{"/region/3301?month=" + testMonth, true},
		{"/api/v1/targets?month=" + testMonth, true},
		{"/export/targets.csv?region=3301&month=" + testMonth, false},
		{"/api/v1/regions/3301/placements?month=" + testMonth, false},
	} {
		_, plain := get(c.path, "city", "")
		if big := len(plain) >= sharedMin; big != c.large || !big && len(plain) < 200 {
			t.Fatalf("GET %s: %d bytes uncompressed; the test wants it %s", c.path, len(plain), map[bool]string{true: "of 1 KiB or more", false: "of 200 bytes to 1 KiB"}[c.large])
		}
		h, body := get(c.path, "city", "gzip, deflate")
		want := ""
		if c.large {
			want = "gzip"
		}
		if h("Content-Encoding") != want {
			t.Errorf("GET %s (%d bytes): Content-Encoding %q, want %q", c.path, len(plain), h("Content-Encoding"), want)
		}
		if !c.large && !bytes.Equal(body, plain) {
			t.Errorf("GET %s: the uncompressed answer to a client that accepts gzip differs from the plain one", c.path)
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

// BenchmarkCompressBody compresses a JSON body of each size once per operation, as
// compressing per request did (fasthttp, the default levels of fiber's compress), and
// reports the bytes it saves: the figures behind sharedMin.
func BenchmarkCompressBody(b *testing.B) {
	var rows strings.Builder
	for i := 0; rows.Len() < 16<<10; i++ {
		fmt.Fprintf(&rows, `{"code":"3301%02d%03d%03d","month":"2010-%02d","labour_force":%d,"employed":%d,"rate":%.2f,"zero_outstanding":%d},`,
			i%13, i*7%100, i*31%1000, i%12+1, 900+i*37%500, 850+i*29%450, 90+float64(i*17%1000)/100, i%3)
	}
	for _, size := range []int{256, 512, 1 << 10, 4 << 10, 16 << 10} {
		body := []byte(rows.String()[:size])
		for _, enc := range []string{"br", "gzip"} {
			b.Run(fmt.Sprintf("%s-%dB", enc, size), func(b *testing.B) {
				b.ReportAllocs()
				var out []byte
				for i := 0; i < b.N; i++ {
					if enc == "br" {
						out = fasthttp.AppendBrotliBytesLevel(out[:0], body, fasthttp.CompressBrotliDefaultCompression)
					} else {
						out = fasthttp.AppendGzipBytesLevel(out[:0], body, fasthttp.CompressDefaultCompression)
					}
				}
				b.ReportMetric(float64(size-len(out)), "saved-B")
			})
		}
	}
}
