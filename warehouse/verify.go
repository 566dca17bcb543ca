package warehouse

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"fullemp/campaign"
	"fullemp/spreadsheet"
	fsql "fullemp/sql"
)

var (
	qVerifyMatched  = fsql.MustQuery("verify_matched")
	qVerifyEmployed = fsql.MustQuery("verify_employed")
	qVerifyMonths   = fsql.MustQuery("verify_contribution_months")
)

// NoContributionMonths is how many consecutive months without a contribution put a
// ledger-employed person on the verification list.
const NoContributionMonths = 3

// verifyLookback bounds how far back a run of months without contributions is counted.
const verifyLookback = 12

// Verification returns a community's verification list 协查清单 for a month: the matched
// (ledger unemployed, insured in the month), then the ledger-employed (status employed, not
// flexible) with no contribution for 3+ consecutive months up to the month. Only months that
// have contribution data at all count towards a run (a month never loaded proves nothing).
func (s *Store) Verification(ctx context.Context, community string, month time.Time) ([]VerifyEntry, error) {
	regs, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	if reg, err := regs.region(community); err != nil {
		return nil, err
	} else if reg.Level != LevelCommunity {
		return nil, fmt.Errorf("verification list of %s: not a community: %w", community, ErrUnknownRegion)
	}
	m := monthStart(month)
	day := m.Format("2006-01-02")
	out := []VerifyEntry{}
	rows, err := s.Conn.Query(ctx, qVerifyMatched, day, community, day)
	if err != nil {
		return nil, fmt.Errorf("verification list: matched: %w", err)
	}
	for rows.Next() {
		e := VerifyEntry{CommunityCode: community, Kind: VerifyMatched}
		if err := rows.Scan(&e.IDNumber, &e.Name, &e.HouseholdID, &e.Status, &e.Employers); err != nil {
			rows.Close()
			return nil, fmt.Errorf("verification list: matched: %w", err)
		}
		sort.Strings(e.Employers)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verification list: matched: %w", err)
	}

	var employed []VerifyEntry
	rows, err = s.Conn.Query(ctx, qVerifyEmployed, day, community)
	if err != nil {
		return nil, fmt.Errorf("verification list: employed: %w", err)
	}
	for rows.Next() {
		e := VerifyEntry{CommunityCode: community, Kind: VerifyNoContribution}
		if err := rows.Scan(&e.IDNumber, &e.Name, &e.HouseholdID, &e.Status); err != nil {
			rows.Close()
			return nil, fmt.Errorf("verification list: employed: %w", err)
		}
		employed = append(employed, e)
	}
	rows.Close()
	if len(employed) == 0 {
		return out, nil
	}
	first := m.AddDate(0, -(verifyLookback - 1), 0)
	loaded, err := s.contributionMonths(ctx, first, m)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(employed))
	for i, e := range employed {
		ids[i] = e.IDNumber
	}
	paid := map[string]map[time.Time]bool{}
	rows, err = s.Conn.Query(ctx, qVerifyMonths, first.Format("2006-01-02"), day, ids)
	if err != nil {
		return nil, fmt.Errorf("verification list: contributions: %w", err)
	}
	for rows.Next() {
		var id string
		var months []time.Time
		if err := rows.Scan(&id, &months); err != nil {
			rows.Close()
			return nil, fmt.Errorf("verification list: contributions: %w", err)
		}
		paid[id] = map[time.Time]bool{}
		for _, pm := range months {
			paid[id][monthStart(pm)] = true
		}
	}
	rows.Close()
	for _, e := range employed {
		run := 0
		for pm := m; !pm.Before(first) && loaded[pm] && !paid[e.IDNumber][pm]; pm = pm.AddDate(0, -1, 0) {
			run++
		}
		if run >= NoContributionMonths {
			e.Months = run
			out = append(out, e)
		}
	}
	return out, nil
}

// contributionMonths returns the months in [from, to] that have any contribution data,
// from the table's partitions (no scan).
func (s *Store) contributionMonths(ctx context.Context, from, to time.Time) (map[time.Time]bool, error) {
	parts, err := s.partitions(ctx, "contributions")
	if err != nil {
		return nil, err
	}
	out := map[time.Time]bool{}
	for _, p := range parts {
		pm := time.Date(int(p/100), time.Month(p%100), 1, 0, 0, 0, 0, time.UTC)
		if !pm.Before(from) && !pm.After(to) {
			out[pm] = true
		}
	}
	return out, nil
}

// VerifyCSVHeader is the header WriteVerificationCSV writes.
var VerifyCSVHeader = []string{"community_code", "kind", "类别", "id_number", "name", "household_id", "status", "months_without_contribution", "employers"}

// WriteVerificationCSV writes a verification list as CSV (UTF-8 with a BOM, so Excel in
// China opens it correctly), its text cells neutralised for spreadsheets.
func WriteVerificationCSV(w io.Writer, list []VerifyEntry) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write verification list: %w", err)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(VerifyCSVHeader)
	for _, e := range list {
		kindZH := "比中(台帐失业、有缴费)"
		if e.Kind == VerifyNoContribution {
			kindZH = "台帐就业、连续无缴费"
		}
		months := ""
		if e.Months > 0 {
			months = strconv.Itoa(e.Months)
		}
		// Names, household IDs and employers come from the sources' files: one that a
		// spreadsheet would run as a formula is written behind a single quote.
		_ = cw.Write([]string{e.CommunityCode, e.Kind, kindZH, e.IDNumber, spreadsheet.Text(e.Name), spreadsheet.Text(e.HouseholdID),
			campaign.Statuses.Chinese(e.Status), months, spreadsheet.Text(strings.Join(e.Employers, ";"))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write verification list: %w", err)
	}
	return nil
}
