package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"time"

	"fullemp/campaign"
	"fullemp/standard"
)

func init() {
	register(command{
		name:    "sample",
		summary: "draw the city's spot-check sample of communities meeting the standard (spot_checks CSV)",
		run:     runSample,
	})
}

// runSample draws at least --rate of each district's communities that meet the standard in
// --year (at least one per district), reproducibly for --seed, and writes them in the
// spot_checks format with result left empty, to be filled in and ingested back.
func runSample(ctx context.Context, app *App, args []string) error {
	fs := app.flags("sample", "sample --year Y [--rate 0.10] [--seed N] [--out FILE] [flags]")
	year := fs.Int("year", 0, "the campaign year (required)")
	rate := fs.Float64("rate", 0.10, "share of each district's meeting communities to draw (0–1]")
	seed := fs.Uint64("seed", 1, "random seed: the same seed draws the same sample")
	out := fs.String("out", "", "write the CSV here (default standard output)")
	if err := app.parse(fs, args); err != nil {
		return err
	}
	if *year == 0 {
		fs.Usage()
		return fmt.Errorf("--year is required: %w", errUsage)
	}
	if !(*rate > 0 && *rate <= 1) {
		return fmt.Errorf("--rate %v: want a share in (0, 1]", *rate)
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	st, err := s.Standards(ctx, app.Config.Standard, *year, time.Time{}, campaign.CityCode)
	if err != nil {
		return err
	}
	picked := standard.Sample(st.Communities, *rate, *seed)
	w, done, err := openOut(app, *out)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(campaign.SpotChecks.Headers())
	for _, c := range picked {
		_ = cw.Write([]string{fmt.Sprint(*year), c.Code, "", fmt.Sprintf("%s %s %s", c.DistrictName, c.StreetName, c.Name)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write sample: %w", err)
	}
	if err := done(); err != nil {
		return err
	}
	app.Log.WithFields(map[string]any{"year": *year, "communities": len(picked), "seed": *seed}).Info("drew the spot-check sample")
	return nil
}
