package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/dashboards"
)

// loginCookie holds a random pre-session secret set by the login page, so that the login
// form carries a token too (login CSRF).
const loginCookie = "fullemp_login"

// csrfToken derives a form token from a session id (or the login page's secret): the
// secret sits in an HttpOnly cookie, so another origin can neither read nor guess it.
func csrfToken(secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("fullemp-csrf\x00" + secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// csrf guards every state-changing request from a browser (login, logout, upload, and any
// POST to come): it must come from the server's own origin (Sec-Fetch-Site same-origin,
// else an Origin or Referer naming this origin) and carry the session's token (form field
// csrf or header X-CSRF-Token). API clients with a Bearer token are not browsers riding
// on a cookie and are left alone.
func (s *Server) csrf(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if strings.HasPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ") {
		return c.Next()
	}
	if err := sameOrigin(c); err != nil {
		s.log.WithFields(map[string]any{"path": c.Path(), "origin": c.Get(fiber.HeaderOrigin), "sec_fetch_site": c.Get("Sec-Fetch-Site"), "remote": c.IP()}).Warn("cross-origin request refused")
		return err
	}
	secret := c.Cookies(sessionCookie)
	if c.Path() == "/login" {
		secret = c.Cookies(loginCookie)
	}
	want := csrfToken(secret)
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fmt.Errorf("the form has expired or did not come from this site; reload the page and try again (表单已过期或并非来自本站，请刷新页面后重试): %w", account.ErrForbidden)
	}
	return c.Next()
}

// sameOrigin checks that a browser request comes from a page of this server.
func sameOrigin(c *fiber.Ctx) error {
	bad := func(what string) error {
		return fmt.Errorf("request from another site (%s) refused (拒绝来自其他站点的请求): %w", what, account.ErrForbidden)
	}
	switch site := c.Get("Sec-Fetch-Site"); site {
	case "same-origin", "none":
		return nil
	case "":
	default:
		return bad("Sec-Fetch-Site " + site)
	}
	own := c.Protocol() + "://" + c.Hostname()
	if o := c.Get(fiber.HeaderOrigin); o != "" {
		if o != own {
			return bad("Origin " + o)
		}
		return nil
	}
	if r := c.Get(fiber.HeaderReferer); r != "" {
		u, err := url.Parse(r)
		if err != nil || u.Scheme+"://"+u.Host != own {
			return bad("Referer " + r)
		}
		return nil
	}
	return bad("no Origin")
}

// setLoginSecret gives the login page its pre-session secret (kept while it is there).
func setLoginSecret(c *fiber.Ctx) (string, error) {
	if v := c.Cookies(loginCookie); len(v) >= 32 {
		return v, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("login secret: %w", err)
	}
	v := base64.RawURLEncoding.EncodeToString(b)
	c.Cookie(&fiber.Cookie{Name: loginCookie, Value: v, Path: "/login", HTTPOnly: true,
		Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteStrictMode, MaxAge: 12 * 3600})
	return v, nil
}

// safeNext returns next when it is a path of this server ("/region/…"), else "/": no
// scheme, no host, no "//" or "/\" (which browsers read as another host), no control
// characters.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 2048 {
		return "/"
	}
	if len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// withCSRF puts the request's form token where pages render it (dashboards.SetCSRF).
func withCSRF(c *fiber.Ctx, secret string) { dashboards.SetCSRF(c, csrfToken(secret)) }
