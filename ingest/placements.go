package ingest

import (
	"context"
	"time"

	"fullemp/campaign"
)

// placementRows buffers assistance and placement events; times are Asia/Shanghai.
type placementRows struct {
	meta
	codes                  *known
	id, community, channel []string
	requested              []*time.Time
	placed                 []time.Time
}

var placementNames = []string{"id_number", "community_code", "channel", "requested_at", "placed_at"}

// datetimeForms and datetimeFormsZH say which datetimes placements accept.
const (
	datetimeForms   = "must be a datetime YYYY-MM-DD HH:MM[:SS] (or YYYY/MM/DD …, or a date) from 1970 on"
	datetimeFormsZH = "时间应为 YYYY-MM-DD HH:MM[:SS]（或 YYYY/MM/DD …，或只写日期），且不早于1970年"
)

func (t *placementRows) add(r *row, p *problems) {
	c := r.cells
	who := checkID(p, c[0], r.number(0))
	checkCode(p, "community_code", c[1], 12, t.codes.communities, "community")
	channel := checkEnum(p, "channel", c[2], campaign.Channels)
	var requested *time.Time
	if v := c[3]; v != "" {
		if at, ok := parseDateTime(v); ok {
			requested = &at
		} else {
			p.add("requested_at", v, datetimeForms, datetimeFormsZH)
		}
	}
	placed, ok := parseDateTime(c[4])
	if !ok {
		if c[4] == "" {
			p.add("placed_at", c[4], "required", "必填")
		} else {
			p.add("placed_at", c[4], datetimeForms, datetimeFormsZH)
		}
	}
	if ok && requested != nil && placed.Before(*requested) {
		p.add("placed_at", c[4], "is before the request ("+c[3]+"): a placement cannot precede its request", "早于申请时间（"+c[3]+"）：安置不能早于申请")
	}
	if !p.none() {
		return
	}
	t.id = append(t.id, who.id)
	t.community = append(t.community, c[1])
	t.channel = append(t.channel, channel)
	t.requested = append(t.requested, requested)
	t.placed = append(t.placed, placed)
	t.addMeta(r)
}

func (t *placementRows) insert(ctx context.Context, ins *inserter) error {
	err := t.send(ctx, ins, "placements", placementNames, t.id, t.community, t.channel, t.requested, t.placed)
	t.id, t.community, t.channel, t.requested, t.placed = t.id[:0], t.community[:0], t.channel[:0], t.requested[:0], t.placed[:0]
	t.resetMeta()
	return err
}

func (t *placementRows) touched(map[time.Time]bool) {}
