package api

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// DefaultRequestTimeout is how long a request may wait for the database unless
// SetRequestTimeout says otherwise: the slowest page of a 100 M-row city takes well under
// a second, so a request that waits longer finds the database down or overloaded and
// gets a 503 rather than hanging.
const DefaultRequestTimeout = 10 * time.Second

// SetRequestTimeout sets the deadline of every request's database calls (serve's
// serve.request_timeout); d <= 0 keeps DefaultRequestTimeout.
func (s *Server) SetRequestTimeout(d time.Duration) {
	if d > 0 {
		s.requestTimeout = d
	}
}

// deadline gives the request's context (c.UserContext, which every handler passes to the
// warehouse) the request timeout, so a database that is paused, restarting or overloaded
// answers the user with a 503 within it. Uploads and publishing are long writes (ingest,
// a refresh, Chromium printing): they have no request deadline, and each of their
// statements is bounded by warehouse.query_timeout instead.
func (s *Server) deadline(c *fiber.Ctx) error {
	if longWrite(c) {
		return c.Next()
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), s.requestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// longWrite reports whether c is an upload or a bulletin's publication.
func longWrite(c *fiber.Ctx) bool {
	if c.Method() != fiber.MethodPost {
		return false
	}
	p := c.Path()
	return p == "/upload" || p == "/api/v1/upload" || strings.HasSuffix(p, "/publish")
}
