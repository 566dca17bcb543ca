package api

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fullemp/account"
	"fullemp/period"
	"fullemp/warehouse"
)

// msgUnavailable is what the API says when the database did not answer (the pages say it
// in Chinese and English).
const msgUnavailable = "database unavailable: ClickHouse did not answer in time; try again later"

// retryAfter is the Retry-After (seconds) of a 503.
const retryAfter = "10"

// status maps a domain error to its HTTP status and the message users see. This is the
// one place where errors become statuses.
func status(err error) (int, string) {
	var fe *fiber.Error
	var big *uploadTooLarge
	var noData *period.NoDataError
	switch {
	case errors.As(err, &big):
		return fiber.StatusRequestEntityTooLarge, big.Error()
	case errors.As(err, &fe):
		return fe.Code, fe.Message
	case errors.Is(err, account.ErrThrottled):
		return fiber.StatusTooManyRequests, err.Error()
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
	case errors.Is(err, warehouse.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		// The database is down, restarting, paused, or slower than the request's deadline.
		return fiber.StatusServiceUnavailable, msgUnavailable
	}
	return fiber.StatusInternalServerError, "internal error"
}

// errorHandler is the app's one fiber ErrorHandler: JSON {"error": message} under /api,
// the login page for an anonymous page view, an HTML error page otherwise. Server errors
// are logged with their detail; users see "internal error", or for a database that did
// not answer a 503 with Retry-After that says so.
func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	code, msg := status(err)
	if code == fiber.StatusRequestEntityTooLarge {
		// fasthttp refused the body as it arrived: it is past the upload limit.
		msg = (&uploadTooLarge{s.opts.MaxUploadBytes}).Error()
	}
	switch {
	case code == fiber.StatusServiceUnavailable:
		s.log.WithError(err).WithFields(map[string]any{"path": c.Path(), "method": c.Method()}).Warn("database unavailable")
		c.Set(fiber.HeaderRetryAfter, retryAfter)
	case code >= 500:
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
