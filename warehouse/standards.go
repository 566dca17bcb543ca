package warehouse

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fullemp/standard"

	fsql "fullemp/sql"
)

// yearData is what the standards of one year look at, read once from the aggregates.
type yearData struct {
	regs     *Regions
	year     int
	asOf     time.Time
	inputs   []standard.CommunityInput // every community, sorted by code
	byStreet map[string][]int          // street → indexes into inputs
	streets  []standard.Street         // sorted by code
	tab      monthTable                // the aggregates of January to asOf
}

// loadYear reads the aggregates of year's months up to asOf, the outstanding households at
// its quarter ends, its spot checks and its street scores.
func (s *Store) loadYear(ctx context.Context, year int, asOf time.Time) (*yearData, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	asOf = standard.AsOf(year, asOf)
	jan := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	// The four reads are independent: run them at once.
	var (
		tab    monthTable
		open   map[time.Time]map[string][]string
		spots  = map[string]string{}
		scores = map[string]float64{}
		errs   [4]error
		wg     sync.WaitGroup
	)
	wg.Add(4)
	go func() {
		defer wg.Done()
		tab, errs[0] = s.loadMonths(ctx, jan, asOf)
	}()
	go func() {
		defer wg.Done()
		// Households open at the quarter ends reached.
		if open, errs[1] = s.openHouseholds(ctx, standard.QuarterEnds(year, asOf)); errs[1] != nil {
			errs[1] = fmt.Errorf("zero-employment households of %d: %w", year, errs[1])
		}
	}()
	go func() {
		defer wg.Done()
		if errs[2] = s.scanPairs(ctx, qSpotChecksYear, year,
			func(k, v string) { spots[k] = v }); errs[2] != nil {
			errs[2] = fmt.Errorf("spot checks of %d: %w", year, errs[2])
		}
	}()
	go func() {
		defer wg.Done()
		if errs[3] = s.streetScores(ctx, year, scores); errs[3] != nil {
			errs[3] = fmt.Errorf("street scores of %d: %w", year, errs[3])
		}
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	d := &yearData{regs: regs, year: year, asOf: asOf, byStreet: map[string][]int{}, tab: tab}
	for _, c := range regs.communities {
		in := standard.CommunityInput{Community: c, Months: map[time.Time]*standard.Month{}, SpotCheck: spots[c.Code]}
		for m, byCode := range tab {
			row := byCode[c.Code]
			if row == nil {
				continue
			}
			in.Months[m] = &standard.Month{
				TargetGroup: row.targetGroup, Employed: row.tgEmployed,
				RuralTarget: row.ruralTarget, RuralEmployed: row.ruralEmployed,
				GraduateTarget: row.gradTarget, GraduateEmployed: row.gradEmployed,
				Open: open[m][c.Code],
			}
		}
		if len(d.byStreet[c.Street]) == 0 {
			st := standard.Street{Code: c.Street, Name: c.StreetName, District: c.District,
				DistrictName: c.DistrictName, Group: c.Group}
			if v, ok := scores[c.Street]; ok {
				v := v
				st.Score = &v
			}
			d.streets = append(d.streets, st)
		}
		d.byStreet[c.Street] = append(d.byStreet[c.Street], len(d.inputs))
		d.inputs = append(d.inputs, in)
	}
	return d, nil
}

// evaluate applies the standards as of month m of the year (m ≤ the loaded as-of month);
// quick leaves the reasons out (for the history of every month).
func (d *yearData) evaluate(cfg standard.Config, m time.Time, quick bool) ([]standard.CommunityResult, []standard.StreetResult) {
	evalC, evalS := standard.EvaluateCommunity, standard.EvaluateStreet
	if quick {
		evalC, evalS = standard.QuickCommunity, standard.QuickStreet
	}
	comms := make([]standard.CommunityResult, len(d.inputs))
	for i, in := range d.inputs {
		comms[i] = evalC(cfg, d.year, m, in)
	}
	streets := make([]standard.StreetResult, 0, len(d.streets))
	for _, st := range d.streets {
		idx := d.byStreet[st.Code]
		members := make([]standard.CommunityInput, len(idx))
		results := make([]standard.CommunityResult, len(idx))
		for j, i := range idx {
			members[j], results[j] = d.inputs[i], comms[i]
		}
		streets = append(streets, evalS(cfg, d.year, m, st, members, results))
	}
	return comms, streets
}

// Standards evaluates SPEC §4 for year as of asOf (zero or outside the year: December) for
// the communities and streets within the region.
func (s *Store) Standards(ctx context.Context, cfg standard.Config, year int, asOf time.Time, code string) (Standards, error) {
	d, err := s.loadYear(ctx, year, asOf)
	if err != nil {
		return Standards{}, err
	}
	reg, err := d.regs.region(code)
	if err != nil {
		return Standards{}, err
	}
	comms, streets := d.evaluate(cfg, d.asOf, false)
	out := Standards{Region: reg, Year: year, AsOf: d.asOf,
		Communities: []standard.CommunityResult{}, Streets: []standard.StreetResult{}}
	for _, c := range comms {
		if d.regs.Contains(reg, c.Code) {
			out.Communities = append(out.Communities, c)
		}
	}
	for _, st := range streets {
		if d.regs.Contains(reg, st.Code) || (reg.Level == LevelCommunity && st.Code == reg.Parent) {
			out.Streets = append(out.Streets, st)
		}
	}
	return out, nil
}

// Progress evaluates the targets of year (SPEC §5) as of asOf within the region, each with
// its history since January and a projection from the recent pace.
func (s *Store) Progress(ctx context.Context, cfg standard.Config, year int, asOf time.Time, code string) (Progress, error) {
	ps, err := s.ProgressMany(ctx, cfg, year, asOf, []string{code})
	if err != nil {
		return Progress{}, err
	}
	return ps[0], nil
}

// ProgressMany is Progress for several regions (a page's children) from one evaluation of
// the standards per month. Each region gets the targets that are its own
// (standard.Applicable), restricted to it and, below the city, named for it.
func (s *Store) ProgressMany(ctx context.Context, cfg standard.Config, year int, asOf time.Time, codes []string) ([]Progress, error) {
	d, err := s.loadYear(ctx, year, asOf)
	if err != nil {
		return nil, err
	}
	type area struct {
		reg     Region
		keep    func(string) bool
		targets []standard.Target
		history [][]standard.Point
	}
	areas := make([]*area, len(codes))
	out := make([]Progress, len(codes))
	for i, code := range codes {
		reg, err := d.regs.region(code)
		if err != nil {
			return nil, err
		}
		a := &area{reg: reg}
		a.keep = func(c string) bool { return d.regs.Contains(a.reg, c) }
		kinds := d.kinds(a.keep)
		a.targets = standard.Applicable(cfg.Targets, year, kinds)
		a.history = make([][]standard.Point, len(a.targets))
		areas[i] = a
		out[i] = Progress{Region: reg, Year: year, AsOf: d.asOf, Targets: []standard.TargetResult{}, MissingLedger: []string{}}
		if own := standard.Own(a.targets, kinds); own != nil {
			out[i].OwnTarget = own.ID
		}
	}
	for m := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC); !m.After(d.asOf); m = m.AddDate(0, 1, 0) {
		comms, streets := d.evaluate(cfg, m, true)
		for ai, a := range areas {
			p := &out[ai]
			for i, t := range a.targets {
				num, den := t.Count(comms, streets, a.keep)
				a.history[i] = append(a.history[i], standard.Point{Month: m, Num: num, Den: den})
			}
			all := standard.Target{Measure: standard.MeasureCommunities}
			num, den := all.Count(comms, streets, a.keep)
			p.CommunityHistory = append(p.CommunityHistory, standard.Point{Month: m, Num: num, Den: den})
			all.Measure = standard.MeasureStreets
			num, den = all.Count(comms, streets, a.keep)
			p.StreetHistory = append(p.StreetHistory, standard.Point{Month: m, Num: num, Den: den})
			if m.Equal(d.asOf) {
				d.summarize(p, comms, streets, m, a.keep)
			}
		}
	}
	for ai, a := range areas {
		for i, t := range a.targets {
			if a.reg.Level != LevelCity {
				t.Name, t.NameZh = areaNames(t, a.reg)
			}
			out[ai].Targets = append(out[ai].Targets, standard.EvaluateTarget(t, a.history[i], cfg.ProjectionMonths))
		}
	}
	return out, nil
}

// summarize fills the standards' summary of the area as of m.
func (d *yearData) summarize(p *Progress, comms []standard.CommunityResult, streets []standard.StreetResult, m time.Time, keep func(string) bool) {
	for i, c := range comms {
		if !c.Assessed || !keep(c.Code) {
			continue
		}
		p.CommunitiesAssessed++
		if c.Met {
			p.CommunitiesMet++
			for em, byCode := range d.tab {
				if row := byCode[c.Code]; row != nil && !em.After(m) {
					p.MetZeroFormed += row.formed
					p.MetZeroEliminated += row.eliminated
				}
			}
		}
		if c.Type == "converted" {
			p.ConvertedAssessed++
			if c.Met {
				p.ConvertedMet++
			}
		}
		if d.inputs[i].Months[m] == nil {
			p.MissingLedger = append(p.MissingLedger, c.Code)
		}
	}
	for _, st := range streets {
		if st.Assessed && keep(st.Code) {
			p.StreetsAssessed++
			if st.Met {
				p.StreetsMet++
			}
		}
	}
}

// kinds lists the distinct group and type of the communities kept.
func (d *yearData) kinds(keep func(string) bool) []standard.Kind {
	seen := map[standard.Kind]bool{}
	var out []standard.Kind
	for _, in := range d.inputs {
		k := standard.Kind{Group: in.Group, Type: in.Type}
		if keep(in.Code) && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// areaNames names a target for the area it is restricted to, e.g. "淳安县社区达标率 · 目标
// ≥50% (T2009-outer)": below the city the configured name ("2009年萧山、余杭及五县(市)…")
// would name a wider scope than the figures.
func areaNames(t standard.Target, reg Region) (en, zh string) {
	whatZh, whatEn := "社区达标率", "communities meeting"
	switch {
	case t.Measure == standard.MeasureStreets:
		whatZh, whatEn = "街道达标率", "streets meeting"
	case t.CommunityType == "old":
		whatZh, whatEn = "老社区达标率", "old communities meeting"
	case t.CommunityType == "converted":
		whatZh, whatEn = "撤村建居社区达标率", "converted communities meeting"
	}
	zh = fmt.Sprintf("%s%s · 目标 ≥%g%% (%s)", reg.Name, whatZh, t.Percent, t.ID)
	en = fmt.Sprintf("%s: %s · target ≥%g%% (%s)", reg.Name, whatEn, t.Percent, t.ID)
	return en, zh
}

// streetScores fills scores with the year's basic-work scores by street.
func (s *Store) streetScores(ctx context.Context, year int, scores map[string]float64) error {
	rows, err := s.Conn.Query(ctx, qStreetScoresYear, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var v float64
		if err := rows.Scan(&code, &v); err != nil {
			return err
		}
		scores[code] = v
	}
	return rows.Err()
}

func (s *Store) scanPairs(ctx context.Context, query string, arg any, f func(k, v string)) error {
	rows, err := s.Conn.Query(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		f(k, v)
	}
	return rows.Err()
}

// Queries of sql/queries read by this file.
var (
	qSpotChecksYear   = fsql.MustQuery("spot_checks_year")
	qStreetScoresYear = fsql.MustQuery("street_scores_year")
)
