package synth

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestCalibration generates the demo city at the demo's scale with the default seed and
// compares the self-check with the figures Hangzhou published (SPEC §5).
func TestCalibration(t *testing.T) {
	res := generateDemo(t)
	var b strings.Builder
	res.Figures.Print(&b)
	t.Log("\n" + b.String())
	for _, m := range res.Mismatches {
		t.Errorf("plan mismatch: %s", m)
	}
	for _, p := range res.Figures.Problems() {
		t.Errorf("calibration: %s", p)
	}
	y7, y8 := res.Figures.Years[0], res.Figures.Years[1]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"2007 meeting", float64(y7.Meeting), 283},
		{"2008 meeting", float64(y8.Meeting), 505},
		{"2008 converted meeting", float64(y8.MeetingConverted), 68},
		{"2008 share", 100 * float64(y8.Meeting) / float64(y8.Base), 67},
		{"2008 formed", float64(y8.FormedInMeeting), 162},
	}
	for _, c := range checks {
		if c.got < c.want*(1-Tolerance) || c.got > c.want*(1+Tolerance) {
			t.Errorf("%s = %.1f, published %.0f", c.name, c.got, c.want)
		}
	}
	if y8.OutstandingInMeeting != 0 || y8.ElimInMeeting < y8.FormedInMeeting {
		t.Errorf("2008: %d outstanding at quarter ends, %d eliminated of %d formed", y8.OutstandingInMeeting, y8.ElimInMeeting, y8.FormedInMeeting)
	}
	if base := y8.Base; base < 730 || base > 780 {
		t.Errorf("2008 assessment base = %d, want about 754", base)
	}
}

var (
	demoCache *Result
	demoDir   string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "synth-demo-")
	if err != nil {
		panic(err)
	}
	demoDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// generateDemo generates the default demo once per test binary.
func generateDemo(t *testing.T) *Result {
	t.Helper()
	if demoCache != nil {
		return demoCache
	}
	dir := demoDir
	if d := os.Getenv("SYNTH_KEEP"); d != "" {
		dir = d
	}
	res, err := Generate(context.Background(), Options{Dir: dir, Scale: 0.01, Seed: DefaultSeed})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %v in %s", res.Rows, res.Elapsed)
	demoCache = res
	return res
}
