package synth

import (
	"sort"
	"strconv"

	"fullemp/campaign"
)

// streetGoal is the share of streets meant to meet the street standard each year, main
// urban and outer: T2009-streets (70 %), T2010-streets (90 %) and T2010-outer-streets (50 %)
// met with some room, Chun'an's streets behind.
var streetGoal = [Years][2]float64{
	{0.25, 0.10},
	{0.50, 0.25},
	{0.76, 0.40},
	{0.93, 0.58},
}

// decideScores gives every street a basic-work score for each year. Of the streets that
// pass every other item of the street standard, the strongest (by the plan's street
// readiness) up to the year's goal score 90 or more and the rest fall short; streets
// failing anyway get a spread of scores, mostly passing.
func decideScores(city *City, plan *Plan, figs [][Months]MonthFigures, seed uint64) [][Years]int {
	r := newRand(seed, "scores")
	scores := make([][Years]int, len(city.Streets))
	for y := 0; y < Years; y++ {
		meet := func(c *Community) bool {
			return CommunityResult(&figs[c.Index], FirstYear+y, c.AssessedFrom, plan.spotFailed(c.Index, y)) == ItemNone
		}
		var eligible [2][]*Street
		var total [2]int
		for _, s := range city.Streets {
			g := 0
			if !s.MainUrban() {
				g = 1
			}
			res := streetOutcome(s, y, figs, meet, -1)
			if res != "not assessed" {
				total[g]++
			}
			switch {
			case res == "":
				eligible[g] = append(eligible[g], s)
			case r.IntN(10) < 7:
				scores[s.Index][y] = 90 + r.IntN(10)
			default:
				scores[s.Index][y] = 78 + r.IntN(12)
			}
		}
		for g := range eligible {
			list := eligible[g]
			sort.SliceStable(list, func(a, b int) bool {
				return plan.streetReadiness[list[a].Index] > plan.streetReadiness[list[b].Index]
			})
			goal := int(streetGoal[y][g]*float64(total[g]) + 0.5)
			for k, s := range list {
				if k < goal {
					scores[s.Index][y] = 90 + r.IntN(10)
				} else {
					scores[s.Index][y] = 80 + r.IntN(10)
				}
			}
		}
	}
	return scores
}

// emitRegions writes the regions file: one row per community.
func emitRegions(e *emitter, w *words, city *City) {
	for _, c := range city.Communities {
		s, d := c.Street, c.Street.District
		e.row(campaign.Regions, "regions", d.Code, d.Name, w.enum(campaign.DistrictGroups, d.Group),
			s.Code, s.Name, c.Code, c.Name, w.enum(campaign.CommunityTypes, c.Type()), strconv.Itoa(c.AssessedFrom))
	}
}

// emitScores writes the street scores of every year.
func emitScores(e *emitter, city *City, scores [][Years]int) {
	for y := 0; y < Years; y++ {
		for _, s := range city.Streets {
			e.row(campaign.StreetScores, "street_scores", strconv.Itoa(FirstYear+y), s.Code, strconv.Itoa(scores[s.Index][y]))
		}
	}
}

// emitSpotChecks writes the December spot checks of every year.
func emitSpotChecks(e *emitter, w *words, plan *Plan) {
	for _, sc := range plan.SpotChecks {
		res, note := "pass", ""
		if sc.Fail {
			res, note = "fail", sc.Note
		}
		e.row(campaign.SpotChecks, "spot_checks", strconv.Itoa(sc.Year), sc.Community.Code, w.enum(campaign.SpotResults, res), note)
	}
}
