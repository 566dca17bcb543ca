package api

import (
	"context"
	"sort"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"fullemp/warehouse"
)

// probe is what /healthz and /readyz ask the warehouse (*warehouse.Store).
type probe interface {
	Ping(ctx context.Context) error
	Pending(ctx context.Context) (warehouse.Changes, error)
}

// probeTimeout bounds each question /healthz and /readyz ask the database: a monitor
// learns in two seconds that it does not answer.
const probeTimeout = 2 * time.Second

// health is the state /healthz last saw, so that a change is logged once, not every
// probe of an outage.
type health struct{ down atomic.Bool }

func (h *health) saw(s *Server, err error) {
	if down := err != nil; h.down.Swap(down) != down {
		if down {
			s.log.WithError(err).Warn("health: the database does not answer")
		} else {
			s.log.Info("health: the database answers again")
		}
	}
}

// healthz: GET /healthz — 200 when SELECT 1 works within probeTimeout, else 503. No login.
func (s *Server) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), probeTimeout)
	defer cancel()
	t0 := time.Now()
	err := s.probe.Ping(ctx)
	s.health.saw(s, err)
	c.Set("Cache-Control", "no-store")
	if err != nil {
		c.Set(fiber.HeaderRetryAfter, retryAfter)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "database": "unavailable", "error": msgUnavailable})
	}
	return c.JSON(fiber.Map{"status": "ok", "database": "ok", "took_ms": float64(time.Since(t0).Microseconds()) / 1000})
}

// readyz: GET /readyz — 200 when the database answers and no refresh is pending (every
// loaded file's months are in the figures), else 503 with what is missing. No login.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), probeTimeout)
	defer cancel()
	ch, err := s.probe.Pending(ctx)
	c.Set("Cache-Control", "no-store")
	if err != nil {
		s.log.WithError(err).Debug("readiness: pending refreshes")
		c.Set(fiber.HeaderRetryAfter, retryAfter)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"ready": false, "database": "unavailable", "error": msgUnavailable})
	}
	if len(ch.Files) > 0 {
		months := make([]string, 0, len(ch.Months))
		for m := range ch.Months {
			months = append(months, m.Format("2006-01"))
		}
		sort.Strings(months)
		kinds := make([]string, 0, len(ch.Kinds))
		for k := range ch.Kinds {
			kinds = append(kinds, string(k))
		}
		sort.Strings(kinds)
		c.Set(fiber.HeaderRetryAfter, retryAfter)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"ready": false, "database": "ok",
			"error":           "refresh pending: the figures do not yet include " + plural(len(ch.Files), "loaded file"),
			"pending_refresh": fiber.Map{"files": len(ch.Files), "kinds": kinds, "months": months}})
	}
	return c.JSON(fiber.Map{"ready": true, "database": "ok"})
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
