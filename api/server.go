// Package api is fullemp's web server: the fiber app with every route in one place, the
// login, sessions and API tokens, the JSON API under /api/v1, CSV and XLSX exports, ledger
// uploads and the audit trail. Pages come from package dashboards; both read figures only
// through readmodel.Source, which applies the user's scope.
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
	opts Options
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

// Options tune a Server. The zero value gives the defaults.
type Options struct {
	// MaxUploadBytes is the largest file an upload takes (serve.max_upload_bytes); a larger
	// one is refused with 413 before it is read whole. Default DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// AfterUpload, when set, is called after each upload is ingested (serve looks at the
	// release calendar then: the upload may have completed a period's ledgers).
	AfterUpload func()
}

// DefaultMaxUploadBytes is the default upload limit, 64 MiB (the body limit the server
// had before the limit became a key).
const DefaultMaxUploadBytes = 64 << 20

// uploadFormBytes is what a request body may hold besides the file: the multipart
// boundaries and headers and the form's CSRF field.
const uploadFormBytes = 64 << 10

func (o Options) withDefaults() Options {
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	return o
}

// New builds the app and its routes; dash has already parsed its templates.
func New(acc *account.Accounts, dash *dashboards.Dashboards, ing *ingest.Ingester, log *logrus.Entry, opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{acc: acc, dash: dash, ing: ing, log: log.WithField("component", "api"), opts: opts,
		probe: ing.Store(), requestTimeout: DefaultRequestTimeout}
	s.app = fiber.New(fiber.Config{
		ErrorHandler:          s.errorHandler,
		DisableStartupMessage: true,
		// A body past the upload limit is refused as it arrives (413), never held whole.
		BodyLimit:    int(opts.MaxUploadBytes + uploadFormBytes),
		ReadTimeout:  2 * time.Minute,
		WriteTimeout: 2 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		AppName:      "fullemp",
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
	go func() { errc <- s.app.Listener(lingerListener{ln}) }()
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
