package dashboards

import (
	"context"
	"fmt"
	"time"

	"fullemp/account"
	"fullemp/period"
)

// TableFunc builds one table of a page for a region and period, reading through src.
type TableFunc func(ctx context.Context, src Source, region string, sp period.Span, lang Lang) (*Table, error)

// Tables lists every downloadable table by id; the pages and the export routes both build
// them from here, so a download holds exactly what the page shows to the same user.
var Tables = map[string]TableFunc{
	"targets":      targetsTable,
	"league":       leagueTable,
	"missing":      missingTable,
	"streets":      streetsTable,
	"communities":  communitiesTable,
	"standard":     standardTable,
	"households":   householdsTable,
	"residents":    residentsTable,
	"verification": verificationTable,
	"placements":   placementsTable,
}

// PersonLevel lists the tables whose view or download is audited as a person-level view.
var PersonLevel = map[string]string{
	"residents":    account.ActionResidents,
	"verification": account.ActionVerify,
	"households":   account.ActionHouseholds,
	"placements":   account.ActionPlacements,
}

// BuildTable builds the table id for the request's principal.
func BuildTable(ctx context.Context, src Source, id, region string, sp period.Span, lang Lang) (*Table, error) {
	f, ok := Tables[id]
	if !ok {
		return nil, fmt.Errorf("table %q: %w", id, account.ErrNotFound)
	}
	if _, _, err := src.check(ctx, region); err != nil {
		return nil, err
	}
	return f(ctx, src, region, sp, lang)
}

// yearStart is January of month's year.
func yearStart(m time.Time) time.Time { return time.Date(m.Year(), 1, 1, 0, 0, 0, 0, time.UTC) }
