package main

import (
	"context"
	"flag"
	"fmt"
	"sort"

	"fullemp/synth"
)

func init() {
	register(command{
		name:    "gen",
		summary: "generate the demo city (Hangzhou 2007–2010) as input files",
		run:     runGen,
	})
}

func runGen(ctx context.Context, app *App, args []string) error {
	fs := flag.NewFlagSet("fullemp gen", flag.ContinueOnError)
	fs.SetOutput(app.Err)
	out := fs.String("out", "", "folder to write the files to (required)")
	scale := fs.Float64("scale", 0.01, "residents: 1.0 ≈ 2 million people of working age, ~100 M ledger rows")
	seed := fs.Uint64("seed", synth.DefaultSeed, "random seed; the same seed gives byte-identical files")
	format := fs.String("format", "csv", "file format: csv (UTF-8), gbk (GB18030, Chinese headers), xlsx, parquet")
	workers := fs.Int("workers", 0, "communities generated in parallel (default: one per CPU)")
	check := fs.Bool("check", false, "fail unless the self-check matches the published figures (SPEC §5) within 3 %")
	quiet := fs.Bool("quiet", false, "print only the summary line")
	fs.Usage = func() {
		fmt.Fprintf(app.Err, "Usage: fullemp gen --out DIR [--scale F] [--seed N] [--format csv|gbk|xlsx|parquet] [--check]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	opts := synth.Options{Dir: *out, Scale: *scale, Seed: *seed, Format: synth.Format(*format), Workers: *workers}
	if *scale >= 0.1 && !*quiet {
		step := 0
		opts.Progress = func(done, total int) {
			if pct := 10 * done / total; pct > step {
				step = pct
				fmt.Fprintf(app.Err, "gen: %d%% (%d of %d communities)\n", 10*pct, done, total)
			}
		}
	}
	res, err := synth.Generate(ctx, opts)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	total := 0
	kinds := make([]string, 0, len(res.Rows))
	for k, n := range res.Rows {
		total += n
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	fmt.Fprintf(app.Out, "wrote %d files, %d rows to %s in %s (%v)\n", len(res.Files), total, *out, res.Elapsed.Round(1e7), kinds)
	if !*quiet {
		res.Figures.Print(app.Out)
	}
	for _, m := range res.Mismatches {
		fmt.Fprintf(app.Err, "plan mismatch: %s\n", m)
	}
	problems := res.Figures.Problems()
	for _, p := range problems {
		fmt.Fprintf(app.Err, "calibration: %s\n", p)
	}
	if *check && (len(problems) > 0 || len(res.Mismatches) > 0) {
		return fmt.Errorf("self-check failed: %d calibration problems, %d plan mismatches", len(problems), len(res.Mismatches))
	}
	return nil
}
