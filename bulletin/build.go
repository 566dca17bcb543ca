package bulletin

import (
	"context"
	"errors"
	"fmt"
	"fullemp/period"
	"sort"
	"strings"
	"time"

	"fullemp/campaign"
	"fullemp/standard"
	"fullemp/warehouse"
)

// Source is what a bulletin reads: the scoped, cached read model that the pages and the API
// read through (dashboards.Source has these methods, so a bulletin sees only its reader's
// area), or StoreSource over the warehouse for the city office's command line.
type Source interface {
	Region(ctx context.Context, code string) (warehouse.Region, []warehouse.Region, error)
	Children(ctx context.Context, code string) ([]warehouse.Region, error)
	Months(ctx context.Context) ([]time.Time, error)
	Figures(ctx context.Context, code string, month time.Time) (warehouse.Figures, error)
	ZeroSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.ZeroMonth, error)
	Placements(ctx context.Context, code string, from, to time.Time) (warehouse.Placements, error)
	Standards(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Standards, error)
	Progress(ctx context.Context, code string, year int, asOf time.Time) (warehouse.Progress, error)
}

// Options are a bulletin's settings from configuration.
type Options struct {
	// Issuer is the issuing body on the masthead. Default 杭州市创建充分就业社区工作领导小组办公室.
	Issuer string `yaml:"issuer"`
	// IssuerEn is its English name. Default "Hangzhou Full-Employment Campaign Leadership Group Office".
	IssuerEn string `yaml:"issuer_en"`
}

// DefaultOptions returns the defaults documented on Options.
func DefaultOptions() Options {
	return Options{Issuer: "杭州市创建充分就业社区工作领导小组办公室", IssuerEn: "Hangzhou Full-Employment Campaign Leadership Group Office"}
}

// ErrNoData means the period has no ledger data; ErrFuture that it has not ended.
var (
	ErrNoData = errors.New("no ledger data for the period")
	ErrFuture = errors.New("the period is in the future")
)

// builder collects a bulletin's numbers as its text is written.
type builder struct {
	b    *Bulletin
	lang string
}

func (w *builder) t(zh, en string) string {
	if w.lang == "en" {
		return en
	}
	return zh
}

// num records a number and returns its key.
func (w *builder) num(key, label, unit string, decimals int, value float64, source string) string {
	w.b.Numbers[key] = Number{Key: key, Label: label, Value: value, Unit: unit, Decimals: decimals, Source: source}
	return key
}

// v is a recorded number's text with its unit, for a sentence.
func (w *builder) v(key string) string {
	n := w.b.Numbers[key]
	return n.Text() + w.unit(n.Unit)
}

func (w *builder) unit(u string) string {
	if w.lang == "en" && u != "%" && u != "" {
		return " " + u
	}
	return u
}

// Build writes the draft bulletin of area for period p from src, as of now.
func Build(ctx context.Context, src Source, cfg standard.Config, opts Options, area string, p period.Period, lang string, now time.Time) (*Bulletin, error) {
	if lang != "zh" && lang != "en" {
		return nil, fmt.Errorf("language %q: want zh or en", lang)
	}
	if area == "" {
		area = campaign.CityCode
	}
	reg, _, err := src.Region(ctx, area)
	if err != nil {
		return nil, err
	}
	if !p.Last().Before(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)) {
		return nil, fmt.Errorf("period %s: %w (it ends %s)", p, ErrFuture, p.Last().Format("2006-01"))
	}
	months, err := src.Months(ctx)
	if err != nil {
		return nil, err
	}
	has := map[time.Time]bool{}
	for _, m := range months {
		has[m] = true
	}
	if !has[p.Last()] {
		return nil, fmt.Errorf("period %s: %w (no ledger for %s)", p, ErrNoData, p.Last().Format("2006-01"))
	}
	w := &builder{lang: lang, b: &Bulletin{Lang: lang, Area: reg, Period: p.String(), PeriodLabel: p.Label(lang),
		Issue: p.Index, Released: now, Status: Draft, Numbers: map[string]Number{}}}
	w.b.Issuer = w.t(opts.Issuer, opts.IssuerEn)
	w.b.Title = w.t(reg.Name+"创建充分就业社区工作"+p.Report(lang), p.Report(lang)+": Full-Employment Communities, "+regionName(reg, lang))
	if err := w.overview(ctx, src, cfg, reg, p, has); err != nil {
		return nil, err
	}
	if err := w.children(ctx, src, cfg, reg, p, has); err != nil {
		return nil, err
	}
	if err := w.zero(ctx, src, reg, p); err != nil {
		return nil, err
	}
	if err := w.placements(ctx, src, reg, p); err != nil {
		return nil, err
	}
	if err := w.reporting(ctx, src, reg, p); err != nil {
		return nil, err
	}
	w.alerts(cfg, p)
	w.notes(cfg)
	return w.b, nil
}

func regionName(r warehouse.Region, lang string) string {
	if lang == "en" && r.Level == warehouse.LevelCity {
		return "Hangzhou"
	}
	return r.Name
}

// progressAt is the progress as of a period's last month, or nil when there is no ledger.
func progressAt(ctx context.Context, src Source, cfg standard.Config, code string, p period.Period, has map[time.Time]bool) (*warehouse.Progress, error) {
	if !has[p.Last()] {
		return nil, nil
	}
	pr, err := src.Progress(ctx, code, p.Last().Year(), p.Last())
	if err != nil {
		return nil, err
	}
	return &pr, nil
}

func share(met, assessed int) float64 { return standard.Percent(uint64(met), uint64(assessed), 0) }

// change writes "比上月提高1.2个百分点" or says the comparison has no data.
func (w *builder) change(key, what string, now float64, before *warehouse.Progress) string {
	if before == nil {
		return w.t(what+"无可比数据", "no data for "+what)
	}
	d := now - share(before.CommunitiesMet, before.CommunitiesAssessed)
	d = float64(int64(d*10+sign(d)*0.5)) / 10
	w.num(key, w.t("达标率比"+what+"变化", "change in the share on "+what), w.t("个百分点", "points"), 1, d, "progress.communities_met/communities_assessed")
	switch {
	case d > 0:
		return w.t(fmt.Sprintf("比%s提高%.1f个百分点", what, d), fmt.Sprintf("up %.1f points on %s", d, what))
	case d < 0:
		return w.t(fmt.Sprintf("比%s降低%.1f个百分点", what, -d), fmt.Sprintf("down %.1f points on %s", -d, what))
	}
	return w.t("与"+what+"持平", "unchanged on "+what)
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

func (w *builder) overview(ctx context.Context, src Source, cfg standard.Config, reg warehouse.Region, p period.Period, has map[time.Time]bool) error {
	pr, err := progressAt(ctx, src, cfg, reg.Code, p, has)
	if err != nil {
		return err
	}
	prev, err := progressAt(ctx, src, cfg, reg.Code, p.Previous(), has)
	if err != nil {
		return err
	}
	ago, err := progressAt(ctx, src, cfg, reg.Code, p.YearAgo(), has)
	if err != nil {
		return err
	}
	f, err := src.Figures(ctx, reg.Code, p.Last())
	if err != nil {
		return err
	}
	ge, pe := w.t("个", ""), w.t("人", "")
	pct := share(pr.CommunitiesMet, pr.CommunitiesAssessed)
	// The numbers first, each once; the sentences read them.
	w.num("communities_assessed", w.t("纳入考核社区数", "communities assessed"), ge, 0, float64(pr.CommunitiesAssessed), "progress.communities_assessed")
	w.num("communities_met", w.t("达标社区数", "communities meeting the standard"), ge, 0, float64(pr.CommunitiesMet), "progress.communities_met")
	w.num("communities_share", w.t("社区达标率", "share of communities meeting"), "%", 1, pct, "progress.communities_met/communities_assessed")
	w.num("converted_met", w.t("撤村建居达标社区数", "converted communities meeting"), ge, 0, float64(pr.ConvertedMet), "progress.converted_met")
	w.num("converted_assessed", w.t("撤村建居考核社区数", "converted communities assessed"), ge, 0, float64(pr.ConvertedAssessed), "progress.converted_assessed")
	prevWord := map[period.Kind]string{period.Monthly: w.t("上月", "the previous month"), period.Quarterly: w.t("上季度", "the previous quarter"), period.Annual: w.t("上年", "the previous year")}[p.Kind]
	agoWord := w.t("去年同期", "a year before")
	if p.Kind == period.Monthly {
		agoWord = w.t("去年同月", "the same month a year before")
	}
	s := w.t(
		fmt.Sprintf("截至%s底，%s纳入考核的社区%s，达到充分就业社区标准的%s，占%s，%s",
			p.Last().Format("2006年1月"), reg.Name, w.v("communities_assessed"), w.v("communities_met"), w.v("communities_share"),
			w.change("change_previous", prevWord, pct, prev)),
		fmt.Sprintf("At the end of %s, %s of the %s communities assessed in %s met the full-employment standard (%s), %s",
			p.Last().Format("January 2006"), w.v("communities_met"), w.v("communities_assessed"), regionName(reg, "en"), w.v("communities_share"),
			w.change("change_previous", prevWord, pct, prev)))
	if p.Kind != period.Annual {
		s += w.t("，", ", ") + w.change("change_year_ago", agoWord, pct, ago)
	}
	s += w.t("。", ".")
	s += w.t(fmt.Sprintf("其中撤村建居社区达标%s（共%s）。", w.v("converted_met"), w.v("converted_assessed")),
		fmt.Sprintf(" Of them %s converted communities (of %s).", w.v("converted_met"), w.v("converted_assessed")))
	para := []string{s}
	for i, t := range pr.Targets {
		key := fmt.Sprintf("target_%d", i)
		w.num(key, t.Label(w.lang == "zh"), "%", 1, t.Value, "progress.targets["+t.ID+"].value")
		w.num(key+"_gap", t.Label(w.lang == "zh")+w.t("差距", " gap"), ge, 0, float64(t.Gap), "progress.targets["+t.ID+"].gap")
		var state string
		switch {
		case t.Met:
			state = w.t("已完成", "met")
		case p.Last().Year() >= t.Year && p.Last().Month() == 12:
			state = w.t("未完成，差"+w.v(key+"_gap"), "missed by "+w.v(key+"_gap"))
		default:
			state = w.t("尚差"+w.v(key+"_gap"), w.v(key+"_gap")+" short")
		}
		para = append(para, w.t(
			fmt.Sprintf("对照%s（目标%s%.0f%%），现为%s（%d/%d），%s。", t.Label(true), geq(t.Percent), t.Percent, w.v(key), t.Num, t.Den, state),
			fmt.Sprintf("Against %s (target %s%.0f%%) it stands at %s (%d of %d): %s.", t.Label(false), geq(t.Percent), t.Percent, w.v(key), t.Num, t.Den, state)))
	}
	if pr.StreetsAssessed > 0 {
		w.num("streets_assessed", w.t("考核街道数", "streets assessed"), ge, 0, float64(pr.StreetsAssessed), "progress.streets_assessed")
		w.num("streets_met", w.t("达标街道数", "streets meeting the standard"), ge, 0, float64(pr.StreetsMet), "progress.streets_met")
		para = append(para, w.t(
			fmt.Sprintf("有考核社区的街道%s中，达到充分就业街道标准的%s。", w.v("streets_assessed"), w.v("streets_met")),
			fmt.Sprintf("Of the %s streets with assessed communities, %s met the full-employment street standard.", w.v("streets_assessed"), w.v("streets_met"))))
	}
	if f.Reporting > 0 {
		w.num("labour_force", w.t("劳动力", "labour force"), pe, 0, float64(f.LabourForce), "figures.labour_force")
		w.num("target_group", w.t("有劳动能力和就业愿望人员", "able and willing to work"), pe, 0, float64(f.TargetGroup), "figures.target_group")
		w.num("employment_rate", w.t("就业率", "employment rate"), "%", 1, f.EmploymentRate.Percent, "figures.employment_rate")
		w.num("matched", w.t("社保比中就业人数", "employed by the insurance records"), pe, 0, float64(f.Matched), "figures.matched")
		w.num("registered_unemployment", w.t("登记失业率", "registered unemployment"), "%", 1, f.RegisteredUnemployment.Percent, "figures.registered_unemployment")
		para = append(para, w.t(
			fmt.Sprintf("%s末，劳动力%s，其中有劳动能力和就业愿望的人员%s，就业率%s（其中经社保比中就业%s）；登记失业率%s。",
				p.Last().Format("2006年1月"), w.v("labour_force"), w.v("target_group"), w.v("employment_rate"), w.v("matched"), w.v("registered_unemployment")),
			fmt.Sprintf("In %s the labour force was %s, of whom %s were able and willing to work; their employment rate was %s (%s of them employed by the insurance records); registered unemployment was %s.",
				p.Last().Format("January 2006"), w.v("labour_force"), w.v("target_group"), w.v("employment_rate"), w.v("matched"), w.v("registered_unemployment"))))
	}
	if p.Last().Month() == 12 {
		w.num("met_zero_formed", w.t("达标社区零就业家庭新认定户数", "zero-employment households formed in the meeting communities"), w.t("户", ""), 0, float64(pr.MetZeroFormed), "progress.met_zero_formed")
		w.num("met_zero_eliminated", w.t("达标社区零就业家庭消除户数", "zero-employment households eliminated in the meeting communities"), w.t("户", ""), 0, float64(pr.MetZeroEliminated), "progress.met_zero_eliminated")
		s := w.t(fmt.Sprintf("达标社区当年新认定零就业家庭%s，已消除%s", w.v("met_zero_formed"), w.v("met_zero_eliminated")),
			fmt.Sprintf("In the communities meeting the standard, %s zero-employment households were formed during the year and %s eliminated", w.v("met_zero_formed"), w.v("met_zero_eliminated")))
		if pr.MetZeroFormed > 0 && pr.MetZeroFormed == pr.MetZeroEliminated {
			s += w.t("，全部当期消除", ", all of them within the period")
		}
		para = append(para, s+w.t("。", "."))
	}
	w.b.Sections = append(w.b.Sections, Section{No: w.t("一、", "1. "), Title: w.t("总体情况", "Overview"), Paragraphs: para})
	return nil
}

func geq(pct float64) string {
	if pct >= 100 {
		return ""
	}
	return "≥"
}

// standardsAt evaluates the standards of the area as of a period's last month, or nil when
// there is no ledger for it.
func standardsAt(ctx context.Context, src Source, cfg standard.Config, code string, p period.Period, has map[time.Time]bool) (*warehouse.Standards, error) {
	if !has[p.Last()] {
		return nil, nil
	}
	st, err := src.Standards(ctx, code, p.Last().Year(), p.Last())
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// childStanding is a child area's communities as of a month, and its own community target.
type childStanding struct {
	assessed, met int
	target        *standard.TargetResult
}

// standing counts the child's communities in st and evaluates the year's community target
// whose scope meets the child (its own target), restricted to the child.
func standing(cfg standard.Config, child warehouse.Region, st *warehouse.Standards) childStanding {
	var out childStanding
	in := map[string]bool{}
	for _, c := range st.Communities {
		if within(child, c.Community) {
			in[c.Code], in[c.Street] = true, true
		}
	}
	keep := func(code string) bool { return in[code] }
	for _, c := range st.Communities {
		if c.Assessed && keep(c.Code) {
			out.assessed++
			if c.Met {
				out.met++
			}
		}
	}
	// Its own target (standard.Own): 淳安县 in 2009 on T2009-outer, not the city's 60 %.
	seen := map[standard.Kind]bool{}
	var kinds []standard.Kind
	for _, c := range st.Communities {
		if k := (standard.Kind{Group: c.Group, Type: c.Type}); keep(c.Code) && !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	if t := standard.Own(standard.Applicable(cfg.Targets, st.Year, kinds), kinds); t != nil && t.Measure == standard.MeasureCommunities {
		num, den := t.Count(st.Communities, st.Streets, keep)
		r := standard.EvaluateTarget(*t, []standard.Point{{Month: st.AsOf, Num: num, Den: den}}, cfg.ProjectionMonths)
		out.target = &r
	}
	return out
}

// within reports whether community c lies in the region.
func within(r warehouse.Region, c standard.Community) bool {
	switch r.Level {
	case warehouse.LevelCity:
		return true
	case warehouse.LevelGroup:
		return c.Group == r.Code
	case warehouse.LevelDistrict:
		return c.District == r.Code
	case warehouse.LevelStreet:
		return c.Street == r.Code
	}
	return c.Code == r.Code
}

func (w *builder) children(ctx context.Context, src Source, cfg standard.Config, reg warehouse.Region, p period.Period, has map[time.Time]bool) error {
	kids, err := src.Children(ctx, reg.Code)
	if err != nil || len(kids) == 0 {
		return err
	}
	// In code order, as the official tables list them (the city's come grouped).
	sort.Slice(kids, func(i, j int) bool { return kids[i].Code < kids[j].Code })
	// The standards are evaluated once for the area and counted per child.
	st, err := standardsAt(ctx, src, cfg, reg.Code, p, has)
	if err != nil {
		return err
	}
	prevSt, err := standardsAt(ctx, src, cfg, reg.Code, p.Previous(), has)
	if err != nil {
		return err
	}
	tbl := Table{No: len(w.b.Tables) + 1, Sheet: w.t("各地区情况", "Areas"),
		Columns: []string{w.t("代码", "Code"), w.t("地区", "Area"), w.t("考核社区数", "Assessed"), w.t("达标社区数", "Meeting"),
			w.t("达标率(%)", "Share (%)"), w.t("比上期(百分点)", "Change (points)"), w.t("本地区目标", "Own target"), w.t("状态", "Status")}}
	ch := Chart{No: len(w.b.Charts) + 1, Unit: "%"}
	ge := w.t("个", "")
	var sumA, sumM int
	for i, k := range kids {
		now := standing(cfg, k, st)
		key := fmt.Sprintf("child_%d", i)
		pct := share(now.met, now.assessed)
		w.num(key+"_assessed", k.Name+w.t("考核社区数", " assessed"), ge, 0, float64(now.assessed), "standards["+k.Code+"].assessed")
		w.num(key+"_met", k.Name+w.t("达标社区数", " meeting"), ge, 0, float64(now.met), "standards["+k.Code+"].met")
		w.num(key+"_share", k.Name+w.t("达标率", " share"), "%", 1, pct, "standards["+k.Code+"].met/assessed")
		change := Cell{Text: w.t("无可比数据", "n/a")}
		if prevSt != nil {
			before := standing(cfg, k, prevSt)
			d := pct - share(before.met, before.assessed)
			w.num(key+"_change", k.Name+w.t("达标率比上期变化", " change in the share"), w.t("个百分点", "points"), 1, float64(int64(d*10+sign(d)*0.5))/10, "standards["+k.Code+"]")
			change = Cell{Key: key + "_change"}
		}
		target, targetText, class, state := -1.0, w.t("本年无社区目标", "no community target this year"), "", w.t("不适用", "n/a")
		if t := now.target; t != nil {
			target = t.Percent
			targetText = fmt.Sprintf("%s%.0f%% (%s)", geq(t.Percent), t.Percent, t.ID)
			gap := w.t(fmt.Sprintf("差%d个", t.Gap), fmt.Sprintf("%d short", t.Gap))
			switch {
			case t.Met:
				class, state = "green", w.t("已达标", "met")
			case pct >= t.Percent-10:
				class, state = "amber", gap
			default:
				class, state = "red", gap
			}
		}
		tbl.Rows = append(tbl.Rows, []Cell{{Text: k.Code, ID: true}, {Text: k.Name}, {Key: key + "_assessed"}, {Key: key + "_met"}, {Key: key + "_share"},
			change, {Text: targetText}, {Text: state, Class: class}})
		ch.Labels, ch.Values, ch.Targets = append(ch.Labels, k.Name), append(ch.Values, pct), append(ch.Targets, target)
		sumA += now.assessed
		sumM += now.met
	}
	w.num("children_total_assessed", w.t("合计考核社区数", "total assessed"), ge, 0, float64(sumA), "sum of the rows")
	w.num("children_total_met", w.t("合计达标社区数", "total meeting"), ge, 0, float64(sumM), "sum of the rows")
	w.num("children_total_share", w.t("合计达标率", "total share"), "%", 1, share(sumM, sumA), "sum of the rows")
	tbl.Rows = append(tbl.Rows, []Cell{{Text: ""}, {Text: w.t("合计", "Total")}, {Key: "children_total_assessed"}, {Key: "children_total_met"}, {Key: "children_total_share"}, {Text: ""}, {Text: ""}, {Text: ""}})
	tbl.Total = true
	what := map[warehouse.Level][2]string{warehouse.LevelCity: {"各区、县(市)", "districts"}, warehouse.LevelDistrict: {"各街道", "streets"}, warehouse.LevelGroup: {"各街道", "streets"}, warehouse.LevelStreet: {"各社区", "communities"}}[reg.Level]
	tbl.Title = w.t(what[0]+"充分就业社区创建情况", "Full-employment communities by "+what[1])
	ch.Title = w.t(what[0]+"社区达标率（标记为各自目标）", "Share of communities meeting, by "+what[1]+" (markers: each one's own target)")
	w.b.Tables = append(w.b.Tables, tbl)
	w.b.Charts = append(w.b.Charts, ch)
	w.b.Sections = append(w.b.Sections, Section{No: w.t("二、", "2. "), Title: w.t(what[0]+"情况", "By "+what[1]),
		Paragraphs: []string{w.t(fmt.Sprintf("%s达标情况见表%d、图%d，各地区对照其本地区目标。", what[0], tbl.No, ch.No),
			fmt.Sprintf("Table %d and figure %d show the %s, each against its own target.", tbl.No, ch.No, what[1]))},
		Tables: []int{len(w.b.Tables) - 1}, Charts: []int{len(w.b.Charts) - 1}})
	return nil
}

func (w *builder) zero(ctx context.Context, src Source, reg warehouse.Region, p period.Period) error {
	inPeriod, err := src.ZeroSeries(ctx, reg.Code, p.First(), p.Last())
	if err != nil {
		return err
	}
	ytd, err := src.ZeroSeries(ctx, reg.Code, time.Date(p.Last().Year(), 1, 1, 0, 0, 0, 0, time.UTC), p.Last())
	if err != nil {
		return err
	}
	var formed, elim, yformed, yelim, outstanding uint64
	for _, z := range inPeriod {
		formed += z.Formed
		elim += z.Eliminated
		if z.Month.Equal(p.Last()) {
			outstanding = z.Outstanding
		}
	}
	for _, z := range ytd {
		yformed += z.Formed
		yelim += z.Eliminated
	}
	hu := w.t("户", "")
	w.num("zero_formed", w.t("本期新认定零就业家庭", "zero-employment households formed"), hu, 0, float64(formed), "zero_series.formed")
	w.num("zero_eliminated", w.t("本期消除零就业家庭", "zero-employment households eliminated"), hu, 0, float64(elim), "zero_series.eliminated")
	w.num("zero_outstanding", w.t("期末零就业家庭", "zero-employment households outstanding"), hu, 0, float64(outstanding), "zero_series.outstanding")
	s := w.t(fmt.Sprintf("%s新认定零就业家庭%s，消除%s；期末尚有零就业家庭%s。", p.Label("zh"), w.v("zero_formed"), w.v("zero_eliminated"), w.v("zero_outstanding")),
		fmt.Sprintf("In %s, %s zero-employment households were formed and %s eliminated; %s remained at the end of the period.", p.Label("en"), w.v("zero_formed"), w.v("zero_eliminated"), w.v("zero_outstanding")))
	if outstanding == 0 && formed > 0 {
		s += w.t("当期全部消除。", " All were eliminated within the period.")
	}
	if p.Kind != period.Annual && p.First().Month() != 1 {
		w.num("zero_formed_ytd", w.t("本年累计新认定零就业家庭", "formed since January"), hu, 0, float64(yformed), "zero_series.formed")
		w.num("zero_eliminated_ytd", w.t("本年累计消除零就业家庭", "eliminated since January"), hu, 0, float64(yelim), "zero_series.eliminated")
		s += w.t(fmt.Sprintf("本年累计新认定%s，消除%s。", w.v("zero_formed_ytd"), w.v("zero_eliminated_ytd")),
			fmt.Sprintf(" Since January: %s formed, %s eliminated.", w.v("zero_formed_ytd"), w.v("zero_eliminated_ytd")))
	}
	w.b.Sections = append(w.b.Sections, Section{No: w.t("三、", "3. "), Title: w.t("零就业家庭", "Zero-employment households"), Paragraphs: []string{s}})
	return nil
}

func (w *builder) placements(ctx context.Context, src Source, reg warehouse.Region, p period.Period) error {
	pl, err := src.Placements(ctx, reg.Code, p.First(), p.Last())
	if err != nil {
		return err
	}
	tbl := Table{No: len(w.b.Tables) + 1, Title: w.t("援助与安置（六个一批）", "Assistance and placements (six channels)"), Sheet: w.t("援助安置", "Placements"), Unit: w.t("人次", "placements"),
		Columns: []string{w.t("帮扶方式", "Channel"), w.t("安置人次", "Placements")}}
	for i, c := range pl.Channels {
		key := fmt.Sprintf("channel_%d", i)
		name := c.ChannelZH
		if w.lang == "en" {
			name = c.Channel
		}
		w.num(key, name, w.t("人次", ""), 0, float64(c.Count), "placements.channels["+c.Channel+"]")
		tbl.Rows = append(tbl.Rows, []Cell{{Text: name}, {Key: key}})
	}
	w.num("placements_total", w.t("帮扶安置人次", "placements"), w.t("人次", ""), 0, float64(pl.Total), "placements.total")
	tbl.Rows = append(tbl.Rows, []Cell{{Text: w.t("合计", "Total")}, {Key: "placements_total"}})
	tbl.Total = true
	w.b.Tables = append(w.b.Tables, tbl)
	s := w.t(fmt.Sprintf("%s通过六个一批帮扶安置%s（见表%d）", p.Label("zh"), w.v("placements_total"), tbl.No),
		fmt.Sprintf("In %s, %s placements were made through the six channels (table %d)", p.Label("en"), w.v("placements_total"), tbl.No))
	if pl.Promise.Den > 0 {
		w.num("promise_kept", w.t("72小时内上岗人次", "placed within 72 hours"), w.t("人次", ""), 0, float64(pl.Promise.Num), "placements.promise_72h.num")
		w.num("promise_share", w.t("72小时承诺兑现率", "72-hour promise kept"), "%", 1, pl.Promise.Percent, "placements.promise_72h")
		s += w.t(fmt.Sprintf("；有求职登记时间的%d人次中，72小时内上岗的%s，占%s。", pl.Promise.Den, w.v("promise_kept"), w.v("promise_share")),
			fmt.Sprintf("; of the %d with a registration time, %s were placed within 72 hours (%s).", pl.Promise.Den, w.v("promise_kept"), w.v("promise_share")))
	} else {
		s += w.t("；本期安置均无求职登记时间。", "; none had a registration time.")
	}
	w.b.Sections = append(w.b.Sections, Section{No: w.t("四、", "4. "), Title: w.t("援助与安置", "Assistance and placements"), Paragraphs: []string{s}, Tables: []int{len(w.b.Tables) - 1}})
	return nil
}

func (w *builder) reporting(ctx context.Context, src Source, reg warehouse.Region, p period.Period) error {
	f, err := src.Figures(ctx, reg.Code, p.Last())
	if err != nil {
		return err
	}
	sec := Section{No: w.t("五、", "5. "), Title: w.t("数据报送", "Data reporting")}
	w.num("communities_reporting", w.t("报送台帐社区数", "communities reporting"), w.t("个", ""), 0, float64(f.Reporting), "figures.reporting")
	w.num("communities_missing", w.t("未报送台帐社区数", "communities not reporting"), w.t("个", ""), 0, float64(len(f.Missing)), "figures.missing")
	if len(f.Missing) == 0 {
		sec.Paragraphs = []string{w.t(fmt.Sprintf("%s全部%d个社区均已报送台帐。", p.Last().Format("2006年1月"), f.Communities),
			fmt.Sprintf("All %d communities sent their ledger for %s.", f.Communities, p.Last().Format("January 2006")))}
	} else {
		tbl := Table{No: len(w.b.Tables) + 1, Title: w.t("未报送台帐的社区", "Communities without a ledger"), Sheet: w.t("未报送台帐", "Missing ledgers"),
			Columns: []string{w.t("社区代码", "Code"), w.t("社区", "Community"), w.t("街道", "Street")}}
		for _, c := range f.Missing {
			cr, path, err := src.Region(ctx, c)
			if err != nil {
				return err
			}
			street := ""
			if len(path) >= 2 {
				street = path[len(path)-2].Name
			}
			tbl.Rows = append(tbl.Rows, []Cell{{Text: c, ID: true}, {Text: cr.Name}, {Text: street}})
		}
		w.b.Tables = append(w.b.Tables, tbl)
		sec.Tables = []int{len(w.b.Tables) - 1}
		sec.Paragraphs = []string{w.t(fmt.Sprintf("%s，%d个社区中%s报送台帐，%s未报送（见表%d），其数字未计入本期。", p.Last().Format("2006年1月"), f.Communities,
			w.b.Numbers["communities_reporting"].Text()+"个", w.b.Numbers["communities_missing"].Text()+"个", tbl.No),
			fmt.Sprintf("For %s, %s of %d communities sent their ledger; %s did not (table %d) and are not counted.", p.Last().Format("January 2006"),
				w.b.Numbers["communities_reporting"].Text(), f.Communities, w.b.Numbers["communities_missing"].Text(), tbl.No))}
	}
	w.b.Sections = append(w.b.Sections, sec)
	return nil
}

// alerts lists the targets not met, with the pace still needed where the year is open.
func (w *builder) alerts(cfg standard.Config, p period.Period) {
	var list []string
	for _, tbl := range w.b.Tables {
		if tbl.Sheet != w.t("各地区情况", "Areas") {
			continue
		}
		for _, row := range tbl.Rows {
			if len(row) < 8 || row[7].Class != "red" && row[7].Class != "amber" {
				continue
			}
			left := 12 - int(p.Last().Month())
			if left > 0 {
				list = append(list, w.t(fmt.Sprintf("%s：达标率%s%%，目标%s，%s，尚余%d个月，需每月新增达标社区%s个。", row[1].Text, w.b.Value(row[4]), row[6].Text, row[7].Text, left, paceText(row[7].Text, left)),
					fmt.Sprintf("%s: %s%% against %s, %s with %d months left.", row[1].Text, w.b.Value(row[4]), row[6].Text, row[7].Text, left)))
			} else {
				list = append(list, w.t(fmt.Sprintf("%s：达标率%s%%，未完成目标%s（%s）。", row[1].Text, w.b.Value(row[4]), row[6].Text, row[7].Text),
					fmt.Sprintf("%s: %s%%, target %s missed (%s).", row[1].Text, w.b.Value(row[4]), row[6].Text, row[7].Text)))
			}
		}
	}
	if len(list) == 0 {
		list = []string{w.t("各地区均已达到或有望达到本地区目标。", "Every area has met its target or is on its way.")}
	}
	w.b.Sections = append(w.b.Sections, Section{No: w.t("六、", "6. "), Title: w.t("需要关注的问题", "Areas to watch"), Paragraphs: list})
}

// paceText is the communities a month needed to close a gap ("差N个") in left months.
func paceText(state string, left int) string {
	var gap int
	if _, err := fmt.Sscanf(strings.TrimPrefix(state, "差"), "%d", &gap); err != nil || left <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", float64(gap)/float64(left))
}

func (w *builder) notes(cfg standard.Config) {
	c, s := cfg.Community, cfg.Street
	w.b.Notes = []string{
		w.t("统计范围：纳入考核的社区为纳入考核年份不晚于本年的社区；街道为至少有一个纳入考核社区的街道。",
			"Scope: assessed communities are those whose assessment year is no later than this year; streets are those with at least one assessed community."),
		w.t(fmt.Sprintf("充分就业社区：12月就业率不低于%.0f%%，各季末无未消除的零就业家庭，且未被市抽查否决；缺报12月台帐的社区不达标。", c.EmploymentRate),
			fmt.Sprintf("Full-employment community: employment rate at least %.0f%% in December, no zero-employment household outstanding at any quarter end, not failed by the city's spot check; a community without its December ledger does not meet it.", c.EmploymentRate)),
		w.t(fmt.Sprintf("充分就业街道：街道就业率不低于%.0f%%、各季末无零就业家庭、农村劳动力就业率不低于%.0f%%、高校毕业生就业率不低于%.0f%%、不少于%.0f%%的社区达标（一票否决），基础工作得分不低于%.0f分。",
			s.EmploymentRate, s.RuralLabourRate, s.GraduateRate, s.CommunitiesMeeting, s.MinScore),
			fmt.Sprintf("Full-employment street: street employment rate at least %.0f%%, no zero-employment household at quarter ends, rural-labour rate at least %.0f%%, graduate rate at least %.0f%%, at least %.0f%% of its communities meeting (each a veto), and a basic-work score of at least %.0f.",
				s.EmploymentRate, s.RuralLabourRate, s.GraduateRate, s.CommunitiesMeeting, s.MinScore)),
		w.t("就业率：有劳动能力和就业愿望人员中实际就业（台帐就业、灵活就业或经社保缴费比中）者所占比例；登记失业率：失业人员占就业与失业人员之和的比例。",
			"Employment rate: the share of the able and willing who are employed (ledger employed or flexible, or matched by a contribution record); registered unemployment: the unemployed over the employed plus the unemployed."),
		w.t("零就业家庭：当月劳动力成员至少一人且无一人就业的家庭。72小时承诺：求职登记后72小时内上岗。",
			"Zero-employment household: at least one labour-force member in the month and none employed. 72-hour promise: placed within 72 hours of registering."),
	}
	w.b.Sources = []string{w.t("各社区劳动力台帐（月报）；市社会保险五险征缴记录；帮扶安置记录；街道基础工作考核得分；市年末抽查结果。",
		"Community labour ledgers (monthly); the city's social-insurance contribution records; placement records; street basic-work scores; the city's year-end spot checks.")}
}
