package api

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"fullemp/readmodel"
	"fullemp/warehouse"
)

// TestHeadlineFigures: the headline API gives each figure as the region's figures and
// progress give it for the month, its 环比 as the difference from the month before, no
// 同比 when the year-ago month has no data, and a trend of the months with data; the page
// shows the same values first, in Chinese and in English.
func TestHeadlineFigures(t *testing.T) {
	f := newFixture(t)
	get := func(u string, v any) {
		t.Helper()
		code, body := f.do(t, "city", "GET", u, nil, "")
		if code != 200 {
			t.Fatalf("GET %s: %d %.300s", u, code, body)
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	}
	var h struct {
		Figures []readmodel.HeadlineFigure `json:"figures"`
	}
	get("/api/v1/regions/"+distA+"/headline?month="+testMonth, &h)
	var dec, nov warehouse.Figures
	get("/api/v1/regions/"+distA+"?month=2009-12", &dec)
	get("/api/v1/regions/"+distA+"?month=2009-11", &nov)
	var prog warehouse.Progress
	get("/api/v1/regions/"+distA+"/progress?month=2009-12", &prog)
	want := map[string][2]float64{
		"employment_rate":         {dec.EmploymentRate.Percent, nov.EmploymentRate.Percent},
		"registered_unemployment": {dec.RegisteredUnemployment.Percent, nov.RegisteredUnemployment.Percent},
		"labour_force":            {float64(dec.LabourForce), float64(nov.LabourForce)},
		"matched":                 {float64(dec.MatchedAll), float64(nov.MatchedAll)},
		"zero_outstanding":        {float64(dec.Zero.Outstanding), float64(nov.Zero.Outstanding)},
		"age_4050":                {float64(dec.Age4050), float64(nov.Age4050)},
		"hard_to_employ":          {float64(dec.HardToEmploy), float64(nov.HardToEmploy)},
		"long_term":               {float64(dec.LongTermUnemployed), float64(nov.LongTermUnemployed)},
	}
	seen := map[string]bool{}
	for _, fig := range h.Figures {
		seen[fig.Key] = true
		if fig.YoY != nil {
			t.Errorf("%s: 同比 %v, want none (the fixture has no 2008-12)", fig.Key, *fig.YoY)
		}
		if fig.Key == "communities_met" {
			if fig.Value != float64(prog.CommunitiesMet) || fig.Of != float64(prog.CommunitiesAssessed) {
				t.Errorf("communities met %v of %v, want %d of %d", fig.Value, fig.Of, prog.CommunitiesMet, prog.CommunitiesAssessed)
			}
			continue
		}
		w, ok := want[fig.Key]
		if !ok {
			continue
		}
		if fig.Value != w[0] || fig.MoM == nil || math.Abs(*fig.MoM-(w[0]-w[1])) > 0.005 {
			t.Errorf("%s: value %v mom %v, want %v and %v", fig.Key, fig.Value, fig.MoM, w[0], w[0]-w[1])
		}
		if len(fig.Trend) != 2 || fig.Trend[0].Month != "2009-11" || fig.Trend[1].Value != w[0] {
			t.Errorf("%s: trend %+v, want 2009-11 and 2009-12", fig.Key, fig.Trend)
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("headline lacks %s", k)
		}
	}
	if !seen["communities_met"] || !seen["streets_met"] {
		t.Errorf("a district's headline lacks communities or streets meeting: %v", seen)
	}
	for lang, words := range map[string][]string{"zh-CN": {"主要指标", "目标群体就业率", "环比", "同比 无可比数据", "<svg class=\"spark\""}, "en": {"Headline figures", "Target group employment rate", "MoM", "YoY no data to compare"}} {
		code, body := f.do(t, "city", "GET", "/region/"+distA+"?month="+testMonth+"&lang="+lang, nil, "")
		if code != 200 {
			t.Fatalf("page: %d", code)
		}
		for _, w := range words {
			if !strings.Contains(body, w) {
				t.Errorf("the %s page lacks %q", lang, w)
			}
		}
	}
}
