package main

import (
	"context"
	"fmt"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "apply pending schema migrations (also done at every start)",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("migrate", "migrate [flags]")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			s, err := app.Store(ctx) // Open applies pending migrations
			if err != nil {
				return err
			}
			applied, err := s.MigrateReport(ctx) // none, unless another process added some since
			if err != nil {
				return err
			}
			applied = append(s.Applied, applied...)
			for _, name := range applied {
				fmt.Fprintf(app.Out, "applied %s\n", name)
			}
			v, err := s.ServerVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "schema up to date on ClickHouse %s at %s, database %s (%d applied now)\n", v, s.Addr, s.Database, len(applied))
			return nil
		},
	})
}
