package main

import (
	"context"
	"fmt"
)

func init() {
	register(command{
		name:    "refresh",
		summary: "recompute every month's figure aggregates from the ledger (ingest refreshes what it loads)",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("refresh", "refresh [flags]")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			s, err := app.Store(ctx)
			if err != nil {
				return err
			}
			if err := s.RefreshAll(ctx); err != nil {
				return err
			}
			months, err := s.LedgerMonths(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "aggregates rebuilt for %d ledger months\n", len(months))
			return nil
		},
	})
}
