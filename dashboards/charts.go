package dashboards

import (
	"encoding/json"
	"fmt"
	"html/template"
	"sync/atomic"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/event"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// ChartView is a go-echarts chart rendered as a snippet into a page card. Codes and Base
// let a click on a bar drill down: Base with CODE replaced by the clicked bar's code.
type ChartView struct {
	ID      string
	Element template.HTML
	Script  template.HTML
	Codes   string
	Base    string
	Meta    string
	Wide    bool
}

var chartSeq atomic.Uint64

// chartInit is every chart's initialization: our own assets host (the page loads
// echarts.min.js itself; go-echarts must not point anywhere else), a unique id.
func chartInit(height string) opts.Initialization {
	return opts.Initialization{
		AssetsHost: AssetPrefix,
		ChartID:    fmt.Sprintf("chart%d", chartSeq.Add(1)),
		Width:      "100%",
		Height:     height,
	}
}

// snippet renders a chart into a ChartView whose inline scripts carry the response's
// nonce (see noncedChart). go-echarts' output is checked at start-up (checkSnippets); a
// chart it could not make safe is left without its script, never with a script outside
// the policy.
func snippet(r render.Renderer, id string, codes []string, base string) ChartView {
	s := r.RenderSnippet()
	el, script, err := noncedChart(s.Element, s.Script)
	if err != nil {
		el, script = "", ""
	}
	v := ChartView{ID: id, Element: template.HTML(el), Script: template.HTML(script), Base: base}
	if codes != nil {
		b, _ := json.Marshal(codes)
		v.Codes = string(b)
	}
	return v
}

// checkSnippets renders a chart of each kind the pages draw and fails when go-echarts'
// output is not what noncedChart rewrites (a new go-echarts version): caught at start-up,
// not on a page.
func checkSnippets() error {
	for _, r := range []render.Renderer{
		gauge("t", "s", 50, 60, false),
		lineChart("t", []string{"2009-01"}, map[string][]float64{"a": {1}}, []string{"a"}, true),
		channelBar("t", []string{"a"}, []uint64{1}),
	} {
		s := r.RenderSnippet()
		if _, _, err := noncedChart(s.Element, s.Script); err != nil {
			return fmt.Errorf("go-echarts snippet: %w", err)
		}
	}
	return nil
}

// drillListener navigates to the clicked category's region (see fullempDrill in app.js).
func drillListener(chartID string) event.Listener {
	return event.Listener{
		EventName: "click",
		Handler:   opts.FuncOpts(fmt.Sprintf("function (p) { fullempDrill(%q, p.dataIndex); }", chartID)),
	}
}

// gauge draws one target: the actual percent on a dial whose band is red below the
// target and green above it, so the target is visible on the dial itself. A title wider
// than the card (a long target name) wraps.
func gauge(title, subtitle string, value, target float64, met bool) *charts.Gauge {
	g := charts.NewGauge()
	color := "#e03131"
	if met {
		color = "#2f9e44"
	}
	g.SetGlobalOptions(
		charts.WithInitializationOpts(chartInit("220px")),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "center", TitleStyle: &opts.TextStyle{FontSize: 13}}),
		charts.WithAnimation(false),
	)
	g.AddSeries("", []opts.GaugeData{{Value: value}},
		charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			// One decimal like the caption under the dial (67.0%, not 67%).
			s.Detail = &opts.Detail{Formatter: opts.FuncOpts("function (v) { return v.toFixed(1) + '%'; }"), FontSize: 18, Color: color}
			s.AxisLabel = &opts.AxisLabel{Show: opts.Bool(false)}
		}))
	g.AddJSFuncStrs(opts.FuncOpts(fmt.Sprintf(
		"%%MY_ECHARTS%%.setOption({title:{textStyle:{width:%%MY_ECHARTS%%.getWidth()-16,overflow:'break'}},series:[{radius:'80%%',center:['50%%','64%%'],axisLine:{lineStyle:{width:14,color:[[%g,'#ffc9c9'],[1,'#b2f2bb']]}},splitLine:{length:10},axisTick:{length:4}}]});",
		target/100)))
	return g
}

// lineChart draws series over categories (months) with an optional dashed target series.
func lineChart(title string, x []string, series map[string][]float64, order []string, percent bool) *charts.Line {
	l := charts.NewLine()
	y := opts.YAxis{Type: "value"}
	if percent {
		y.Max = 100
		y.AxisLabel = &opts.AxisLabel{Formatter: "{value}%"}
	}
	l.SetGlobalOptions(
		charts.WithInitializationOpts(chartInit("300px")),
		charts.WithTitleOpts(opts.Title{Title: title, TitleStyle: &opts.TextStyle{FontSize: 14}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "25px"}),
		charts.WithGridOpts(opts.Grid{Top: "60px", Left: "50px", Right: "20px", Bottom: "30px"}),
		charts.WithYAxisOpts(y),
		charts.WithAnimation(false),
	)
	l.SetXAxis(x)
	for _, name := range order {
		vals := series[name]
		data := make([]opts.LineData, len(vals))
		for i, v := range vals {
			if v < 0 {
				data[i] = opts.LineData{Value: "-"}
			} else {
				data[i] = opts.LineData{Value: v}
			}
		}
		l.AddSeries(name, data, charts.WithLineChartOpts(opts.LineChart{Step: stepIf(name), ConnectNulls: opts.Bool(false)}))
	}
	return l
}

// stepIf draws target lines as steps (a target changes at a year's start).
func stepIf(name string) any {
	if name == T(Zh, "target_line") || name == T(En, "target_line") || name == T(Zh, "streets_target") || name == T(En, "streets_target") {
		return "end"
	}
	return nil
}

// zeroChart draws formed and eliminated as bars and outstanding as a line, by month.
func zeroChart(title string, x []string, formed, eliminated, outstanding []uint64, lang Lang) *charts.Bar {
	b := charts.NewBar()
	b.SetGlobalOptions(
		charts.WithInitializationOpts(chartInit("300px")),
		charts.WithTitleOpts(opts.Title{Title: title, TitleStyle: &opts.TextStyle{FontSize: 14}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "25px"}),
		charts.WithGridOpts(opts.Grid{Top: "60px", Left: "50px", Right: "20px", Bottom: "30px"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1, Name: T(lang, "hh_unit")}),
		charts.WithAnimation(false),
	)
	b.SetXAxis(x)
	bars := func(v []uint64) []opts.BarData {
		out := make([]opts.BarData, len(v))
		for i, n := range v {
			out[i] = opts.BarData{Value: n}
		}
		return out
	}
	b.AddSeries(T(lang, "formed"), bars(formed))
	b.AddSeries(T(lang, "eliminated"), bars(eliminated))
	line := charts.NewLine()
	ld := make([]opts.LineData, len(outstanding))
	for i, n := range outstanding {
		ld[i] = opts.LineData{Value: n}
	}
	line.SetXAxis(x).AddSeries(T(lang, "outstanding"), ld)
	b.Overlap(line)
	return b
}

// compareBar draws one bar per region, sorted by the caller, each with its own target as
// a marker (targets[i] < 0: none; the bar is neither met nor missed); met, when given, says
// whether each bar's target holds (a typed target, e.g. T2009-old, is judged on its own
// communities, not on the bar's share of all); a click on a bar drills down to its region.
func compareBar(title, series string, names []string, values, targets []float64, met []bool, lang Lang) (*charts.Bar, string) {
	b := charts.NewBar()
	init := chartInit("320px")
	b.SetGlobalOptions(
		charts.WithInitializationOpts(init),
		charts.WithTitleOpts(opts.Title{Title: title, TitleStyle: &opts.TextStyle{FontSize: 14}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Top: "40px", Left: "50px", Right: "80px", Bottom: "60px"}),
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value}%"}}),
		charts.WithEventListeners(drillListener(init.ChartID)),
		charts.WithAnimation(false),
	)
	b.SetXAxis(names)
	data := make([]opts.BarData, len(values))
	marks := make([]opts.ScatterData, len(values))
	any := false
	for i, v := range values {
		c, target := "#5470c6", -1.0 // no target (2007, 2010's communities): neither met nor missed
		if i < len(targets) {
			target = targets[i]
		}
		ok := v >= target
		if i < len(met) {
			ok = met[i]
		}
		switch {
		case target < 0:
		case ok:
			c = "#2f9e44"
		default:
			c = "#e03131"
		}
		data[i] = opts.BarData{Value: v, ItemStyle: &opts.ItemStyle{Color: c}}
		marks[i] = opts.ScatterData{Value: "-"}
		if target >= 0 {
			marks[i] = opts.ScatterData{Value: target}
			any = true
		}
	}
	b.AddSeries(series, data)
	if any {
		sc := charts.NewScatter()
		sc.SetXAxis(names).AddSeries(T(lang, "own_target"), marks,
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#212529"}),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.SymbolSize = []int{28, 4}; s.Symbol = "rect" }))
		b.Overlap(sc)
	}
	return b, init.ChartID
}

// channelBar draws placements by the six channels (六个一批).
func channelBar(title string, names []string, counts []uint64) *charts.Bar {
	b := charts.NewBar()
	b.SetGlobalOptions(
		charts.WithInitializationOpts(chartInit("260px")),
		charts.WithTitleOpts(opts.Title{Title: title, TitleStyle: &opts.TextStyle{FontSize: 14}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Top: "40px", Left: "50px", Right: "20px", Bottom: "40px"}),
		// One series, named by the title: a legend would only cover the title.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// Every channel's name under its bar (ECharts hides labels it thinks overlap).
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithAnimation(false),
	)
	b.SetXAxis(names)
	data := make([]opts.BarData, len(counts))
	for i, n := range counts {
		data[i] = opts.BarData{Value: n}
	}
	b.AddSeries(title, data)
	b.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}))
	return b
}
