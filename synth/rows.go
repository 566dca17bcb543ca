package synth

import (
	"fmt"
	"time"

	"fullemp/campaign"
)

var monthNames = func() (out [Months]string) {
	for m := range out {
		out[m] = fmt.Sprintf("%d-%02d", FirstYear+m/12, m%12+1)
	}
	return
}()

func yearFile(prefix string, m int) string { return fmt.Sprintf("%s-%d", prefix, FirstYear+m/12) }

var (
	ledgerFiles = func() (out [Years]string) {
		for y := range out {
			out[y] = yearFile("ledger", 12*y)
		}
		return
	}()
	contributionFiles = func() (out [Years]string) {
		for y := range out {
			out[y] = yearFile("contributions", 12*y)
		}
		return
	}()
)

// channelWeights are the shares of the six channels (六个一批) for a return to a job;
// a return to flexible work is mostly through the flexible-work channel.
var (
	channels       = campaign.Channels.Values()
	channelWeights = []float64{0, 15, 30, 15, 30, 10}
)

// emitLedger writes the community's monthly ledgers, month by month, residents in
// household order, with each unemployment spell's start as unemployed_since. A month the
// plan has missing (Plan.Missing) gets no rows; the other months are as they would be.
func (g *community) emitLedger(e *emitter, w *words) {
	hid := make([]string, len(g.members))
	for h := range hid {
		hid[h] = fmt.Sprintf("%05d", h+1)
	}
	since := make([]string, len(g.people))
	fields := make([]string, 14)
	for m := 0; m < Months; m++ {
		sent := g.plan.HasLedger(g.c.Index, m)
		for _, list := range g.members {
			for _, i := range list {
				p := &g.people[i]
				st := p.Status[m]
				if st == Unemployed && (m == 0 || p.Status[m-1] != Unemployed) {
					since[i] = g.spellStart(int(i), m).Format("2006-01-02")
				}
				if !sent {
					continue
				}
				fields[0] = monthNames[m]
				fields[1] = p.Written
				fields[2] = p.Name
				fields[3] = g.c.Code
				fields[4] = hid[p.Household]
				fields[5] = w.status[st]
				fields[6] = w.bool(p.Able)
				fields[7] = w.bool(p.Willing)
				fields[8] = w.bool(p.HardToEmploy)
				fields[9] = w.bool(p.AssistanceCard)
				fields[10] = w.bool(p.Graduate)
				fields[11] = w.bool(p.Rural)
				fields[12] = ""
				if st == Unemployed {
					fields[12] = since[i]
				}
				fields[13] = w.bool(p.TrainingWish)
				e.row(campaign.Ledger, ledgerFiles[m/12], fields...)
			}
		}
	}
}

// spellStart is the date an unemployment spell starting in month m began: a day of that
// month, or for a spell already running in January 2007 a day up to two and a half years
// before.
func (g *community) spellStart(i, m int) time.Time {
	h := hash64(g.seed, uint64(g.c.Index), uint64(i), uint64(m))
	if m == 0 {
		return ref.AddDate(0, 0, -15-int(h%900))
	}
	return time.Date(FirstYear, time.Month(m+1), 1+int(h%28), 0, 0, 0, 0, time.UTC)
}

// emitContributions writes a record for every month a resident has a contribution, from an
// employer kept for the whole run of contributions (mostly of the home district), and now
// and then a second employer the same month.
func (g *community) emitContributions(e *emitter, pools map[string][]Employer, districts []string) {
	home := pools[g.c.Street.District.Code]
	employer := make([]*Employer, len(g.people))
	for m := 0; m < Months; m++ {
		for _, list := range g.members {
			for _, i := range list {
				p := &g.people[i]
				if !p.Contrib[m] {
					continue
				}
				if m == 0 || !p.Contrib[m-1] || employer[i] == nil {
					h := hash64(g.seed, uint64(g.c.Index), uint64(i), uint64(m), 1)
					pool := home
					if h%100 < 15 {
						pool = pools[districts[(h>>8)%uint64(len(districts))]]
					}
					employer[i] = &pool[(h>>16)%uint64(len(pool))]
				}
				em := employer[i]
				e.row(campaign.Contributions, contributionFiles[m/12], monthNames[m], p.ID, em.Code, em.Name)
				if h := hash64(g.seed, uint64(g.c.Index), uint64(i), uint64(m), 2); h%150 == 0 {
					second := &home[(h>>16)%uint64(len(home))]
					if second != em {
						e.row(campaign.Contributions, contributionFiles[m/12], monthNames[m], p.ID, second.Code, second.Name)
					}
				}
			}
		}
	}
}

// emitPlacements writes a placement for most returns from unemployment to work: the channel,
// the placement time and, for most, the registration time, mostly within 72 hours.
func (g *community) emitPlacements(e *emitter, w *words) {
	for i := range g.people {
		p := &g.people[i]
		for m := 1; m < Months; m++ {
			if p.Status[m-1] != Unemployed || (p.Status[m] != Employed && p.Status[m] != Flexible) || !p.WorkingAge(m) {
				continue
			}
			h := hash64(g.seed, uint64(g.c.Index), uint64(i), uint64(m), 3)
			if h%100 >= 55 {
				continue
			}
			h = splitmix(h)
			ch := channels[pickHash(h, channelWeights)]
			if p.Status[m] == Flexible && h%10 < 7 {
				ch = "flexible"
			}
			placed := time.Date(FirstYear, time.Month(m+1), 1+int(h>>8%28), 8+int(h>>16%10), int(h>>24%60), int(h>>32%60), 0, time.UTC)
			requested := ""
			if h>>40%100 < 82 {
				// Registered in office hours: within three days mostly, four to twelve days
				// before for the promises broken.
				days := int(h >> 48 % 3)
				if h>>56%100 < 12 {
					days = 4 + int(h>>48%9)
				}
				day := placed.AddDate(0, 0, -days)
				req := time.Date(day.Year(), day.Month(), day.Day(), 8+int(h>>20%10), int(h>>28%60), int(h>>36%60), 0, time.UTC)
				if req.After(placed) {
					req = req.AddDate(0, 0, -1)
				}
				requested = req.Format("2006-01-02 15:04:05")
			}
			e.row(campaign.Placements, "placements", p.Written, g.c.Code, w.enum(campaign.Channels, ch), requested, placed.Format("2006-01-02 15:04:05"))
		}
	}
}

// pickHash chooses an index by weight from a hash.
func pickHash(h uint64, weights []float64) int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	x := float64(h%1_000_003) / 1_000_003 * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
