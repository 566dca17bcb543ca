package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"fullemp/account"
	"fullemp/api"
	"fullemp/bulletin"
	"fullemp/dashboards"
	"fullemp/ingest"
	"fullemp/readmodel"
	"fullemp/warehouse"
)

// ServeConfig is the web server's section of the configuration file.
type ServeConfig struct {
	// Addr is the HOST:PORT the dashboards and API listen on. Default 127.0.0.1:8080.
	Addr string `yaml:"addr"`
	// CacheBytes bounds the memory of the cache of figures and rendered pages, in bytes
	// (its estimate of them). Default 268435456 (256 MiB).
	CacheBytes int64 `yaml:"cache_bytes"`
	// RequestTimeout is how long a page or API request may wait for ClickHouse before it
	// gets a 503 saying the database is unavailable (uploads and publishing excepted: they
	// are bounded per statement by warehouse.query_timeout). Default 10s.
	RequestTimeout time.Duration `yaml:"request_timeout"`
	// MaxUploadBytes is the largest file an upload takes (the upload page and
	// POST /api/v1/upload); a larger one is refused with 413, read no further than the
	// limit. Default 67108864 (64 MiB).
	MaxUploadBytes int64 `yaml:"max_upload_bytes"`
}

var _ readmodel.Warehouse = (*warehouse.Store)(nil)

func init() {
	register(command{
		name:    "serve",
		summary: "serve the dashboards and the JSON API (until Ctrl-C)",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("serve", "serve [--addr HOST:PORT] [flags]")
			addr := fs.String("addr", "", "listen address HOST:PORT (default serve.addr, 127.0.0.1:8080)")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			if *addr != "" {
				app.Config.Serve.Addr = *addr
			}
			s, err := app.Store(ctx)
			if err != nil {
				return err
			}
			acc := account.New(s.Conn, app.Log)
			acc.Throttle = app.Config.Login
			data := readmodel.NewData(s, s, app.Config.Standard)
			if app.Config.Serve.CacheBytes > 0 {
				data.MaxBytes = app.Config.Serve.CacheBytes
			}
			dash, err := dashboards.New(data, acc, app.Log)
			if err != nil {
				return err
			}
			// The release calendar: drafts of the bulletins that have come due, checked at
			// start, every bulletin.check_every and after each upload.
			kick := make(chan struct{}, 1)
			drafter := &bulletin.Drafter{Conn: s.Conn, Src: bulletin.StoreSource{Store: s, Cfg: app.Config.Standard}, Cfg: app.Config.Standard,
				Opts: app.Config.Bulletin, Now: time.Now, Log: app.Log.WithField("component", "bulletin-calendar")}
			srv := api.New(acc, dash, ingest.New(s, app.Log, ingest.Options{Limits: app.Config.Ingest}), app.Log,
				api.Options{MaxUploadBytes: app.Config.Serve.MaxUploadBytes, AfterUpload: func() {
					select {
					case kick <- struct{}{}:
					default: // a check is already pending
					}
				}})
			srv.EnableBulletins(s.Conn, app.Config.Standard, app.Config.Bulletin)
			srv.SetRequestTimeout(app.Config.Serve.RequestTimeout)
			ln, err := net.Listen("tcp", app.Config.Serve.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", app.Config.Serve.Addr, err)
			}
			fmt.Fprintf(app.Out, "fullemp dashboards: http://%s/  (API: http://%s/api/v1/openapi.yaml)\n", ln.Addr(), ln.Addr())
			if users, err := acc.List(ctx); err == nil && len(users) > 0 {
				fmt.Fprintln(app.Out, "accounts:")
				for _, u := range users {
					pw := ""
					if d, ok := demoPassword(u.Name); ok {
						pw = "  password " + d
					}
					fmt.Fprintf(app.Out, "  %-16s %-9s %s%s\n", u.Name, u.Role, u.Region, pw)
				}
			}
			go s.SuperviseLocal(ctx) // the local ClickHouse we started comes back if it dies
			go dash.Warm(ctx)
			go drafter.Watch(ctx, kick)
			go data.Watch(ctx) // an ingest by any process shows within DataVersionEvery of its refresh
			go acc.Watch(ctx)  // a `fullemp user remove|passwd|revoke` beside us takes effect within WatchEvery
			app.Log.WithField("component", "serve").WithField("addr", ln.Addr().String()).Info("serving")
			return srv.Serve(ctx, ln)
		},
	})
}
