package main

import (
	"context"
	"fmt"
	"net"

	"fullemp/account"
	"fullemp/api"
	"fullemp/bulletin"
	"fullemp/dashboards"
	"fullemp/ingest"
	"fullemp/warehouse"
)

// ServeConfig is the web server's section of the configuration file.
type ServeConfig struct {
	// Addr is the HOST:PORT the dashboards and API listen on. Default 127.0.0.1:8080.
	Addr string `yaml:"addr"`
	// CacheBytes bounds the memory of the cache of figures and rendered pages, in bytes
	// (its estimate of them). Default 268435456 (256 MiB).
	CacheBytes int64 `yaml:"cache_bytes"`
}

var _ dashboards.Warehouse = (*warehouse.Store)(nil)

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
			data := dashboards.NewData(s, s, app.Config.Standard)
			if app.Config.Serve.CacheBytes > 0 {
				data.MaxBytes = app.Config.Serve.CacheBytes
			}
			dash, err := dashboards.New(data, acc, app.Log)
			if err != nil {
				return err
			}
			srv := api.New(acc, dash, ingest.New(s, app.Log, ingest.Options{Limits: app.Config.Ingest}), app.Log)
			srv.EnableBulletins(s.Conn, app.Config.Standard, bulletin.DefaultOptions())
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
			go dash.Warm(ctx)
			go data.Watch(ctx) // an ingest by any process shows within DataVersionEvery of its refresh
			go acc.Watch(ctx)  // a `fullemp user remove|passwd|revoke` beside us takes effect within WatchEvery
			app.Log.WithField("component", "serve").WithField("addr", ln.Addr().String()).Info("serving")
			return srv.Serve(ctx, ln)
		},
	})
}
