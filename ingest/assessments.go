package ingest

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"fullemp/campaign"
)

// scoreRows buffers the streets' basic-work scores (0–100).
type scoreRows struct {
	meta
	codes  *known
	year   []uint16
	street []string
	score  []float64
}

var scoreNames = []string{"year", "street_code", "score"}

func (t *scoreRows) add(r *row, p *problems) {
	c := r.cells
	year := checkYear(p, "year", c[0])
	checkCode(p, "street_code", c[1], 9, t.codes.streets, "street")
	score, err := strconv.ParseFloat(c[2], 64)
	switch {
	case c[2] == "":
		p.add("score", c[2], "required", "必填")
	case err != nil || score != score:
		p.add("score", c[2], "must be a number", "应为数字")
	case score < 0 || score > 100:
		p.add("score", c[2], fmt.Sprintf("must be between 0 and 100, not %g", score), fmt.Sprintf("应在0到100之间，现为 %g", score))
	}
	if !p.none() {
		return
	}
	t.year = append(t.year, year)
	t.street = append(t.street, c[1])
	t.score = append(t.score, score)
	t.addMeta(r)
}

func (t *scoreRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "street_scores", scoreNames, t.year, t.street, t.score)
	t.year, t.street, t.score = t.year[:0], t.street[:0], t.score[:0]
	t.resetMeta()
	return err
}

func (t *scoreRows) touched(map[time.Time]bool) {}

// spotRows buffers the city's December spot checks of communities.
type spotRows struct {
	meta
	codes                   *known
	year                    []uint16
	community, result, note []string
}

var spotNames = []string{"year", "community_code", "result", "note"}

func (t *spotRows) add(r *row, p *problems) {
	c := r.cells
	year := checkYear(p, "year", c[0])
	checkCode(p, "community_code", c[1], 12, t.codes.communities, "community")
	result := checkEnum(p, "result", c[2], campaign.SpotResults)
	if !p.none() {
		return
	}
	t.year = append(t.year, year)
	t.community = append(t.community, c[1])
	t.result = append(t.result, result)
	t.note = append(t.note, c[3])
	t.addMeta(r)
}

func (t *spotRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "spot_checks", spotNames, t.year, t.community, t.result, t.note)
	t.year, t.community, t.result, t.note = t.year[:0], t.community[:0], t.result[:0], t.note[:0]
	t.resetMeta()
	return err
}

func (t *spotRows) touched(map[time.Time]bool) {}
