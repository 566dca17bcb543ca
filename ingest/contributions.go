package ingest

import (
	"context"
	"time"
)

// contributionRows buffers social-insurance contribution records.
type contributionRows struct {
	meta
	month                      []time.Time
	id, employer, employerName []string
	months                     map[time.Time]bool
}

var contributionNames = []string{"month", "id_number", "employer_code", "employer_name"}

func (t *contributionRows) add(r *row, p *problems) {
	c := r.cells
	month := checkMonth(p, "month", c[0])
	who := checkID(p, c[1], r.number(1))
	if v := c[2]; v == "" {
		p.add("employer_code", v, "required", "必填")
	} else if !validEmployer(v) {
		p.add("employer_code", v, "must be an 18-character unified social credit code or a local code of 8–15 letters and digits", "应为18位统一社会信用代码，或8–15位字母数字的本地单位代码")
	}
	if !p.none() {
		return
	}
	t.month = append(t.month, month)
	t.months[month] = true
	t.id = append(t.id, who.id)
	t.employer = append(t.employer, c[2])
	t.employerName = append(t.employerName, c[3])
	t.addMeta(r)
}

func (t *contributionRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "contributions", contributionNames, t.month, t.id, t.employer, t.employerName)
	t.month, t.id, t.employer, t.employerName = t.month[:0], t.id[:0], t.employer[:0], t.employerName[:0]
	t.resetMeta()
	return err
}

func (t *contributionRows) touched(months map[time.Time]bool) {
	for m := range t.months {
		months[m] = true
	}
}
