package api

import (
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// compressText compresses text responses (pages, JSON, CSV, YAML, scripts, styles) of
// sharedMin bytes or more for a client that sends Accept-Encoding br or gzip, with the
// compressed copy kept by encodedBodies: the 1 MB echarts.min.js and the cached API
// answers are compressed once, not per request. A page is never the same bytes twice (it
// carries the response's own CSP nonce), so it is compressed for its request and not
// kept. Smaller bodies go as they are. Images and fonts are not text; XLSX exports are zip
// files already and pass untouched.
func (s *Server) compressText() []any { return []any{s.encoded.handler} }

func isXLSX(c *fiber.Ctx) bool { return strings.HasSuffix(c.Path(), ".xlsx") }

// sharedMin is the body size below which a response goes uncompressed. Such a response,
// with its headers, fits one TCP segment either way, while compressing it per request cost
// 9 µs (gzip) to 30 µs (brotli) of CPU whatever its size (BenchmarkCompressBody), and with
// it the API's 453-byte answers were slower under load than the pages they serve.
const sharedMin = 1 << 10

// encodedMax bounds the compressed copies kept (bytes); past it the cache starts afresh.
const encodedMax = 64 << 20

// encodedBodies keeps compressed copies of response bodies by content (xxhash64 and
// length), so that a body served again — an asset, a cached page or API answer — is
// compressed once, not per request (1 MB of JSON takes 10–50 ms of CPU). A copy only
// ever answers a request whose own body was the same bytes, so nothing crosses users.
type encodedBodies struct {
	mu    sync.Mutex
	m     map[encodedKey]*encodedBody
	bytes int
}

type encodedKey struct {
	sum uint64 // xxhash64 of the body
	n   int    // its length
	enc string // br or gzip
}

type encodedBody struct {
	once sync.Once
	b    []byte
}

// handler replaces a large compressible body with its compressed copy in the best
// encoding the request accepts (br, then gzip).
func (e *encodedBodies) handler(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return err
	}
	resp := c.Response()
	body := resp.Body()
	if len(body) < sharedMin || len(resp.Header.ContentEncoding()) > 0 || isXLSX(c) ||
		!compressible(string(resp.Header.ContentType())) {
		return nil
	}
	enc := ""
	switch h := &c.Request().Header; {
	case h.HasAcceptEncoding("br"):
		enc = "br"
	case h.HasAcceptEncoding("gzip"):
		enc = "gzip"
	default:
		return nil
	}
	if strings.HasPrefix(string(resp.Header.ContentType()), "text/html") {
		resp.SetBodyRaw(encode(body, enc))
	} else {
		resp.SetBodyRaw(e.get(body, enc))
	}
	resp.Header.SetContentEncoding(enc)
	c.Vary(fiber.HeaderAcceptEncoding)
	return nil
}

// get returns body compressed with enc, compressing it at the first request only.
func (e *encodedBodies) get(body []byte, enc string) []byte {
	k := encodedKey{xxhash.Sum64(body), len(body), enc}
	e.mu.Lock()
	eb := e.m[k]
	if eb == nil {
		if e.m == nil || e.bytes > encodedMax {
			e.m, e.bytes = map[encodedKey]*encodedBody{}, 0
		}
		eb = &encodedBody{}
		e.m[k] = eb
	}
	e.mu.Unlock()
	eb.once.Do(func() {
		eb.b = encode(body, enc)
		e.mu.Lock()
		e.bytes += len(eb.b)
		e.mu.Unlock()
	})
	return eb.b
}

// encode compresses body with enc (br or gzip).
func encode(body []byte, enc string) []byte {
	if enc == "br" {
		return fasthttp.AppendBrotliBytesLevel(nil, body, 6)
	}
	return fasthttp.AppendGzipBytesLevel(nil, body, fasthttp.CompressDefaultCompression)
}

// compressible reports whether a content type is text worth compressing.
func compressible(contentType string) bool {
	ct := strings.ToLower(contentType)
	for _, p := range []string{"text/", "application/javascript", "application/json", "application/yaml", "image/svg+xml"} {
		if strings.HasPrefix(ct, p) {
			return true
		}
	}
	return false
}
