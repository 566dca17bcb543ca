// Package bulletin writes the campaign's periodic statistical bulletins (统计月报 · 季报 ·
// 年报) from the warehouse's figures: the content is built once as a typed value, every
// number in it kept with the figure it came from, and each format (HTML for A4 print, PDF,
// XLSX annex, Markdown) is a small renderer of that value. A published bulletin is a frozen
// vintage: its content and its rendered files are stored and never change again.
package bulletin

import (
	"strconv"
	"time"

	"fullemp/warehouse"
)

// Bulletin is one bulletin's content.
type Bulletin struct {
	Lang        string           `json:"lang"` // "zh" or "en"
	Title       string           `json:"title"`
	Area        warehouse.Region `json:"area"`
	Period      string           `json:"period"` // as period.Parse reads it
	PeriodLabel string           `json:"period_label"`
	Issue       int              `json:"issue"` // 第N期 of the year
	Issuer      string           `json:"issuer"`
	Released    time.Time        `json:"released"`
	// Vintage is 0 for a draft, then 1, 2, … for each publication of the same period.
	Vintage int    `json:"vintage"`
	Status  Status `json:"status"`
	// Numbers holds every figure the bulletin states, by key: sentences, tables and
	// revisions all read them from here.
	Numbers   map[string]Number `json:"numbers"`
	Sections  []Section         `json:"sections"`
	Tables    []Table           `json:"tables"`
	Charts    []Chart           `json:"charts"`
	Notes     []string          `json:"notes"`   // 注释 / 指标解释
	Sources   []string          `json:"sources"` // 数据来源
	Revisions []string          `json:"revisions,omitempty"`
	// FilesSince names the input files ingested since the vintage this one revises.
	FilesSince []string `json:"files_since,omitempty"`
}

// Status is a release's standing: a draft, preliminary (初步), revised (修订) or final (终值).
type Status string

const (
	Draft       Status = "draft"
	Preliminary Status = "preliminary"
	Revised     Status = "revised"
	Final       Status = "final"
)

// Label names the status in lang.
func (s Status) Label(lang string) string {
	zh := map[Status]string{Draft: "草稿", Preliminary: "初步", Revised: "修订", Final: "终值"}
	if lang == "en" {
		return string(s)
	}
	return zh[s]
}

// Number is one figure of the bulletin: its value, unit and where it came from.
type Number struct {
	Key      string  `json:"key"`
	Label    string  `json:"label"` // what it counts, in the bulletin's language, e.g. 达标社区数
	Value    float64 `json:"value"`
	Unit     string  `json:"unit"`     // 个, 户, 人, %, 百分点
	Decimals int     `json:"decimals"` // shown with this many decimals
	// Source names the figure of the warehouse it equals, e.g. "progress.communities_met".
	Source string `json:"source"`
	// Revised is set on a vintage whose value differs from the vintage it revises.
	Revised bool `json:"revised,omitempty"`
}

// Text is the number as the bulletin writes it, without its unit.
func (n Number) Text() string { return strconv.FormatFloat(n.Value, 'f', n.Decimals, 64) }

// Section is one numbered part: 一、总体情况 and so on.
type Section struct {
	No         string   `json:"no"` // 一、
	Title      string   `json:"title"`
	Paragraphs []string `json:"paragraphs"`
	Tables     []int    `json:"tables,omitempty"` // indexes into Bulletin.Tables
	Charts     []int    `json:"charts,omitempty"`
}

// Table is a numbered table (表1 …); each becomes a sheet of the XLSX annex.
type Table struct {
	No      int      `json:"no"`
	Title   string   `json:"title"`
	Sheet   string   `json:"sheet"` // the annex's sheet name
	Unit    string   `json:"unit,omitempty"`
	Columns []string `json:"columns"`
	Rows    [][]Cell `json:"rows"`
	// Total marks the last row as the 合计 row.
	Total bool `json:"total,omitempty"`
}

// Cell is a table cell: text, or one of the bulletin's numbers by key.
type Cell struct {
	Text string `json:"text,omitempty"`
	Key  string `json:"key,omitempty"`
	// ID marks an identifier (a region code): text in every format, never a number.
	ID bool `json:"id,omitempty"`
	// Class is "green", "amber" or "red" for a status cell.
	Class string `json:"class,omitempty"`
}

// Chart is a numbered bar chart (图1 …), drawn as SVG so that it prints sharp.
type Chart struct {
	No     int       `json:"no"`
	Title  string    `json:"title"`
	Unit   string    `json:"unit"`
	Labels []string  `json:"labels"`
	Values []float64 `json:"values"`
	// Targets holds each bar's own target (a marker per bar); NaN-free: -1 for none.
	Targets []float64 `json:"targets"`
}

// Value returns the text of a cell in b.
func (b *Bulletin) Value(c Cell) string {
	if c.Key == "" {
		return c.Text
	}
	return b.Numbers[c.Key].Text()
}
