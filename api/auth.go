package api

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/dashboards"
)

// sessionCookie holds the session id (HttpOnly, SameSite=Lax, Secure over TLS).
const sessionCookie = "fullemp_session"

// authenticate finds the request's principal from a Bearer token or the session cookie;
// without one the request is refused (401 for the API, the login page for pages).
func (s *Server) authenticate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	var p account.Principal
	var err error
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return fmt.Errorf("authorization header: want Bearer TOKEN: %w", account.ErrUnauthenticated)
		}
		p, err = s.acc.Token(ctx, strings.TrimSpace(tok))
	} else if id := c.Cookies(sessionCookie); id != "" {
		p, err = s.acc.Session(ctx, id)
	} else {
		err = account.ErrUnauthenticated
	}
	if err != nil {
		return err
	}
	dashboards.SetPrincipal(c, p)
	if c.Get(fiber.HeaderAuthorization) == "" {
		withCSRF(c, c.Cookies(sessionCookie))
	}
	if l := c.Query("lang"); l != "" {
		c.Cookie(&fiber.Cookie{Name: "lang", Value: string(dashboards.ParseLang(l)), Path: "/", SameSite: fiber.CookieSameSiteLaxMode, MaxAge: 365 * 86400})
	}
	return c.Next()
}

// loginPage shows the login form.
func (s *Server) loginPage(c *fiber.Ctx) error {
	if l := c.Query("lang"); l != "" {
		c.Cookie(&fiber.Cookie{Name: "lang", Value: string(dashboards.ParseLang(l)), Path: "/", SameSite: fiber.CookieSameSiteLaxMode, MaxAge: 365 * 86400})
	}
	secret, err := setLoginSecret(c)
	if err != nil {
		return err
	}
	withCSRF(c, secret)
	return s.dash.LoginPage(c, safeNext(c.Query("next")), "")
}

// login checks the password under the login throttle (account.Login, which audits the
// failures), records the login in the audit trail and sets the session cookie; a wrong
// password shows the form again with 401, a throttled login with 429 and Retry-After.
func (s *Server) login(c *fiber.Ctx) error {
	ctx := c.UserContext()
	name, pw := strings.TrimSpace(c.FormValue("username")), c.FormValue("password")
	u, err := s.acc.Login(ctx, name, pw, c.IP())
	var throttled *account.ThrottledError
	switch {
	case errors.As(err, &throttled):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(throttled.RetryAfter()))
		c.Status(fiber.StatusTooManyRequests)
		withCSRF(c, c.Cookies(loginCookie))
		return s.dash.LoginPage(c, safeNext(c.FormValue("next")), throttled.Error())
	case errors.Is(err, account.ErrBadLogin):
		c.Status(fiber.StatusUnauthorized)
		withCSRF(c, c.Cookies(loginCookie))
		return s.dash.LoginPage(c, safeNext(c.FormValue("next")), dashboards.T(dashboards.LangOf(c), "bad_login"))
	case err != nil:
		return err
	}
	id, exp, err := s.acc.StartSession(ctx, u)
	if err != nil {
		return err
	}
	if err := s.acc.Record(ctx, u.Principal(), account.ActionLogin, u.Region, "", c.IP()); err != nil {
		s.log.WithError(err).Error("audit login")
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: id, Path: "/", Expires: exp, HTTPOnly: true,
		Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteLaxMode,
	})
	c.Cookie(&fiber.Cookie{Name: loginCookie, Value: "", Path: "/login", MaxAge: -1, HTTPOnly: true})
	return c.Redirect(safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}

// logout ends the session and clears the cookie.
func (s *Server) logout(c *fiber.Ctx) error {
	if id := c.Cookies(sessionCookie); id != "" {
		if err := s.acc.EndSession(c.UserContext(), id); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HTTPOnly: true,
		Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect("/login", fiber.StatusSeeOther)
}
