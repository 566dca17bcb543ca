package dashboards

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"fullemp/period"
)

// HeadlineView is a headline figure as a page card shows it: the value, its 环比 and
// 同比 in words and a trend line drawn as inline SVG (no script).
type HeadlineView struct {
	Label, Value, Unit string
	MoM, YoY           Change
	Spark              template.HTML
	Title              string // the trend's months and values, for the tooltip
}

// Change is a change as shown: its text and whether it is an improvement.
type Change struct {
	Text  string
	Class string // "ok" (better), "bad" (worse), "muted" (no change or no data)
}

// lowerIsBetter lists the figures that improve when they fall.
var lowerIsBetter = map[string]bool{"registered_unemployment": true, "zero_outstanding": true, "long_term": true}

// headlineViews formats the figures of a page of period p in lang: a year's cards show
// only their 同比 (its 环比 would be the same comparison).
func headlineViews(figs []HeadlineFigure, p period.Period, lang Lang) []HeadlineView {
	mom := T(lang, "hl_mom")
	if p.Kind == period.Quarterly {
		mom = T(lang, "hl_qoq")
	}
	out := make([]HeadlineView, 0, len(figs))
	for _, f := range figs {
		v := HeadlineView{Label: T(lang, "hl_"+f.Key)}
		switch {
		case f.NoData:
			v.Value = T(lang, "hl_no_data")
		case f.Percent:
			v.Value, v.Unit = fmt.Sprintf("%.1f", f.Value), "%"
		case f.Of > 0:
			v.Value = fmt.Sprintf("%.0f / %.0f", f.Value, f.Of)
			v.Unit = fmt.Sprintf("(%.1f%%)", 100*f.Value/f.Of)
		default:
			v.Value = groupDigits(int64(f.Value))
		}
		if p.Kind != period.Annual {
			v.MoM = changeOf(f, f.MoM, mom, lang)
		}
		v.YoY = changeOf(f, f.YoY, T(lang, "hl_yoy"), lang)
		v.Spark, v.Title = sparkline(f)
		out = append(out, v)
	}
	return out
}

// changeOf words a change: "环比 +1.2 个百分点", "同比 −35", "环比 无上月数据".
func changeOf(f HeadlineFigure, d *float64, word string, lang Lang) Change {
	if f.NoData || d == nil {
		return Change{Text: word + " " + T(lang, "hl_no_base"), Class: "muted"}
	}
	if *d == 0 {
		return Change{Text: word + " " + T(lang, "hl_same"), Class: "muted"}
	}
	sign := "+"
	if *d < 0 {
		sign = "−"
	}
	abs := math.Abs(*d)
	var text string
	if f.Percent {
		text = fmt.Sprintf("%s%s%.1f %s", word+" ", sign, abs, T(lang, "hl_points"))
	} else {
		text = fmt.Sprintf("%s%s%s", word+" ", sign, groupDigits(int64(math.Round(abs))))
	}
	better := (*d > 0) != lowerIsBetter[f.Key]
	class := "bad"
	if better {
		class = "ok"
	}
	return Change{Text: text, Class: class}
}

// groupDigits writes n with thousands separators: 12,345.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// sparkline draws the trend as a 120×28 SVG polyline, the last point marked, and returns
// it with a text of the months and values for its title.
func sparkline(f HeadlineFigure) (template.HTML, string) {
	pts := f.Trend
	if len(pts) == 0 {
		return "", ""
	}
	lo, hi := pts[0].Value, pts[0].Value
	for _, p := range pts {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	const w, h, pad = 120.0, 28.0, 3.0
	x := func(i int) float64 {
		if len(pts) == 1 {
			return w / 2
		}
		return pad + float64(i)*(w-2*pad)/float64(len(pts)-1)
	}
	y := func(v float64) float64 {
		if hi == lo {
			return h / 2
		}
		return h - pad - (v-lo)*(h-2*pad)/(hi-lo)
	}
	var line, title strings.Builder
	for i, p := range pts {
		fmt.Fprintf(&line, "%.1f,%.1f ", x(i), y(p.Value))
		if i > 0 {
			title.WriteString(" · ")
		}
		fmt.Fprintf(&title, "%s %g", p.Month, p.Value)
	}
	last := len(pts) - 1
	svg := fmt.Sprintf(`<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img"><polyline fill="none" stroke="#1f4e79" stroke-width="1.5" points="%s"/><circle cx="%.1f" cy="%.1f" r="2.5" fill="#1f4e79"/></svg>`,
		w, h, w, h, strings.TrimSpace(line.String()), x(last), y(pts[last].Value))
	return template.HTML(svg), title.String()
}
