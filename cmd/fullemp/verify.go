package main

import (
	"context"
	"fmt"
	"strings"

	"fullemp/warehouse"
)

// reportVerify prints or exports a community's verification list 协查清单 for a month (a
// quarter's or year's: its last month with a ledger).
func reportVerify(ctx context.Context, app *App, args []string) error {
	r := newReportFlags(app, "verify", "verify COMMUNITY --period P [--format table|csv|json] [--out FILE]")
	code, p, err := r.parseAt(app, args, "community")
	if err != nil {
		return err
	}
	s, err := app.Store(ctx)
	if err != nil {
		return err
	}
	sp, err := spanOf(ctx, s, p)
	if err != nil {
		return err
	}
	m := sp.AsOf // the list of the period's last month with a ledger
	list, err := s.Verification(ctx, code, m)
	if err != nil {
		return err
	}
	w, done, err := r.output(app)
	if err != nil {
		return err
	}
	switch r.format {
	case "json":
		err = writeJSON(w, list)
	case "csv":
		err = warehouse.WriteVerificationCSV(w, list)
	default:
		var rows [][]string
		for _, e := range list {
			months := ""
			if e.Months > 0 {
				months = fmt.Sprint(e.Months)
			}
			rows = append(rows, []string{e.Kind, e.IDNumber, e.Name, e.HouseholdID, e.Status, months, strings.Join(e.Employers, ";")})
		}
		fmt.Fprintf(w, "Verification list 协查清单 %s %s: %d\n\n", code, m.Format("2006-01"), len(list))
		err = writeTable(w, "table", []string{"kind", "id_number", "name", "household", "status", "months w/o contribution", "employers"}, rows)
	}
	if err != nil {
		return err
	}
	return done()
}
