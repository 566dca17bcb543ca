package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"fullemp/campaign"
	"fullemp/ingest"
)

func init() {
	register(command{
		name:    "ingest",
		summary: "load input files or folders (CSV UTF-8/GBK, XLSX, Parquet) exactly once; --watch DIR keeps loading",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("ingest", "ingest [flags] PATH...   or   ingest [flags] --watch DIR")
			kind := fs.String("kind", "", "kind of every file (regions, ledger, contributions, placements, street_scores, spot_checks); default: recognised from the header")
			workers := fs.Int("workers", runtime.NumCPU(), "parse-and-insert workers per file")
			batch := fs.Int("batch", 100_000, "rows per columnar insert")
			watch := fs.String("watch", "", "keep ingesting files dropped into this folder, moving each to done/ or failed/, until interrupted")
			poll := fs.Duration("poll", 2*time.Second, "with --watch: how often to look for new files")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			if k := campaign.Kind(*kind); k != "" && !k.Valid() {
				fmt.Fprintf(app.Err, "fullemp ingest: unknown --kind %q\n", *kind)
				return errUsage
			}
			if (*watch == "") == (fs.NArg() == 0) {
				fs.Usage()
				return errUsage
			}
			s, err := app.Store(ctx)
			if err != nil {
				return err
			}
			in := ingest.New(s, app.Log, ingest.Options{Kind: campaign.Kind(*kind), Workers: *workers, BatchRows: *batch, Limits: app.Config.Ingest, Progress: app.Err})
			if *watch != "" {
				return in.Watch(ctx, *watch, *poll, func(sum ingest.Summary) {
					ingest.PrintSummaries(app.Out, []ingest.Summary{sum})
				})
			}
			sums, err := in.Files(ctx, fs.Args())
			if len(sums) > 0 {
				ingest.PrintSummaries(app.Out, sums)
			}
			if errors.Is(err, ingest.ErrFilesFailed) {
				return fmt.Errorf("%w (see the errors above)", err)
			}
			return err
		},
	})
}
