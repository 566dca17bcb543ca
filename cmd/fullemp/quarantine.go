package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"fullemp/campaign"
	"fullemp/ingest"
)

func init() {
	register(command{
		name:    "quarantine",
		summary: "list rejected rows; --out FILE.csv|FILE.xlsx writes them back out to fix and resend",
		run: func(ctx context.Context, app *App, args []string) error {
			fs := app.flags("quarantine", "quarantine [flags]")
			file := fs.String("file", "", "only rows of this file (its base name, as the ingest summary shows it)")
			kind := fs.String("kind", "", "only rows of this kind")
			out := fs.String("out", "", "write the rows to FILE.csv or FILE.xlsx: the original header and cells plus a reason column (one file per source file when there are several)")
			if err := app.parse(fs, args); err != nil {
				return err
			}
			if k := campaign.Kind(*kind); k != "" && !k.Valid() {
				fmt.Fprintf(app.Err, "fullemp quarantine: unknown --kind %q\n", *kind)
				return errUsage
			}
			s, err := app.Store(ctx)
			if err != nil {
				return err
			}
			rows, err := ingest.Quarantined(ctx, s, *file, campaign.Kind(*kind))
			if err != nil {
				return err
			}
			if *out != "" {
				written, err := ingest.Export(*out, rows)
				for _, p := range written {
					fmt.Fprintf(app.Out, "wrote %s\n", p)
				}
				if err == nil {
					fmt.Fprintf(app.Out, "%d rejected rows; fix them and ingest the file again (the reason column is ignored)\n", len(rows))
				}
				return err
			}
			tw := tabwriter.NewWriter(app.Out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "file\tkind\trow\tcolumn\treason")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", r.File, r.Kind, r.Row, r.Column, r.Reason)
			}
			tw.Flush()
			fmt.Fprintf(app.Out, "%d rejected rows (row = data row, the header not counted: spreadsheet row = row + 1)\n", len(rows))
			return nil
		},
	})
}
