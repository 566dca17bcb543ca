// Package api is fullemp's web server: the fiber app with every route in one place, the
// login, sessions and API tokens, the JSON API under /api/v1, CSV and XLSX exports, ledger
// uploads and the audit trail. Pages come from package dashboards; both read figures only
// through dashboards.Source, which applies the user's scope.
package api

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/sirupsen/logrus"

	"fullemp/account"
	"fullemp/dashboards"
	"fullemp/ingest"
)

// Server is the web application.
type Server struct {
	app  *fiber.App
	acc  *account.Accounts
	dash *dashboards.Dashboards
	ing  *ingest.Ingester
	log  *logrus.Entry
	// bul, when set (EnableBulletins), serves the statistical bulletins.
	bul *bulletins
	// encoded keeps compressed copies of large bodies (see compressText).
	encoded encodedBodies
	// probe answers /healthz and /readyz; health is what /healthz saw last.
	probe  probe
	health health
	// requestTimeout bounds each request's database calls (see deadline).
	requestTimeout time.Duration
}

// New builds the app and its routes; dash has already parsed its templates.
func New(acc *account.Accounts, dash *dashboards.Dashboards, ing *ingest.Ingester, log *logrus.Entry) *Server {
	s := &Server{acc: acc, dash: dash, ing: ing, log: log.WithField("component", "api"),
		probe: ing.Store(), requestTimeout: DefaultRequestTimeout}
	s.app = fiber.New(fiber.Config{
		ErrorHandler:          s.errorHandler,
		DisableStartupMessage: true,
		BodyLimit:             64 << 20,
		ReadTimeout:           2 * time.Minute,
		WriteTimeout:          2 * time.Minute,
		IdleTimeout:           2 * time.Minute,
		AppName:               "fullemp",
	})
	s.routes()
	return s
}

// App returns the fiber app (tests call app.Test).
func (s *Server) App() *fiber.App { return s.app }

// Serve listens on ln until ctx ends, then shuts down gracefully (in-flight requests get
// up to 10 seconds).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.app.ShutdownWithContext(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
