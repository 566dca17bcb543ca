package bulletin

import (
	"testing"

	"fullemp/period"
)

func TestReleaseDay(t *testing.T) {
	c := DefaultCalendar()
	for _, tc := range []struct{ p, want string }{
		{"2009-12", "2010-01-10"}, {"2009-11", "2009-12-10"}, {"2009-Q4", "2010-01-15"}, {"2010-Q1", "2010-04-15"}, {"2009", "2010-01-31"},
	} {
		p, err := period.Parse(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		got := c.ReleaseDay(p)
		if got.Format("2006-01-02") != tc.want || got.Hour() != 0 || got.Location() != Beijing {
			t.Errorf("%s: due %v, want %s 00:00 Beijing", tc.p, got, tc.want)
		}
	}
	bad := c
	bad.MonthlyDay = 29
	if err := bad.Validate(); err == nil || err.Error() != "bulletin.monthly_day: must be 1–28, got 29" {
		t.Errorf("monthly_day 29: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}
