package dashboards

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fullemp/campaign"
	"fullemp/period"
	"fullemp/standard"
)

// overview fills the city page and a district group's: target gauges, progress by month
// (the city's), zero-employment households by month, districts compared, the league table
// and data freshness.
func (d *Dashboards) overview(ctx context.Context, src Source, v *Parts, lang Lang, code string, sp period.Span) error {
	city, month := code, sp.AsOf
	// Gauges: the targets of every campaign year reached, as of the month (or December).
	years := src.Years()
	for _, y := range years {
		if y > month.Year() {
			break
		}
		prog, err := src.Progress(ctx, city, y, asOfIn(y, month))
		if err != nil {
			return err
		}
		for _, t := range prog.Targets {
			// The name in the page's language; the ID and the target small underneath.
			g := gauge(t.Label(lang == Zh), fmt.Sprintf("%s · ≥%g%%", t.ID, t.Percent), t.Value, t.Percent, t.Met)
			cv := snippet(g, t.ID, nil, "")
			cv.Meta = targetMeta(t, lang)
			v.Gauges = append(v.Gauges, cv)
		}
	}
	// Progress by month over the campaign years against the target lines (none before the
	// first target year: the chart would be empty).
	if len(years) > 0 && month.Year() >= years[0] && code == campaign.CityCode {
		pc, err := progressChart(ctx, src, month, lang)
		if err != nil {
			return err
		}
		v.Charts = append(v.Charts, pc)
	}
	// Zero-employment households by month.
	zc, err := zeroView(ctx, src, city, month, lang)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, zc)
	// Districts compared, sorted, each bar with its own target's marker.
	rows, err := districtShares(ctx, src, code, month)
	if err != nil {
		return err
	}
	names, vals, codes, marks, met := []string{}, []float64{}, []string{}, []float64{}, []bool{}
	for _, r := range rows {
		names, vals, codes = append(names, r.name), append(vals, r.share), append(codes, r.code)
		marks, met = append(marks, markOf(r.own)), append(met, r.own != nil && r.own.Met)
	}
	bar, _ := compareBar(barTitle(T(lang, "districts"), marks, lang), T(lang, "share_met"), names, vals, marks, met, lang)
	cv := snippet(bar, "districts", codes, regionHref("CODE", sp.Period.String()))
	cv.Wide = true
	v.Charts = append(v.Charts, cv)
	v.Tables = []string{"league", "targets", "missing"}
	return nil
}

// asOfIn is the month a year is evaluated at on a page showing month: the month itself in
// its own year, December for an earlier year.
func asOfIn(year int, month time.Time) time.Time {
	if month.Year() == year {
		return month
	}
	return time.Date(year, 12, 1, 0, 0, 0, 0, time.UTC)
}

// markOf is a bar's own target for a chart of communities meeting: its percent, or -1 when
// the area has no community target that year (a streets target is not a marker on it).
func markOf(o *standard.TargetResult) float64 {
	if o == nil || o.Measure != standard.MeasureCommunities || o.CommunityType != "" && o.Den == 0 {
		return -1
	}
	return o.Percent
}

// barTitle adds "no community target this year" to a chart whose bars have none.
func barTitle(title string, marks []float64, lang Lang) string {
	for _, m := range marks {
		if m >= 0 {
			return title + " · " + T(lang, "own_markers")
		}
	}
	return title + "（" + T(lang, "no_comm_target") + "）"
}

// englishScope names the district groups and community types in English (the enum
// values are identifiers, not labels).
var englishScope = map[string]string{
	"main_urban": "Main urban", "xiaoshan": "Xiaoshan", "yuhang": "Yuhang", "county": "counties",
	"old": "old communities", "converted": "converted communities",
}

func scopeName(t standard.Target, lang Lang) string {
	s := ""
	for i, g := range t.Groups {
		if i > 0 {
			s += "+"
		}
		if lang == En {
			s += englishScope[g]
		} else {
			s += campaign.DistrictGroups.Chinese(g)
		}
	}
	if t.CommunityType != "" {
		if lang == En {
			s += " " + englishScope[t.CommunityType]
		} else {
			s += campaign.CommunityTypes.Chinese(t.CommunityType)
		}
	}
	if t.Measure == standard.MeasureStreets {
		s += " " + T(lang, "streets")
		if lang == En {
			s = strings.TrimSuffix(s, "Streets") + "streets"
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		s = T(lang, "citywide")
	}
	return s
}

// targetMeta says met or not, the gap in units and the outlook (final in a closed year).
func targetMeta(t standard.TargetResult, lang Lang) string {
	state := T(lang, "not_met")
	if t.Met {
		state = T(lang, "met")
	}
	s := fmt.Sprintf("%s %d/%d = %.1f%%, %s ≥%g%% · %s", T(lang, "actual"), t.Num, t.Den, t.Value, T(lang, "target"), t.Percent, state)
	if t.Gap > 0 {
		s += fmt.Sprintf(" · %s %d %s", T(lang, "gap"), t.Gap, T(lang, "units"))
	}
	return s + " · " + outlook(t, lang)
}

// progressChart draws, for every campaign year up to the month, the city's share of
// communities meeting the standard (whether or not the year has a community target) and of
// main-urban streets meeting the street standard, each with its target as a step line.
func progressChart(ctx context.Context, src Source, month time.Time, lang Lang) (ChartView, error) {
	var x []string
	series := map[string][]float64{}
	comm, commT := T(lang, "share_met"), T(lang, "target_line")
	street, streetT := T(lang, "streets_met"), T(lang, "streets_target")
	years := src.Years()
	for _, y := range years {
		if y > month.Year() {
			break
		}
		prog, err := src.Progress(ctx, campaign.CityCode, y, asOfIn(y, month))
		if err != nil {
			return ChartView{}, err
		}
		var cs, ss *standard.TargetResult
		for i := range prog.Targets {
			t := &prog.Targets[i]
			if t.Measure == standard.MeasureCommunities && len(t.Groups) == 0 && t.CommunityType == "" && cs == nil {
				cs = t
			}
			if t.Measure == standard.MeasureStreets && len(t.Groups) == 1 && t.Groups[0] == "main_urban" && ss == nil {
				ss = t
			}
		}
		for _, p := range prog.CommunityHistory {
			x = append(x, p.Month.Format("2006-01"))
			series[comm] = append(series[comm], standard.Percent(p.Num, p.Den, 100))
			series[commT] = append(series[commT], targetOf(cs))
			series[street] = append(series[street], historyAt(ss, p.Month))
			series[streetT] = append(series[streetT], targetOf(ss))
		}
	}
	title := T(lang, "progress_by_month")
	if len(years) > 0 {
		last := years[len(years)-1]
		if month.Year() < last {
			last = month.Year()
		}
		title = fmt.Sprintf("%s（%d–%d）", title, years[0], last)
		if lang == En {
			title = fmt.Sprintf("%s (%d–%d)", T(lang, "progress_by_month"), years[0], last)
		}
	}
	l := lineChart(title, x, series, []string{comm, commT, street, streetT}, true)
	cv := snippet(l, "progress", nil, "")
	cv.Wide = true
	return cv, nil
}

func historyAt(t *standard.TargetResult, m time.Time) float64 {
	if t == nil {
		return -1
	}
	for _, p := range t.History {
		if p.Month.Equal(m) {
			return standard.Percent(p.Num, p.Den, 100)
		}
	}
	return -1
}

func targetOf(t *standard.TargetResult) float64 {
	if t == nil {
		return -1
	}
	return t.Percent
}

// zeroView draws the region's zero-employment households by month from 2008 to month.
func zeroView(ctx context.Context, src Source, code string, month time.Time, lang Lang) (ChartView, error) {
	from := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	if month.Before(from) {
		from = yearStart(month)
	}
	series, err := src.ZeroSeries(ctx, code, from, month)
	if err != nil {
		return ChartView{}, err
	}
	var x []string
	var f, e, o []uint64
	for _, z := range series {
		x = append(x, z.Month.Format("2006-01"))
		f, e, o = append(f, z.Formed), append(e, z.Eliminated), append(o, z.Outstanding)
	}
	cv := snippet(zeroChart(T(lang, "zero_households"), x, f, e, o, lang), "zero", nil, "")
	cv.Wide = true
	return cv, nil
}
