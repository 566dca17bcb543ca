package bulletin

import (
	"fmt"
	"time"

	"fullemp/campaign"
	"fullemp/period"
)

// Calendar is the release calendar, set in advance like a statistics office's: the day
// of the month after a period ends on which its bulletin is due. `fullemp serve` drafts a
// bulletin on its day, or earlier as soon as every assessed community's ledger for the
// period's last month is in; a city user then publishes it.
type Calendar struct {
	// MonthlyDay is the day of the next month a monthly bulletin (统计月报) is due, 1–28.
	// Default 10: 2009-12's on 2010-01-10.
	MonthlyDay int `yaml:"monthly_day"`
	// QuarterlyDay is the day of the month after a quarter a quarterly bulletin (统计季报)
	// is due, 1–28. Default 15: 2009-Q4's on 2010-01-15.
	QuarterlyDay int `yaml:"quarterly_day"`
	// AnnualDay is the day of January an annual bulletin (统计年报) is due, 1–31. Default
	// 31: 2009's on 2010-01-31.
	AnnualDay int `yaml:"annual_day"`
	// PreliminaryUntilNext keeps a month's first published vintage 初步 (preliminary)
	// until a later month of its area is published, then 终值; false publishes it 终值 at
	// once. Default true.
	PreliminaryUntilNext bool `yaml:"preliminary_until_next"`
	// Regions are the areas whose bulletins serve drafts. Default [3301] (the city).
	Regions []string `yaml:"regions"`
	// CheckEvery is how often serve looks for a bulletin that has come due (it also looks
	// at start and after every ingest or upload). Default 10m.
	CheckEvery time.Duration `yaml:"check_every"`
}

// DefaultCalendar returns the defaults documented on Calendar.
func DefaultCalendar() Calendar {
	return Calendar{MonthlyDay: 10, QuarterlyDay: 15, AnnualDay: 31, PreliminaryUntilNext: true,
		Regions: []string{campaign.CityCode}, CheckEvery: 10 * time.Minute}
}

// Validate names the first bad key of the calendar (section bulletin).
func (c Calendar) Validate() error {
	for _, d := range []struct {
		key     string
		v, most int
	}{{"monthly_day", c.MonthlyDay, 28}, {"quarterly_day", c.QuarterlyDay, 28}, {"annual_day", c.AnnualDay, 31}} {
		if d.v < 1 || d.v > d.most {
			return fmt.Errorf("bulletin.%s: must be 1–%d, got %d", d.key, d.most, d.v)
		}
	}
	if len(c.Regions) == 0 {
		return fmt.Errorf("bulletin.regions: give at least one area (default [%s])", campaign.CityCode)
	}
	if c.CheckEvery < time.Minute {
		return fmt.Errorf("bulletin.check_every %v: want at least 1m (default 10m)", c.CheckEvery)
	}
	return nil
}

// Beijing is the time zone of the release calendar.
var Beijing = time.FixedZone("CST", 8*3600)

// ReleaseDay is when the bulletin of p is due: midnight in Beijing on the configured day of
// the month after p ends.
func (c Calendar) ReleaseDay(p period.Period) time.Time {
	day := map[period.Kind]int{period.Monthly: c.MonthlyDay, period.Quarterly: c.QuarterlyDay, period.Annual: c.AnnualDay}[p.Kind]
	next := p.Last().AddDate(0, 1, 0)
	return time.Date(next.Year(), next.Month(), day, 0, 0, 0, 0, Beijing)
}
