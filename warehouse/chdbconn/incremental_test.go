package chdbconn_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"fullemp/ingest"
	"fullemp/warehouse"
	"fullemp/warehouse/whtest"
)

// TestIncrementalEqualsRebuild applies random correction files through the real ingest —
// persons moved between households and communities, statuses changed, persons added,
// contributions added and replaced, whole communities resent, regions changed — and after
// each checks, on both engines, that the aggregates the incremental refresh left equal those
// a full rebuild (RefreshAll on a copy of the inputs) gives, row for row, and that the
// refresh rewrote exactly the (month, community) pairs the correction touched. The seed is
// logged; FULLEMP_PROPERTY_SEED replays one, FULLEMP_PROPERTY_STEPS runs more steps.
func TestIncrementalEqualsRebuild(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("FULLEMP_PROPERTY_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	steps := 16
	if v, err := strconv.Atoi(os.Getenv("FULLEMP_PROPERTY_STEPS")); err == nil && v > 0 {
		steps = v
	}
	t.Logf("seed %d (FULLEMP_PROPERTY_SEED=%d replays it), %d steps", seed, seed, steps)
	for _, mk := range []func(*testing.T) engine{serverEngine, embeddedEngine} {
		e, twin := mk(t), mk(t)
		start := time.Now()
		propertyRun(t, e, twin, seed, steps)
		t.Logf("%s: %d correction steps in %s", e.name, steps, time.Since(start).Round(time.Millisecond))
	}
}

// TestContributionsOfNoLedgerPersonRewriteNothing: a contribution file whose persons are in
// no ledger of its month touches no (month, community) pair, so its refresh rewrites no
// aggregate, on both engines (it once refreshed its months whole: found by the property
// test with seed 1796234078879243745).
func TestContributionsOfNoLedgerPersonRewriteNothing(t *testing.T) {
	ctx := context.Background()
	for _, mk := range []func(*testing.T) engine{serverEngine, embeddedEngine} {
		e := mk(t)
		city := newPropCity(rand.New(rand.NewPCG(1, 2)))
		in := ingest.New(e.store, whtest.Log(), ingest.Options{Workers: 2, BatchRows: 16})
		f, _ := city.base()
		dir := t.TempDir()
		if _, err := in.Files(ctx, f.write(t, dir)); err != nil {
			t.Fatalf("%s: base: %v", e.name, err)
		}
		before := aggVersions(t, e)
		var g files
		city.contribution(&g, pairs{}, "2008-11", pid("330104", "1970-03-04", true, 999), "91330100MA27XYZ12B")
		dir = t.TempDir()
		sums, err := in.Files(ctx, g.write(t, dir))
		if err != nil || len(sums) != 1 || sums[0].Loaded != 1 {
			t.Fatalf("%s: the contribution: %v %+v", e.name, err, sums)
		}
		checkRewritten(t, e, 1, before, aggVersions(t, e), pairs{})
		if ch, err := e.store.Pending(ctx); err != nil || len(ch.Files) > 0 {
			t.Errorf("%s: pending after the refresh: %+v %v", e.name, ch, err)
		}
	}
}

// The property city: two districts, three streets, six communities, three months.
var (
	propCommunities = []string{c1, c2, c3, c4, c5, "330109001003"}
	propMonths      = []string{"2008-10", "2008-11", "2008-12"}
	propStatuses    = []string{"employed", "flexible", "unemployed", "out_of_labor_force"}
)

// propRow is one person's ledger row of a month.
type propRow struct {
	community, household, status string
	able, willing, hard, grad    bool
	since                        string
}

// propCity is what the test has sent: the latest ledger row of each person and month, and
// each person's contributions by month.
type propCity struct {
	r       *rand.Rand
	persons []string
	ledger  map[string]map[string]propRow // month → id → row
	contrib map[string]map[string]bool    // month → id → has a contribution
	step    int
}

func newPropCity(r *rand.Rand) *propCity {
	c := &propCity{r: r, ledger: map[string]map[string]propRow{}, contrib: map[string]map[string]bool{}}
	areas := []string{"330102", "330104", "330109", "330182"}
	for i := 0; i < 40; i++ {
		birth := time.Date(1944+r.IntN(52), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		c.persons = append(c.persons, pid(areas[r.IntN(len(areas))], birth.Format("2006-01-02"), r.IntN(2) == 0, 100+i))
	}
	for _, m := range propMonths {
		c.ledger[m], c.contrib[m] = map[string]propRow{}, map[string]bool{}
	}
	return c
}

func (c *propCity) pick(xs []string) string { return xs[c.r.IntN(len(xs))] }

// randomRow is a row in community (a random one when ""), in one of its few households.
func (c *propCity) randomRow(community string) propRow {
	if community == "" {
		community = c.pick(propCommunities)
	}
	row := propRow{community: community, household: fmt.Sprintf("H%d", 1+c.r.IntN(4)),
		status: c.pick(propStatuses), able: c.r.IntN(6) > 0, willing: c.r.IntN(6) > 0,
		hard: c.r.IntN(5) == 0, grad: c.r.IntN(6) == 0}
	if row.status == "unemployed" {
		row.since = c.pick([]string{"2006-05-01", "2007-10-31", "2007-11-01", "2008-09-15"})
	}
	return row
}

// files is one step's input files, by kind.
type files struct {
	regions, ledger, contributions []string // CSV lines without header
}

// pairs is a set of "YYYY-MM community" pairs.
type pairs map[string]bool

// ledgerRow adds a person's new row for a month to f, and the pairs it touches: its
// community, and the one the person's row was in.
func (c *propCity) ledgerRow(f *files, touched pairs, month, id string, row propRow) {
	if old, ok := c.ledger[month][id]; ok {
		touched[month+" "+old.community] = true
	}
	touched[month+" "+row.community] = true
	c.ledger[month][id] = row
	yn := func(b bool) string {
		if b {
			return "Y"
		}
		return "N"
	}
	f.ledger = append(f.ledger, strings.Join([]string{month, id, fmt.Sprintf("人%d", c.step), row.community, row.household,
		row.status, yn(row.able), yn(row.willing), yn(row.hard), "N", yn(row.grad), "N", row.since, "N"}, ","))
}

// base is the first step: every person in every month (some missing from a month), and
// contributions for about half of them.
func (c *propCity) base() (files, pairs) {
	var f files
	touched := pairs{}
	for i, code := range propCommunities {
		typ := "old"
		if i%3 == 1 {
			typ = "converted"
		}
		f.regions = append(f.regions, regionLine(code, "社区"+strconv.Itoa(i), typ, 2007+i%3))
	}
	for _, m := range propMonths {
		for _, id := range c.persons {
			if c.r.IntN(10) > 0 {
				c.ledgerRow(&f, touched, m, id, c.randomRow(""))
			}
			if c.r.IntN(2) == 0 {
				c.contribution(&f, touched, m, id, "91330100MA27XYZ12B")
			}
		}
	}
	return f, touched
}

func regionLine(code, name, typ string, from int) string {
	d := map[string]string{"330102": "上城区,main_urban", "330109": "萧山区,xiaoshan"}[code[:6]]
	return strings.Join([]string{code[:6], strings.Split(d, ",")[0], strings.Split(d, ",")[1], code[:9], "街道" + code[:9],
		code, name, typ, strconv.Itoa(from)}, ",")
}

// contribution adds a contribution row (a new key, or a new name for an existing key) and
// the pair of the person's community that month.
func (c *propCity) contribution(f *files, touched pairs, month, id, employer string) {
	c.contrib[month][id] = true
	if row, ok := c.ledger[month][id]; ok {
		touched[month+" "+row.community] = true
	}
	f.contributions = append(f.contributions, fmt.Sprintf("%s,%s,%s,单位%d", month, id, employer, c.step))
}

// correction draws one step: one to three kinds of change, in one to three files.
func (c *propCity) correction() (files, pairs) {
	c.step++
	var f files
	touched := pairs{}
	for n := 1 + c.r.IntN(3); n > 0; n-- {
		month := c.pick(propMonths)
		switch c.r.IntN(7) {
		case 0, 1: // persons move to another household, maybe another community
			for k := 1 + c.r.IntN(3); k > 0; k-- {
				id := c.pick(c.persons)
				row, ok := c.ledger[month][id]
				if !ok {
					continue
				}
				if c.r.IntN(2) == 0 {
					row.community = c.pick(propCommunities)
				}
				row.household = fmt.Sprintf("H%d", 1+c.r.IntN(5))
				c.ledgerRow(&f, touched, month, id, row)
			}
		case 2: // statuses change (a person unemployed for long, a matched one, …)
			for k := 1 + c.r.IntN(4); k > 0; k-- {
				id := c.pick(c.persons)
				row, ok := c.ledger[month][id]
				if !ok {
					continue
				}
				fresh := c.randomRow(row.community)
				row.status, row.since, row.able, row.willing = fresh.status, fresh.since, fresh.able, fresh.willing
				c.ledgerRow(&f, touched, month, id, row)
			}
		case 3: // a person appears in a month, or comes back
			id := c.pick(c.persons)
			c.ledgerRow(&f, touched, month, id, c.randomRow(""))
		case 4: // contributions added, or sent again under another name
			for k := 1 + c.r.IntN(4); k > 0; k-- {
				c.contribution(&f, touched, month, c.pick(c.persons), c.pick([]string{"91330100MA27XYZ12B", "12345678"}))
			}
		case 5: // a whole community resent: everyone it holds, some changed
			comm := c.pick(propCommunities)
			ids := make([]string, 0)
			for id, row := range c.ledger[month] {
				if row.community == comm {
					ids = append(ids, id)
				}
			}
			sort.Strings(ids)
			for _, id := range ids {
				row := c.ledger[month][id]
				if c.r.IntN(3) == 0 {
					fresh := c.randomRow(comm)
					row.status, row.since, row.household = fresh.status, fresh.since, fresh.household
				}
				c.ledgerRow(&f, touched, month, id, row)
			}
		case 6: // a community's region row changes (name, type, year assessed): no aggregate
			code := c.pick(propCommunities)
			f.regions = append(f.regions, regionLine(code, fmt.Sprintf("社区%d", c.step), c.pick([]string{"old", "converted"}), 2007+c.r.IntN(3)))
		}
	}
	return f, touched
}

// write writes a step's files into dir and returns their paths.
func (f files) write(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	for _, k := range []struct {
		name, header string
		lines        []string
	}{
		{"regions.csv", "district_code,district_name,district_group,street_code,street_name,community_code,community_name,community_type,assessed_from", f.regions},
		{"ledger.csv", "month,id_number,name,community_code,household_id,status,able,willing,hard_to_employ,assistance_card,graduate,rural_labor,unemployed_since,training_wish", f.ledger},
		{"contributions.csv", "month,id_number,employer_code,employer_name", f.contributions},
	} {
		if len(k.lines) == 0 {
			continue
		}
		p := filepath.Join(dir, k.name)
		if err := os.WriteFile(p, []byte(k.header+"\n"+strings.Join(k.lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// propertyRun ingests the base and steps corrections into e, comparing with a rebuild in
// twin after each.
func propertyRun(t *testing.T, e, twin engine, seed uint64, steps int) {
	ctx := context.Background()
	city := newPropCity(rand.New(rand.NewPCG(seed, 12)))
	in := ingest.New(e.store, whtest.Log(), ingest.Options{Workers: 2, BatchRows: 16})
	defer func() { warehouse.PairsByPerson, warehouse.WholeMonthPairs = 8, 64 }()
	for step := 0; step <= steps; step++ {
		var f files
		var touched pairs
		if step == 0 {
			f, touched = city.base()
		} else {
			f, touched = city.correction()
		}
		// Each step reads its months one of the three ways, chosen at random.
		warehouse.PairsByPerson, warehouse.WholeMonthPairs = 8, 64
		switch city.r.IntN(3) {
		case 1:
			warehouse.PairsByPerson = 0
		case 2:
			warehouse.WholeMonthPairs = 1 // a month with 2 of the 6 communities (a quarter) is refreshed whole
			touched = wholeMonths(touched)
		}
		before := aggVersions(t, e)
		dir := filepath.Join(t.TempDir(), strconv.Itoa(step))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		paths := f.write(t, dir)
		if len(paths) == 0 {
			continue
		}
		sums, err := in.Files(ctx, paths)
		if err != nil {
			t.Fatalf("%s: step %d: ingest: %v", e.name, step, err)
		}
		for _, s := range sums {
			if s.Rejected > 0 || s.Skipped {
				t.Fatalf("%s: step %d: %s: %d rejected, skipped %v: %+v", e.name, step, s.File, s.Rejected, s.Skipped, s.Rejections)
			}
		}
		if step > 0 {
			checkRewritten(t, e, step, before, aggVersions(t, e), touched)
		}
		rebuild(t, e, twin)
		got, want := aggSnapshot(t, e), aggSnapshot(t, twin)
		for table, w := range want {
			if g := got[table]; g != w {
				t.Fatalf("%s: step %d (seed %d): %s after the incremental refresh differs from a full rebuild:\n%s",
					e.name, step, seed, table, lineDiff(g, w))
			}
		}
	}
}

// rebuild copies e's inputs into twin and rebuilds twin's aggregates from scratch.
func rebuild(t *testing.T, e, twin engine) {
	t.Helper()
	ctx := context.Background()
	for _, tbl := range []string{"regions", "ledger", "contributions", "agg_household_month", "agg_household_series", "agg_community_month", "agg_zero_households", "agg_zero_events"} {
		if err := twin.store.Conn.Exec(ctx, "TRUNCATE TABLE "+tbl); err != nil {
			t.Fatal(err)
		}
	}
	for _, tbl := range []string{"regions", "ledger", "contributions"} {
		if err := twin.store.Conn.Exec(ctx, "INSERT INTO "+twin.store.Database+"."+tbl+" SELECT * FROM "+e.store.Database+"."+tbl); err != nil {
			t.Fatal(err)
		}
	}
	if err := twin.store.RefreshAll(ctx); err != nil {
		t.Fatalf("%s: rebuild: %v", twin.name, err)
	}
}

// aggQueries read what readers see of each aggregate (FINAL, not deleted), without the
// version.
var aggQueries = map[string]string{
	"agg_household_month": "SELECT month, community_code, household_id, persons, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed FROM agg_household_month FINAL WHERE deleted = 0",
	"agg_community_month": "SELECT month, community_code, persons, households, labour_force, lf_employed, target_group, tg_employed, tg_ledger_employed, tg_matched, matched, reg_unemployed, age4050, age4050_employed, hard_to_employ, hard_employed, long_term, graduate_target, graduate_employed, rural_target, rural_employed, zero_households FROM agg_community_month FINAL WHERE deleted = 0",
	"agg_zero_households": "SELECT month, community_code, household_id, labour_force FROM agg_zero_households FINAL WHERE deleted = 0",
	"agg_zero_events":     "SELECT month, community_code, household_id, toString(event) FROM agg_zero_events FINAL WHERE deleted = 0",
}

func aggSnapshot(t *testing.T, e engine) map[string]string {
	t.Helper()
	out := map[string]string{}
	for table, q := range aggQueries {
		out[table] = render(t, e, table, q, nil)
	}
	return out
}

// keyState is an aggregate key's version and whether readers see it (not deleted).
type keyState struct {
	version uint64
	live    bool
}

// aggVersions maps each key of agg_household_month and agg_community_month (deleted rows
// too) to its state, by "table month community [household]".
func aggVersions(t *testing.T, e engine) map[string]keyState {
	t.Helper()
	out := map[string]keyState{}
	for _, q := range []struct{ table, sql string }{
		{"agg_community_month", "SELECT month, community_code, '', version, deleted FROM agg_community_month FINAL"},
		{"agg_household_month", "SELECT month, community_code, household_id, version, deleted FROM agg_household_month FINAL"},
	} {
		rows, err := e.store.Conn.Query(context.Background(), q.sql)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var m time.Time
			var c, h string
			var v uint64
			var deleted uint8
			if err := rows.Scan(&m, &c, &h, &v, &deleted); err != nil {
				t.Fatal(err)
			}
			out[strings.TrimSpace(q.table+" "+m.Format("2006-01")+" "+c+" "+h)] = keyState{v, deleted == 0}
		}
		rows.Close()
	}
	return out
}

// checkRewritten fails unless the refresh rewrote the rows of the touched pairs and no
// other: a community row or household row whose version moved lies in a touched pair, and
// every touched pair with figures before or after was rewritten.
func checkRewritten(t *testing.T, e engine, step int, before, after map[string]keyState, touched pairs) {
	t.Helper()
	rewritten := pairs{}
	for k, v := range after {
		if before[k].version == v.version {
			continue
		}
		f := strings.Fields(k)
		p := f[1] + " " + f[2]
		if !touched[p] {
			t.Errorf("%s: step %d: %s was rewritten, but the correction touched only %v", e.name, step, k, sortedKeys(touched))
		}
		if f[0] == "agg_community_month" {
			rewritten[p] = true
		}
	}
	for p := range touched {
		k := "agg_community_month " + p
		if (before[k].live || after[k].live) && !rewritten[p] {
			t.Errorf("%s: step %d: the correction touched %s but its community row was not rewritten", e.name, step, p)
		}
	}
}

// wholeMonths adds every community to the months where touched holds two or more.
func wholeMonths(touched pairs) pairs {
	n := map[string]int{}
	for p := range touched {
		n[strings.Fields(p)[0]]++
	}
	out := pairs{}
	for p := range touched {
		out[p] = true
	}
	for m, k := range n {
		if k >= 2 {
			for _, c := range propCommunities {
				out[m+" "+c] = true
			}
		}
	}
	return out
}

func sortedKeys(p pairs) []string {
	var out []string
	for k := range p {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lineDiff lists the lines only one of two renders has.
func lineDiff(got, want string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		g[l] = true
	}
	for _, l := range strings.Split(want, "\n") {
		w[l] = true
	}
	var b strings.Builder
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			fmt.Fprintf(&b, "  incremental only: %s\n", l)
		}
	}
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			fmt.Fprintf(&b, "  rebuild only:     %s\n", l)
		}
	}
	return b.String()
}
