package dashboards

import (
	"context"
	"fmt"
	"strings"

	"fullemp/campaign"
	"fullemp/period"
	"fullemp/standard"
)

// community fills a community's page: its figures, households (zero-employment first),
// residents (ID numbers masked except to community and street users), the verification
// list, and placements with the 72-hour promise. Viewing it is audited.
func (d *Dashboards) community(ctx context.Context, src Source, v *Parts, lang Lang, code string, sp period.Span) error {
	month := sp.AsOf
	f, err := src.PeriodFigures(ctx, code, sp)
	if err != nil {
		return err
	}
	pl := f.Placements // over the period, up to AsOf
	if f.Reporting == 0 {
		v.Notice = fmt.Sprintf("%s: %s", month.Format("2006-01"), T(lang, "missing_month"))
	} else {
		promise := T(lang, "no_requests")
		if pl.Promise.Den > 0 {
			promise = fmt.Sprintf("%.1f%% (%d/%d)", pl.Promise.Percent, pl.Promise.Num, pl.Promise.Den)
		}
		v.Notice = fmt.Sprintf("%s %d · %s %d · %s %d (%s %d) · %s %.1f%% · %s %.1f%% · %s %d · %s %d · %s %s",
			T(lang, "labour_force"), f.LabourForce, T(lang, "target_group"), f.TargetGroup,
			T(lang, "employed"), f.Employed, T(lang, "matched"), f.Matched,
			T(lang, "employment_rate"), f.EmploymentRate.Percent, T(lang, "unemp_rate"), f.RegisteredUnemployment.Percent,
			T(lang, "outstanding"), f.Zero.Outstanding, T(lang, "placements"), pl.Total,
			T(lang, "promise_rate"), promise)
	}
	zc, err := zeroView(ctx, src, code, month, lang)
	if err != nil {
		return err
	}
	v.Charts = append(v.Charts, zc)
	if pl.Total > 0 {
		var names []string
		var counts []uint64
		for _, ch := range pl.Channels {
			name := ch.Channel
			if lang == Zh {
				name = ch.ChannelZH
			}
			names, counts = append(names, name), append(counts, ch.Count)
		}
		cv := snippet(channelBar(T(lang, "by_channel")+" · "+sp.Period.Label(string(lang)), names, counts), "channels", nil, "")
		cv.Wide = true // six channel names side by side
		v.Charts = append(v.Charts, cv)
	}
	v.Tables = []string{"standard", "households", "residents", "verification", "placements"}
	return nil
}

func householdsTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	hs, err := src.Households(ctx, region, month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "households", Title: T(lang, "households"), Note: T(lang, "zero_first"),
		Columns: []string{T(lang, "household"), T(lang, "members"), T(lang, "person"), T(lang, "zero"), T(lang, "labour_force")}}
	for _, h := range hs {
		// Not zero-employment: say so (a blank cell reads as "not filled in").
		z := Cell{Text: T(lang, "no"), Class: "muted"}
		lf := Cell{Text: "—", Class: "muted"}
		if h.Zero {
			z = Cell{Text: T(lang, "zero") + " · " + h.Since.Format("2006-01"), Class: "bad"}
			lf = num(h.LabourForce)
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{idText(h.HouseholdID), inum(h.Members), text(strings.Join(h.Names, "、")), z, lf}})
	}
	return t, nil
}

func residentsTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	rs, err := src.Residents(ctx, region, month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "residents", Title: T(lang, "residents"),
		Columns: []string{T(lang, "id_number"), T(lang, "person"), T(lang, "household"), T(lang, "status"), T(lang, "age"), T(lang, "sex")}}
	if !src.Principal().Role.SeesIDNumbers() {
		t.Note = T(lang, "masked_note")
	}
	for _, r := range rs {
		status, sex := r.Status, "F"
		if lang == Zh {
			status, sex = campaign.Statuses.Chinese(r.Status), "女"
			if r.Male {
				sex = "男"
			}
		} else {
			status = strings.ReplaceAll(status, "_", " ") // out_of_labor_force
			if r.Male {
				sex = "M"
			}
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{idText(r.IDNumber), text(r.Name), idText(r.HouseholdID), text(status), inum(r.Age), text(sex)}})
	}
	return t, nil
}

func verificationTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	list, err := src.Verification(ctx, region, month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "verification", Title: T(lang, "verification"),
		Columns: []string{T(lang, "id_number"), T(lang, "person"), T(lang, "household"), T(lang, "status"), T(lang, "reason"), T(lang, "employers")}}
	for _, e := range list {
		reason := e.Kind
		switch {
		case e.Kind == "matched" && lang == Zh:
			reason = "台帐失业但有社保缴费（比中）"
		case e.Kind == "matched":
			reason = "ledger unemployed, insured in the month (matched)"
		case lang == Zh:
			reason = fmt.Sprintf("台帐就业但连续 %d 个月无社保缴费", e.Months)
		default:
			reason = fmt.Sprintf("ledger employed, no contribution for %d months", e.Months)
		}
		status := strings.ReplaceAll(e.Status, "_", " ")
		if lang == Zh {
			status = campaign.Statuses.Chinese(e.Status)
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{idText(e.IDNumber), text(e.Name), idText(e.HouseholdID), text(status), text(reason), text(strings.Join(e.Employers, ", "))}})
	}
	return t, nil
}

// placementsTable lists the community's placements in the period (up to its AsOf), the
// same placements the period's figures count.
func placementsTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	list, err := src.PlacementList(ctx, region, sp.From(), sp.AsOf.AddDate(0, 1, 0))
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "placements", Title: T(lang, "placements") + " · " + sp.Period.Label(string(lang)),
		Columns: []string{T(lang, "id_number"), T(lang, "channel"), T(lang, "requested_at"), T(lang, "placed_at"), T(lang, "hours"), T(lang, "promise72")}}
	for _, p := range list {
		ch := p.Channel
		if lang == Zh {
			ch = campaign.Channels.Chinese(p.Channel)
		}
		req, hours, kept := Cell{Text: "—", Class: "muted"}, Cell{Text: "—", Class: "muted"}, Cell{Text: "—", Class: "muted"}
		if p.RequestedAt != nil {
			req = text(p.RequestedAt.Format("2006-01-02 15:04"))
			hours = Cell{Text: fmt.Sprintf("%.1f", *p.Hours), Value: *p.Hours, Num: true}
			kept = Cell{Text: T(lang, "kept"), Class: "ok"}
			if !*p.Kept {
				kept = Cell{Text: T(lang, "broken"), Class: "bad"}
			}
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{idText(p.IDNumber), text(ch), req, text(p.PlacedAt.Format("2006-01-02 15:04")), hours, kept}})
	}
	return t, nil
}

// standardTable shows the community standard for the community itself: every item with
// its value, threshold, whether it held and why.
func standardTable(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error) {
	month := sp.AsOf
	st, err := src.Standards(ctx, region, month.Year(), month)
	if err != nil {
		return nil, err
	}
	t := &Table{ID: "standard", Title: T(lang, "own_standard"),
		Columns: []string{T(lang, "items"), T(lang, "value"), T(lang, "threshold"), T(lang, "held"), T(lang, "reason")}}
	for _, c := range st.Communities {
		if c.Code != region {
			continue
		}
		if !c.Assessed {
			t.Note = fmt.Sprintf("%s: %d", T(lang, "assessed"), c.AssessedFrom)
		} else if c.Met {
			t.Title += " · " + T(lang, "met")
		} else {
			t.Title += " · " + T(lang, "not_met")
		}
		for _, it := range c.Items {
			name, reason := it.NameZH, it.ReasonZH
			if lang == En {
				name, reason = it.Name, it.Reason
			}
			th := ""
			if it.ID != "spot_check" { // with the value's unit: 96%, 0
				th = formatValue(standard.Item{ID: it.ID, Value: it.Threshold, Held: true}, lang)
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{text(name), {Text: formatValue(it, lang), Value: itemValue(it), Num: true},
				{Text: th, Num: true}, flag(lang, it.Held), text(reason)}})
		}
	}
	return t, nil
}
