package warehouse

// The campaign's figures (SPEC §3–5), read from the per-month, per-community aggregates that
// Refresh keeps; no figure scans the ledger.
//
// Go API (stable names; the dashboards and the JSON API build on it):
//
//	// Regions: city "3301", district group ("main_urban", "xiaoshan", "yuhang", "county"),
//	// district (6 digits), street (9), community (12); children by code prefix.
//	func (s *Store) Regions(ctx) (*Regions, error)
//	func (r *Regions) Lookup(code string) (Region, bool)
//	func (r *Regions) Children(code string) []Region      // city → groups → districts → streets → communities
//	func (r *Regions) Communities(code string) []standard.Community
//	func (r *Regions) Path(code string) []Region           // breadcrumbs, city first
//
//	func (s *Store) LedgerMonths(ctx) ([]time.Time, error) // months with any ledger, oldest first
//	func (s *Store) Figures(ctx, code string, month time.Time) (Figures, error)
//	func (s *Store) ChildFigures(ctx, code string, month time.Time) ([]Figures, error)
//	func (s *Store) ZeroSeries(ctx, code string, from, to time.Time) ([]ZeroMonth, error)
//	func (s *Store) ZeroHouseholds(ctx, code string, month time.Time) ([]ZeroHousehold, error)
//	func (s *Store) Placements(ctx, code string, from, to time.Time) (Placements, error)
//	func (s *Store) Standards(ctx, cfg standard.Config, year int, asOf time.Time, code string) (Standards, error)
//	func (s *Store) Progress(ctx, cfg standard.Config, year int, asOf time.Time, code string) (Progress, error)
//	func (s *Store) Verification(ctx, community string, month time.Time) ([]VerifyEntry, error)
//	func WriteVerificationCSV(w io.Writer, list []VerifyEntry) error
//	func (s *Store) Refresh(ctx, Changes) error           // called by ingest; RefreshAll rebuilds every month
//
//	// The rules, pure Go (package standard): Config/Default/Validate, EvaluateCommunity,
//	// EvaluateStreet, EvaluateTarget, Project, Sample, AtLeast, Percent.
//
// Months are the first day of the month in UTC. The hierarchy is read again at most every
// 5 s per Store (at once after a refresh that loaded regions in this process). A region code that does not exist gives an
// error wrapping ErrUnknownRegion. A community without ledger rows for a month has no
// figures for it: it is listed in Figures.Missing and never filled in from another month.
// Rates carry their numerator and denominator and are compared with thresholds exactly
// (standard.AtLeast); Percent is for display, rounded to one decimal.

import (
	"errors"
	"time"

	"fullemp/standard"
)

// ErrUnknownRegion is wrapped by every figure call given a code that names no region.
var ErrUnknownRegion = errors.New("unknown region")

// Rate is a share with its parts; Percent is rounded to one decimal for display.
type Rate struct {
	Num     uint64  `json:"num"`
	Den     uint64  `json:"den"`
	Percent float64 `json:"percent"`
}

// NewRate builds a rate; ifEmpty is the percent shown for an empty denominator (SPEC: an
// empty target group counts as 100 %, an empty registered-unemployment base as 0).
func NewRate(num, den uint64, ifEmpty float64) Rate {
	return Rate{Num: num, Den: den, Percent: standard.Percent(num, den, ifEmpty)}
}

// Figures are the figures of SPEC §3 for one region and month, summed over the region's
// communities that have a ledger for the month.
type Figures struct {
	Region Region    `json:"region"`
	Month  time.Time `json:"month"`
	// Communities counts the region's communities; Reporting those with a ledger for the
	// month; Missing lists the others' codes (sorted). No community reporting: no figures.
	Communities int      `json:"communities"`
	Reporting   int      `json:"reporting"`
	Missing     []string `json:"missing"`

	Persons     uint64 `json:"persons"`    // ledger rows
	Households  uint64 `json:"households"` // households with a ledger row
	LabourForce uint64 `json:"labour_force"`
	// LabourForceEmployed counts effectively employed members of the labour force.
	LabourForceEmployed uint64 `json:"labour_force_employed"`
	TargetGroup         uint64 `json:"target_group"`
	// Employed counts effectively employed members of the target group: LedgerEmployed
	// (status employed or flexible) plus Matched (ledger unemployed, insured in the month).
	Employed       uint64 `json:"employed"`
	LedgerEmployed uint64 `json:"ledger_employed"`
	Matched        uint64 `json:"matched"`
	// MatchedAll counts every matched person on the ledger, in the target group or not:
	// the first part of the verification list.
	MatchedAll     uint64 `json:"matched_all"`
	EmploymentRate Rate   `json:"employment_rate"`
	// RegisteredUnemployment: (labour force, status unemployed, not matched) ÷
	// (labour force effectively employed + those unemployed).
	RegisteredUnemployment Rate `json:"registered_unemployment"`
	// Age4050 counts working-age women ≥ 40 and men ≥ 50 (any status); Age4050Employed
	// those of them effectively employed.
	Age4050         uint64 `json:"age_4050"`
	Age4050Employed uint64 `json:"age_4050_employed"`
	// HardToEmploy counts labour-force members flagged hard to employ; HardToEmployEmployed
	// those of them effectively employed.
	HardToEmploy         uint64    `json:"hard_to_employ"`
	HardToEmployEmployed uint64    `json:"hard_to_employ_employed"`
	LongTermUnemployed   uint64    `json:"long_term_unemployed"`
	GraduateRate         Rate      `json:"graduate_rate"`
	RuralLabourRate      Rate      `json:"rural_labour_rate"`
	Zero                 ZeroMonth `json:"zero"`
}

// ZeroMonth counts zero-employment households of a region in a month (SPEC §3): formed,
// eliminated and outstanding, over its communities with a ledger for the month.
type ZeroMonth struct {
	Month       time.Time `json:"month"`
	Formed      uint64    `json:"formed"`
	Eliminated  uint64    `json:"eliminated"`
	Outstanding uint64    `json:"outstanding"`
	// Reporting and Missing count the region's communities with and without a ledger.
	Reporting int `json:"reporting"`
	Missing   int `json:"missing"`
}

// ZeroHousehold is an outstanding zero-employment household in a month.
type ZeroHousehold struct {
	CommunityCode string `json:"community_code"`
	HouseholdID   string `json:"household_id"`
	LabourForce   uint64 `json:"labour_force"`
	// Since is the month the household's current zero-employment spell was formed.
	Since time.Time `json:"since"`
}

// Placements counts a region's placements by channel (六个一批) over [From, To] months and
// the 72-hour promise: placements with requested_at, of which placed within 72 hours.
type Placements struct {
	Region   Region         `json:"region"`
	From     time.Time      `json:"from"`
	To       time.Time      `json:"to"`
	Total    uint64         `json:"total"`
	Channels []ChannelCount `json:"channels"`
	Promise  Rate           `json:"promise_72h"`
}

// ChannelCount is the number of placements through one of the six channels.
type ChannelCount struct {
	Channel   string `json:"channel"`
	ChannelZH string `json:"channel_zh"`
	Count     uint64 `json:"count"`
}

// Standards is SPEC §4 evaluated for a year as of a month, for the communities and streets
// within a region (the city: all), each with its items' values, thresholds and reasons.
type Standards struct {
	Region      Region                     `json:"region"`
	Year        int                        `json:"year"`
	AsOf        time.Time                  `json:"as_of"`
	Communities []standard.CommunityResult `json:"communities"`
	Streets     []standard.StreetResult    `json:"streets"`
}

// Progress is the targets of SPEC §5 for a year as of a month, restricted to a region (a
// target whose scope does not meet the region is left out), with the standards' summary.
type Progress struct {
	Region  Region                  `json:"region"`
	Year    int                     `json:"year"`
	AsOf    time.Time               `json:"as_of"`
	Targets []standard.TargetResult `json:"targets"`
	// OwnTarget is the ID of the target the region's bar, league row and RAG dot are judged
	// on (standard.Own); empty when its year has none.
	OwnTarget string `json:"own_target"`
	// CommunityHistory and StreetHistory are the assessed communities (streets) meeting the
	// standard as of each month from January, whether or not the year has a target.
	CommunityHistory []standard.Point `json:"community_history"`
	StreetHistory    []standard.Point `json:"street_history"`
	// Summary of the standards in the region as of the month.
	CommunitiesAssessed int `json:"communities_assessed"`
	CommunitiesMet      int `json:"communities_met"`
	ConvertedAssessed   int `json:"converted_assessed"`
	ConvertedMet        int `json:"converted_met"`
	StreetsAssessed     int `json:"streets_assessed"`
	StreetsMet          int `json:"streets_met"`
	// MetZeroFormed and MetZeroEliminated count the zero-employment households formed and
	// eliminated from January to the as-of month in the communities meeting the standard.
	MetZeroFormed     uint64 `json:"met_zero_formed"`
	MetZeroEliminated uint64 `json:"met_zero_eliminated"`
	// MissingLedger lists assessed communities without a ledger for the as-of month.
	MissingLedger []string `json:"missing_ledger"`
}

// VerifyEntry is one line of a community's verification list 协查清单 for a month.
type VerifyEntry struct {
	CommunityCode string `json:"community_code"`
	IDNumber      string `json:"id_number"`
	Name          string `json:"name"`
	HouseholdID   string `json:"household_id"`
	Status        string `json:"status"` // ledger status in the month
	// Kind is "matched" (ledger unemployed, insured in the month) or "no_contribution"
	// (ledger employed, not flexible, no contribution for Months consecutive months up to
	// the month, at least 3).
	Kind      string   `json:"kind"`
	Months    int      `json:"months,omitempty"`
	Employers []string `json:"employers,omitempty"`
}

// Verification kinds.
const (
	VerifyMatched        = "matched"
	VerifyNoContribution = "no_contribution"
)
