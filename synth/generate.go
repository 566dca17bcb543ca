package synth

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fullemp/campaign"
)

// Options say what to generate.
type Options struct {
	// Dir is the folder the files go to (created if missing).
	Dir string
	// Scale sets the residents: 1.0 ≈ 2 million, about 100 million ledger rows.
	Scale float64
	// Seed chooses the plan and the residents; the same seed gives the same files.
	Seed uint64
	// Format is the file format (default CSV).
	Format Format
	// Workers generate communities in parallel (default: one per CPU).
	Workers int
	// Progress, when set, is told how many communities are written.
	Progress func(done, total int)

	// only, when set, limits the residents to the communities it accepts (tests).
	only func(*Community) bool
}

// DefaultSeed is the seed the calibration is checked with.
const DefaultSeed = 2008

// Result describes a generation run.
type Result struct {
	Files   []string
	Rows    map[campaign.Kind]int
	Figures *Figures
	// Mismatches lists communities whose generated figures disagree with the plan (empty
	// unless the generator has a bug).
	Mismatches []string
	Elapsed    time.Duration

	city     *City
	plan     *Plan
	fileRows map[string]int
	figs     [][Months]MonthFigures
	score    [][Years]int
}

type communityResult struct {
	chunks []*chunk
	figs   [Months]MonthFigures
	err    error
}

// Generate writes the demo city to opts.Dir and returns its self-check.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Format == "" {
		opts.Format = CSV
	}
	if opts.Scale <= 0 {
		return nil, fmt.Errorf("scale must be positive, not %g", opts.Scale)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	valid := false
	for _, f := range Formats {
		valid = valid || f == opts.Format
	}
	if !valid {
		return nil, fmt.Errorf("unknown format %q (csv, gbk, xlsx, parquet)", opts.Format)
	}
	city := NewCity()
	plan := NewPlan(city, opts.Seed)
	pools := newEmployers()
	var districts []string
	for _, d := range campaign.Hangzhou {
		districts = append(districts, d.Code)
	}
	sumWeight := 0.0
	for _, c := range city.Communities {
		sumWeight += c.Weight
	}
	w := wordsFor(opts.Format)

	out, err := newOutput(opts.Dir, opts.Format)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	writeAll := func(e *emitter) error {
		if err := e.finish(); err != nil {
			return err
		}
		for _, c := range e.chunks {
			if err := out.write(c); err != nil {
				return err
			}
		}
		return nil
	}
	fail := func(err error) (*Result, error) {
		out.close()
		return nil, err
	}
	e := newEmitter(opts.Format)
	emitRegions(e, w, city)
	if err := writeAll(e); err != nil {
		return fail(err)
	}

	n := len(city.Communities)
	slots := make([]chan *communityResult, n)
	for i := range slots {
		slots[i] = make(chan *communityResult, 1)
	}
	tokens := make(chan struct{}, 2*opts.Workers)
	jobs := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		for i := 0; i < n; i++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for k := 0; k < opts.Workers; k++ {
		go func() {
			for i := range jobs {
				if opts.only != nil && !opts.only(city.Communities[i]) {
					slots[i] <- &communityResult{}
					continue
				}
				slots[i] <- generateCommunity(city, plan, city.Communities[i], opts, w, pools, districts, sumWeight)
			}
		}()
	}
	figs := make([][Months]MonthFigures, n)
	for i := 0; i < n; i++ {
		var cr *communityResult
		select {
		case cr = <-slots[i]:
		case <-ctx.Done():
			return fail(ctx.Err())
		}
		<-tokens
		if cr.err != nil {
			var mm *mismatch
			if !errors.As(cr.err, &mm) {
				return fail(cr.err)
			}
			res.Mismatches = append(res.Mismatches, mm.Error())
		}
		figs[i] = cr.figs
		for _, c := range cr.chunks {
			if err := out.write(c); err != nil {
				return fail(err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(i+1, n)
		}
	}
	scores := decideScores(city, plan, figs, opts.Seed)
	e = newEmitter(opts.Format)
	emitScores(e, city, scores)
	emitSpotChecks(e, w, plan)
	if err := writeAll(e); err != nil {
		return fail(err)
	}
	if err := out.close(); err != nil {
		return nil, err
	}
	res.Files, res.Rows, res.fileRows = out.Files, out.Rows, out.fileRows
	res.Figures = evaluate(city, plan, figs, scores)
	res.city, res.plan, res.figs, res.score = city, plan, figs, scores
	res.Elapsed = time.Since(start)
	return res, nil
}

// mismatch is a community whose generated figures disagree with the plan.
type mismatch struct{ err error }

func (m *mismatch) Error() string { return m.err.Error() }

// generateCommunity draws one community's residents, shapes them to the plan, checks them
// against SPEC §3–4 and encodes their rows.
func generateCommunity(city *City, plan *Plan, c *Community, opts Options, w *words, pools map[string][]Employer, districts []string, sumWeight float64) *communityResult {
	g := &community{c: c, plan: plan, seed: opts.Seed, r: newRand(opts.Seed, "community/"+c.Code), br: backgroundRand(opts.Seed, c)}
	g.drawPeople(city, opts.Scale, sumWeight)
	g.drawTrajectories()
	g.clearZero()
	g.adjustRates()
	res := &communityResult{}
	made, err := g.applyEvents()
	if err != nil {
		res.err = &mismatch{err}
	}
	res.figs = Measure(g.people, len(g.members), plan.Missing[c.Index])
	if res.err == nil {
		if err := g.verify(&res.figs, made); err != nil {
			res.err = &mismatch{err}
		}
	}
	e := newEmitter(opts.Format)
	g.emitLedger(e, w)
	g.emitContributions(e, pools, districts)
	g.emitPlacements(e, w)
	if err := e.finish(); err != nil {
		res.err = err
	}
	res.chunks = e.chunks
	return res
}

// FilesThrough returns the files written for the years up to year (regions, scores, spot
// checks and placements, and each year's ledger and contributions): a city that stops at
// the end of that year, for tests that need only its first years.
func (r *Result) FilesThrough(year int) []string {
	var out []string
	for _, f := range r.Files {
		name := filepath.Base(f)
		if i := strings.IndexAny(name, "0123456789"); i >= 0 && len(name) >= i+4 {
			if y, err := strconv.Atoi(name[i : i+4]); err == nil && y > year {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}
