package api

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/period"
)

// status maps a domain error to its HTTP status and the message users see. This is the
// one place where errors become statuses.
func status(err error) (int, string) {
	var fe *fiber.Error
	var noData *period.NoDataError
	switch {
	case errors.As(err, &fe):
		return fe.Code, fe.Message
	case errors.As(err, &noData):
		return fiber.StatusNotFound, noData.Error() // a sentence, Chinese then English
	case errors.Is(err, period.ErrSyntax):
		return fiber.StatusBadRequest, err.Error()
	case errors.Is(err, account.ErrBadLogin):
		return fiber.StatusUnauthorized, account.ErrBadLogin.Error()
	case errors.Is(err, account.ErrUnauthenticated):
		return fiber.StatusUnauthorized, "not logged in"
	case errors.Is(err, account.ErrForbidden):
		return fiber.StatusForbidden, err.Error()
	case errors.Is(err, account.ErrNotFound):
		return fiber.StatusNotFound, err.Error()
	case errors.Is(err, account.ErrInvalid):
		return fiber.StatusBadRequest, err.Error()
	}
	return fiber.StatusInternalServerError, "internal error"
}

// errorHandler is the app's one fiber ErrorHandler: JSON {"error": message} under /api,
// the login page for an anonymous page view, an HTML error page otherwise. Server errors
// are logged with their detail; users see "internal error".
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	code, msg := status(err)
	if code >= 500 {
		s.log.WithError(err).WithFields(map[string]any{"path": c.Path(), "method": c.Method()}).Error("request failed")
	}
	if strings.HasPrefix(c.Path(), "/api/") || (strings.HasPrefix(c.Path(), "/export/") && c.Get(fiber.HeaderAuthorization) != "") {
		return c.Status(code).JSON(fiber.Map{"error": msg})
	}
	if code == fiber.StatusUnauthorized && c.Method() == fiber.MethodGet {
		return c.Redirect("/login?next=" + urlQueryEscape(c.OriginalURL()))
	}
	return s.dash.ErrorPage(c, code, msg, err)
}
