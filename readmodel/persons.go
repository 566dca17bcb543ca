package readmodel

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/account"
	fsql "fullemp/sql"
	"fullemp/warehouse"
)

// persons reads the person-level lists of a community page straight from the input tables
// (the figures are aggregates and do not list people).
type persons struct{ conn driver.Conn }

var (
	qResidents  = fsql.MustQuery("web_residents")
	qHouseholds = fsql.MustQuery("web_households")
	qPlacements = fsql.MustQuery("web_placements")
)

// Resident is one ledger row of a community in a month.
type Resident struct {
	IDNumber     string `json:"id_number"`
	Name         string `json:"name"`
	HouseholdID  string `json:"household_id"`
	Status       string `json:"status"`
	Age          int    `json:"age"`
	Male         bool   `json:"male"`
	Able         bool   `json:"able"`
	Willing      bool   `json:"willing"`
	HardToEmploy bool   `json:"hard_to_employ"`
	Graduate     bool   `json:"graduate"`
	RuralLabour  bool   `json:"rural_labour"`
	// AssistanceCard, TrainingWish and UnemployedSince complete the ledger row (the
	// ledger download holds every column of SPEC §2).
	AssistanceCard  bool       `json:"assistance_card"`
	TrainingWish    bool       `json:"training_wish"`
	UnemployedSince *time.Time `json:"unemployed_since,omitempty"`
}

// Household is a household of a community in a month; Zero marks an outstanding
// zero-employment household (from the figures), Since the month its spell began.
type Household struct {
	HouseholdID string     `json:"household_id"`
	Members     int        `json:"members"`
	Names       []string   `json:"names"`
	Zero        bool       `json:"zero_employment"`
	LabourForce uint64     `json:"labour_force,omitempty"`
	Since       *time.Time `json:"zero_since,omitempty"`
}

// PlacementRow is one placement of a community, with the 72-hour promise when it had a
// request time.
type PlacementRow struct {
	IDNumber    string     `json:"id_number"`
	Channel     string     `json:"channel"`
	RequestedAt *time.Time `json:"requested_at"`
	PlacedAt    time.Time  `json:"placed_at"`
	Hours       *float64   `json:"hours,omitempty"`
	Kept        *bool      `json:"kept_72h,omitempty"`
}

// MaskID hides the middle of an ID number: 330102********1234.
func MaskID(id string) string {
	if len(id) < 10 {
		return "****"
	}
	return id[:6] + "********" + id[len(id)-4:]
}

func notCommunity(code string) error {
	return fmt.Errorf("region %s is not a community: %w", code, account.ErrInvalid)
}

// Residents returns a community's ledger for the month, ID numbers masked unless the
// principal's role sees them. The caller audits the view.
func (s Source) Residents(ctx context.Context, community string, month time.Time) ([]Resident, error) {
	r, _, err := s.check(ctx, community)
	if err != nil {
		return nil, err
	}
	if r.Level != warehouse.LevelCommunity {
		return nil, notCommunity(community)
	}
	rows, err := s.d.ps.conn.Query(ctx, qResidents, community, month.Format("2006-01-02"))
	if err != nil {
		return nil, fmt.Errorf("residents of %s: %w", community, err)
	}
	defer rows.Close()
	var out []Resident
	for rows.Next() {
		var x Resident
		var age, male, able, willing, hard, grad, rural, card, training uint8
		if err := rows.Scan(&x.IDNumber, &x.Name, &x.HouseholdID, &x.Status, &age, &male, &able, &willing, &hard, &grad, &rural,
			&card, &training, &x.UnemployedSince); err != nil {
			return nil, fmt.Errorf("residents of %s: %w", community, err)
		}
		x.Age, x.Male, x.Able, x.Willing = int(age), male == 1, able == 1, willing == 1
		x.HardToEmploy, x.Graduate, x.RuralLabour = hard == 1, grad == 1, rural == 1
		x.AssistanceCard, x.TrainingWish = card == 1, training == 1
		if !s.p.Role.SeesIDNumbers() {
			x.IDNumber = MaskID(x.IDNumber)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Households returns a community's households in the month, zero-employment first.
func (s Source) Households(ctx context.Context, community string, month time.Time) ([]Household, error) {
	r, _, err := s.check(ctx, community)
	if err != nil {
		return nil, err
	}
	if r.Level != warehouse.LevelCommunity {
		return nil, notCommunity(community)
	}
	zero, err := s.ZeroHouseholds(ctx, community, month)
	if err != nil {
		return nil, err
	}
	open := map[string]warehouse.ZeroHousehold{}
	for _, z := range zero {
		open[z.HouseholdID] = z
	}
	rows, err := s.d.ps.conn.Query(ctx, qHouseholds, community, month.Format("2006-01-02"))
	if err != nil {
		return nil, fmt.Errorf("households of %s: %w", community, err)
	}
	defer rows.Close()
	var out []Household
	for rows.Next() {
		var h Household
		var n uint64
		if err := rows.Scan(&h.HouseholdID, &n, &h.Names); err != nil {
			return nil, fmt.Errorf("households of %s: %w", community, err)
		}
		h.Members = int(n)
		// groupArray has no order of its own (it differs between ClickHouse versions).
		sort.Strings(h.Names)
		if z, ok := open[h.HouseholdID]; ok {
			since := z.Since
			h.Zero, h.LabourForce, h.Since = true, z.LabourForce, &since
		}
		out = append(out, h)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Zero && !out[j].Zero })
	return out, rows.Err()
}

// PlacementList returns a community's placements in [from, to) with the 72-hour promise.
func (s Source) PlacementList(ctx context.Context, community string, from, to time.Time) ([]PlacementRow, error) {
	r, _, err := s.check(ctx, community)
	if err != nil {
		return nil, err
	}
	if r.Level != warehouse.LevelCommunity {
		return nil, notCommunity(community)
	}
	const layout = "2006-01-02 15:04:05"
	rows, err := s.d.ps.conn.Query(ctx, qPlacements, community, from.Format(layout), to.Format(layout))
	if err != nil {
		return nil, fmt.Errorf("placements of %s: %w", community, err)
	}
	defer rows.Close()
	var out []PlacementRow
	for rows.Next() {
		var p PlacementRow
		if err := rows.Scan(&p.IDNumber, &p.Channel, &p.RequestedAt, &p.PlacedAt); err != nil {
			return nil, fmt.Errorf("placements of %s: %w", community, err)
		}
		if p.RequestedAt != nil {
			h := p.PlacedAt.Sub(*p.RequestedAt).Hours()
			kept := p.PlacedAt.Sub(*p.RequestedAt) <= 72*time.Hour
			p.Hours, p.Kept = &h, &kept
		}
		if !s.p.Role.SeesIDNumbers() {
			p.IDNumber = MaskID(p.IDNumber)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
