package campaign

import "strings"

// Kind names one of the six input files of SPEC §2.
type Kind string

// The input kinds, in the order a city loads them (regions first: the others refer to it).
const (
	Regions       Kind = "regions"
	Ledger        Kind = "ledger"
	Contributions Kind = "contributions"
	Placements    Kind = "placements"
	StreetScores  Kind = "street_scores"
	SpotChecks    Kind = "spot_checks"
)

// Kinds lists every kind in load order.
var Kinds = []Kind{Regions, Ledger, Contributions, Placements, StreetScores, SpotChecks}

// Column is one column of an input kind: its canonical English header, its Chinese alias,
// and whether a row must give it a value.
type Column struct {
	Name     string
	Alias    string
	Required bool
}

// Columns lists each kind's columns in SPEC order; ingest matches headers against Name or
// Alias, case-insensitively, and the generator writes them in this order.
var Columns = map[Kind][]Column{
	Regions: {
		{"district_code", "区县代码", true},
		{"district_name", "区县名称", true},
		{"district_group", "区县分组", true},
		{"street_code", "街道代码", true},
		{"street_name", "街道名称", true},
		{"community_code", "社区代码", true},
		{"community_name", "社区名称", true},
		{"community_type", "社区类型", true},
		{"assessed_from", "纳入考核年份", true},
	},
	Ledger: {
		{"month", "月份", true},
		{"id_number", "身份证号", true},
		{"name", "姓名", true},
		{"community_code", "社区代码", true},
		{"household_id", "户号", true},
		{"status", "就业状态", true},
		{"able", "有劳动能力", true},
		{"willing", "有就业愿望", true},
		{"hard_to_employ", "就业困难人员", true},
		{"assistance_card", "就业援助证", true},
		{"graduate", "高校毕业生", true},
		{"rural_labor", "农村劳动力", true},
		{"unemployed_since", "失业日期", false},
		{"training_wish", "培训意向", true},
	},
	Contributions: {
		{"month", "缴费月份", true},
		{"id_number", "身份证号", true},
		{"employer_code", "单位代码", true},
		{"employer_name", "单位名称", false},
	},
	Placements: {
		{"id_number", "身份证号", true},
		{"community_code", "社区代码", true},
		{"channel", "帮扶方式", true},
		{"requested_at", "求职登记时间", false},
		{"placed_at", "上岗时间", true},
	},
	StreetScores: {
		{"year", "年度", true},
		{"street_code", "街道代码", true},
		{"score", "得分", true},
	},
	SpotChecks: {
		{"year", "年度", true},
		{"community_code", "社区代码", true},
		{"result", "结果", true},
		{"note", "备注", false},
	},
}

// Key lists the columns that identify a row of the kind: a later row with the same key
// replaces the earlier one.
var Key = map[Kind][]string{
	Regions:       {"community_code"},
	Ledger:        {"month", "id_number"},
	Contributions: {"month", "id_number", "employer_code"},
	Placements:    {"id_number", "placed_at"},
	StreetScores:  {"year", "street_code"},
	SpotChecks:    {"year", "community_code"},
}

// Headers returns the kind's canonical English headers in SPEC order.
func (k Kind) Headers() []string {
	cols := Columns[k]
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// ChineseHeaders returns the kind's Chinese headers in SPEC order.
func (k Kind) ChineseHeaders() []string {
	cols := Columns[k]
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Alias
	}
	return out
}

// Valid reports whether k is one of the six kinds.
func (k Kind) Valid() bool {
	_, ok := Columns[k]
	return ok
}

// ColumnIndex returns the position of the column whose English name or Chinese alias is
// header (case-insensitive, surrounding space ignored), or -1.
func (k Kind) ColumnIndex(header string) int {
	h := strings.ToLower(strings.TrimSpace(header))
	for i, c := range Columns[k] {
		if h == c.Name || h == c.Alias {
			return i
		}
	}
	return -1
}
