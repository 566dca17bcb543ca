package chdbconn_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"fullemp/campaign"
	"fullemp/ingest"
	"fullemp/standard"
	"fullemp/synth"
	"fullemp/warehouse/whtest"
)

// TestDemoCity2008 ingests the demo city's 2007–2008 files (scale 0.01) on both engines and
// compares the 2008 progress: every target, standard count and zero-employment figure, and
// the published figures of SPEC §5 on each.
func TestDemoCity2008(t *testing.T) {
	dir := t.TempDir()
	res, err := synth.Generate(context.Background(), synth.Options{Dir: dir, Scale: 0.01, Seed: synth.DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	files := res.FilesThrough(2008)
	dec := time.Date(2008, 12, 1, 0, 0, 0, 0, time.UTC)
	var answers []string
	for _, e := range []engine{serverEngine(t), embeddedEngine(t)} {
		start := time.Now()
		if _, err := ingest.New(e.store, whtest.Log(), ingest.Options{}).Files(context.Background(), files); err != nil {
			t.Fatalf("%s: ingest: %v", e.name, err)
		}
		p, err := e.store.Progress(context.Background(), standard.Default(), 2008, dec, campaign.CityCode)
		if err != nil {
			t.Fatalf("%s: progress: %v", e.name, err)
		}
		t.Logf("%s: ingest and progress in %s: %d of %d communities meet the standard (%d converted), %d zero-employment households formed and %d eliminated in them",
			e.name, time.Since(start).Round(time.Millisecond), p.CommunitiesMet, p.CommunitiesAssessed, p.ConvertedMet, p.MetZeroFormed, p.MetZeroEliminated)
		if p.CommunitiesMet != 505 || p.CommunitiesAssessed != 754 || p.ConvertedMet != 68 || p.MetZeroFormed != 162 || p.MetZeroEliminated != 162 {
			t.Errorf("%s: 2008 is not the published 505 of 754 (68 converted), 162 formed and eliminated", e.name)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, string(b))
	}
	if answers[0] != answers[1] {
		t.Errorf("2008 progress differs between the engines:\n%s\n%s", answers[0], answers[1])
	}
}
