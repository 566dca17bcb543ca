package dashboards

import (
	"context"
	"time"

	"fullemp/readmodel"
)

// Beijing is the time the city's officials read: UTC+8, no daylight saving.
var Beijing = time.FixedZone("CST", 8*3600)

// ingestedText says when data were last ingested, in Beijing time.
func ingestedText(lang Lang, at time.Time, ok bool) string {
	if !ok {
		return T(lang, "never_ingested")
	}
	return at.In(Beijing).Format("2006-01-02 15:04") + T(lang, "beijing_time")
}

// ledgerMonthCell is a community's last ledger month as a table cell ("—" when none).
func ledgerMonthCell(ctx context.Context, src readmodel.Source, community string) (Cell, error) {
	m, ok, err := src.LastLedgerMonth(ctx, community)
	if err != nil || !ok {
		return Cell{Text: "—", Class: "muted"}, err
	}
	return text(m.Format("2006-01")), nil
}
