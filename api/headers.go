package api

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/dashboards"
)

// securityHeaders puts the browser-facing security headers on every response (pages,
// API, exports, assets, errors) and draws the response's CSP nonce, which the pages
// write on their inline chart scripts (dashboards.SetNonce):
//   - Content-Security-Policy: scripts only from this server, or inline with the nonce (no
//     'unsafe-inline' for scripts); styles, fonts, images and fetches from this server
//     only (the intranet has no internet, and every asset comes from the binary); no
//     plugins, no <base>, forms post here only, and no page may frame ours
//     (frame-ancestors 'none', and X-Frame-Options DENY for browsers before CSP 2);
//   - X-Content-Type-Options: nosniff, so a download or an upload's answer is never run
//     as a script or page of another type;
//   - Referrer-Policy: same-origin, so a link out carries no region code or month.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("csp nonce: %w", err)
	}
	nonce := base64.RawStdEncoding.EncodeToString(b)
	dashboards.SetNonce(c, nonce)
	c.Set("Content-Security-Policy", contentSecurityPolicy("'nonce-"+nonce+"'", ""))
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	return c.Next()
}

// contentSecurityPolicy is the policy with scripts allowed besides the server's own
// files (a nonce) and styles allowed besides its own style sheets (a hash of a page's own
// <style>, see bulletinPolicy). Style attributes are allowed (style-src-attr): ECharts
// writes its tooltips as markup with style attributes; a <style> element, which could
// read a page's text through selectors, is not.
func contentSecurityPolicy(scripts, styles string) string {
	return strings.Join([]string{
		"default-src 'self'",
		strings.TrimSpace("script-src 'self' " + scripts),
		strings.TrimSpace("style-src 'self' " + styles),
		"style-src-attr 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// bulletinPolicy is the policy of a published bulletin's HTML, a stored file that must
// stay byte for byte what was published (and works on its own, saved to disk): its
// <style> elements are allowed by their hashes, and it runs no script at all.
func bulletinPolicy(html []byte) string {
	p := contentSecurityPolicy("", styleHashes(html))
	return strings.Replace(p, "script-src 'self'", "script-src 'none'", 1)
}

// styleHashes are the CSP sources of the <style> elements in html, by their hashes.
func styleHashes(html []byte) string {
	var hashes []string
	rest := html
	for {
		i := bytes.Index(rest, []byte("<style>"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<style>"):]
		j := bytes.Index(rest, []byte("</style>"))
		if j < 0 {
			break
		}
		sum := sha256.Sum256(rest[:j])
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
		rest = rest[j:]
	}
	return strings.Join(hashes, " ")
}
