package ingest

import (
	"context"
	"time"

	"fullemp/campaign"
)

// ledgerRows buffers ledger rows with the columns derived from the identity number:
// birth_date (YYYYMMDD), male, and age on the month's last day.
type ledgerRows struct {
	meta
	codes                                  *known
	month                                  []time.Time
	id, name, community, household, status []string
	able, willing, hard, card, grad, rural []uint8
	since                                  []time.Time // backing store of sinceP
	sinceP                                 []*time.Time
	training, male, age                    []uint8
	birth                                  []uint32
	months                                 map[time.Time]bool
	lastMonthText                          string // cache: most rows of a file share a month
	lastMonth                              time.Time
	lastY, lastM, lastD                    int
}

var ledgerNames = []string{"month", "id_number", "name", "community_code", "household_id", "status",
	"able", "willing", "hard_to_employ", "assistance_card", "graduate", "rural_labor",
	"unemployed_since", "training_wish", "birth_date", "male", "age"}

func newLedgerRows(m meta, codes *known, size int) *ledgerRows {
	return &ledgerRows{meta: m, codes: codes, months: map[time.Time]bool{},
		since: make([]time.Time, 0, size), sinceP: make([]*time.Time, 0, size)}
}

func (t *ledgerRows) month1(p *problems, v string) time.Time {
	if v == t.lastMonthText && v != "" {
		return t.lastMonth
	}
	m := checkMonth(p, "month", v)
	if !m.IsZero() {
		t.lastMonthText, t.lastMonth = v, m
		end := lastDay(m)
		t.lastY, t.lastM, t.lastD = end.Year(), int(end.Month()), end.Day()
	}
	return m
}

func (t *ledgerRows) add(r *row, p *problems) {
	c := r.cells
	month := t.month1(p, c[0])
	who := checkID(p, c[1], r.number(1))
	required(p, "name", c[2])
	checkCode(p, "community_code", c[3], 12, t.codes.communities, "community")
	required(p, "household_id", c[4])
	status := checkEnum(p, "status", c[5], campaign.Statuses)
	able := checkBool(p, "able", c[6])
	willing := checkBool(p, "willing", c[7])
	hard := checkBool(p, "hard_to_employ", c[8])
	card := checkBool(p, "assistance_card", c[9])
	grad := checkBool(p, "graduate", c[10])
	rural := checkBool(p, "rural_labor", c[11])
	var since time.Time
	if v := c[12]; v != "" {
		var ok bool
		if since, ok = parseDate(v); !ok {
			p.add("unemployed_since", v, "must be a date YYYY-MM-DD or YYYY/MM/DD from 1970 on", "日期应为 YYYY-MM-DD 或 YYYY/MM/DD，且不早于1970年")
		}
	} else if status == "unemployed" {
		p.add("unemployed_since", v, "required when status is unemployed", "就业状态为失业时必填")
	}
	training := checkBool(p, "training_wish", c[13])
	var age int
	if who.id != "" && !month.IsZero() {
		by, bm, bd := int(who.birth/10000), int(who.birth/100%100), int(who.birth%100)
		age = t.lastY - by
		if t.lastM < bm || (t.lastM == bm && t.lastD < bd) {
			age--
		}
		if age < 0 {
			p.add("id_number", c[1], "born after the ledger month "+c[0], "出生日期晚于台帐月份 "+c[0])
		}
	}
	if !p.none() {
		return
	}
	t.month = append(t.month, month)
	if !t.months[month] {
		t.months[month] = true
	}
	t.id = append(t.id, who.id)
	t.name = append(t.name, c[2])
	t.community = append(t.community, c[3])
	t.household = append(t.household, c[4])
	t.status = append(t.status, status)
	t.able = append(t.able, able)
	t.willing = append(t.willing, willing)
	t.hard = append(t.hard, hard)
	t.card = append(t.card, card)
	t.grad = append(t.grad, grad)
	t.rural = append(t.rural, rural)
	if since.IsZero() {
		t.sinceP = append(t.sinceP, nil)
	} else {
		t.since = append(t.since, since)
		t.sinceP = append(t.sinceP, &t.since[len(t.since)-1])
	}
	t.training = append(t.training, training)
	t.birth = append(t.birth, who.birth)
	t.male = append(t.male, who.male)
	if age > 255 {
		age = 255
	}
	t.age = append(t.age, uint8(age))
	t.addMeta(r)
}

func (t *ledgerRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "ledger", ledgerNames, t.month, t.id, t.name, t.community, t.household,
		t.status, t.able, t.willing, t.hard, t.card, t.grad, t.rural, t.sinceP, t.training,
		t.birth, t.male, t.age)
	t.month, t.id, t.name, t.community, t.household = t.month[:0], t.id[:0], t.name[:0], t.community[:0], t.household[:0]
	t.status, t.able, t.willing, t.hard, t.card = t.status[:0], t.able[:0], t.willing[:0], t.hard[:0], t.card[:0]
	t.grad, t.rural, t.training, t.birth, t.male, t.age = t.grad[:0], t.rural[:0], t.training[:0], t.birth[:0], t.male[:0], t.age[:0]
	t.since, t.sinceP = t.since[:0], t.sinceP[:0] // the batch copied the values
	t.resetMeta()
	return err
}

func (t *ledgerRows) touched(months map[time.Time]bool) {
	for m := range t.months {
		months[m] = true
	}
}
