package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"fullemp/campaign"
	"fullemp/idcard"
)

// row is one data row on its way into a table: its cells in the kind's column order
// (campaign.Columns; "" for a column the file lacks), its 1-based data row number and the
// version it is stored with.
type row struct {
	cells   []string
	n       uint32
	version uint64
	// numbers marks the cells that were number cells of an XLSX, in the identifier
	// columns (bit k: column k of the kind), see numberCells.
	numbers uint64
}

// number reports whether column k of the row came from a number cell.
func (r *row) number(k int) bool { return r.numbers&(1<<uint(k)) != 0 }

// problems collects every broken column of one row; a row with problems is quarantined.
type problems struct {
	cols, vals, reasons []string
	list                []Problem
}

// Problem is one broken cell of a rejected row: its column (the kind's canonical name,
// or "(row)"), its value, and why, in English and in Chinese, so that a page shows the
// reason in its own language.
type Problem struct {
	Column  string `json:"column"`
	Value   string `json:"value"`
	English string `json:"en"`
	Chinese string `json:"zh"`
}

// add records a broken cell: its column, its value and why, in English and in Chinese
// (the workers who fix the rows read Chinese first): "column: reason · 原因".
func (p *problems) add(col, val, en, zh string) {
	p.cols = append(p.cols, col)
	p.vals = append(p.vals, val)
	p.reasons = append(p.reasons, col+": "+en+" · "+zh)
	p.list = append(p.list, Problem{Column: col, Value: val, English: en, Chinese: zh})
}

func (p *problems) reset() {
	p.cols, p.vals, p.reasons, p.list = p.cols[:0], p.vals[:0], p.reasons[:0], p.list[:0]
}

func (p *problems) none() bool { return len(p.cols) == 0 }

// column, value and reason render the problems as quarantine fields.
func (p *problems) column() string { return strings.Join(p.cols, ",") }
func (p *problems) value() string  { return strings.Join(p.vals, " | ") }
func (p *problems) reason() string { return strings.Join(p.reasons, "; ") }

// table is one worker's columnar buffer for a kind: add validates a row and appends it
// when it has no problems; insert sends the buffered rows as one batch and empties it.
type table interface {
	add(r *row, p *problems)
	len() int
	insert(ctx context.Context, ins *inserter) error
	// touched adds the first day of every month with buffered-and-sent rows to months
	// (ledger and contributions; the other kinds have no month).
	touched(months map[time.Time]bool)
}

// known holds the region codes other kinds must refer to (regions FINAL).
type known struct {
	communities map[string]struct{}
	streets     map[string]struct{}
	// padded holds, by community, the household IDs with leading zeros of the run's ledger
	// files published so far (households.go).
	padded map[string][]string
}

// newTable returns an empty buffer for kind k with room for size rows.
func newTable(k campaign.Kind, fileID uint64, codes *known, size int) table {
	m := meta{fileID: fileID}
	switch k {
	case campaign.Regions:
		return &regionRows{meta: m}
	case campaign.Ledger:
		return newLedgerRows(m, codes, size)
	case campaign.Contributions:
		return &contributionRows{meta: m, months: map[time.Time]bool{}}
	case campaign.Placements:
		return &placementRows{meta: m, codes: codes}
	case campaign.StreetScores:
		return &scoreRows{meta: m, codes: codes}
	case campaign.SpotChecks:
		return &spotRows{meta: m, codes: codes}
	}
	panic("ingest: no table for kind " + string(k))
}

// meta holds the columns every input table ends with: file_id, source_row, version.
type meta struct {
	fileID  uint64
	fileIDs []uint64
	rows    []uint32
	vers    []uint64
}

func (m *meta) addMeta(r *row) {
	m.fileIDs = append(m.fileIDs, m.fileID)
	m.rows = append(m.rows, r.n)
	m.vers = append(m.vers, r.version)
}

func (m *meta) resetMeta() { m.fileIDs, m.rows, m.vers = m.fileIDs[:0], m.rows[:0], m.vers[:0] }

func (m *meta) len() int { return len(m.rows) }

// send appends columns (in the order of names, then file_id, source_row, version) to the
// worker's open INSERT into table as one columnar block.
func (m *meta) send(ctx context.Context, ins *inserter, table string, names []string, cols ...any) error {
	if len(m.rows) == 0 {
		return nil
	}
	if ins.into != "" {
		table = ins.into
	}
	return ins.block(ctx, "INSERT INTO "+table+" ("+strings.Join(names, ", ")+", file_id, source_row, version)",
		append(cols, m.fileIDs, m.rows, m.vers))
}

// inserter keeps one INSERT open per worker: each buffer of rows goes out as one block
// (Flush), and the server squashes the blocks of an INSERT into parts of about a million
// rows (min_insert_block_size_rows), so a file makes few parts, and few merges, while a
// worker holds only one batch in memory. The rows are committed when the INSERT ends.
type inserter struct {
	conn  driver.Conn
	batch driver.Batch
	query string
	each  bool   // end the INSERT after every block (tests use it to leave a partial load)
	into  string // the table the rows go to in place of the kind's (the file's staging table)
}

func (ins *inserter) block(ctx context.Context, query string, cols []any) error {
	if ins.batch == nil {
		b, err := ins.conn.PrepareBatch(ctx, query)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", query, err)
		}
		ins.batch, ins.query = b, query
	}
	for i, c := range cols {
		if err := ins.batch.Column(i).Append(c); err != nil {
			ins.abort()
			return fmt.Errorf("%s: column %d: %w", query, i, err)
		}
	}
	if ins.each {
		return ins.finish()
	}
	if err := ins.batch.Flush(); err != nil {
		ins.abort()
		return fmt.Errorf("%s: %w", query, err)
	}
	return nil
}

// finish ends the open INSERT, committing its rows.
func (ins *inserter) finish() error {
	if ins.batch == nil {
		return nil
	}
	b := ins.batch
	ins.batch = nil
	if err := b.Send(); err != nil {
		return fmt.Errorf("%s: %w", ins.query, err)
	}
	return nil
}

// abort drops the open INSERT and what it has not committed.
func (ins *inserter) abort() {
	if ins.batch != nil {
		_ = ins.batch.Abort()
		ins.batch = nil
	}
}

// checkID normalizes an identity number, or records why it is not valid. number says the
// cell was a number cell of an XLSX: a spreadsheet keeps 15 significant digits of a
// number, so an 18-digit ID number in one has lost its last digits, or loses them when the
// file is next saved; it is rejected whatever its digits, since the damaged ones pass the
// check digit one time in eleven.
func checkID(p *problems, v string, number bool) person {
	if v == "" {
		p.add("id_number", v, "required", "必填")
		return person{}
	}
	if number {
		p.add("id_number", v, "the cell is a number, not text: a spreadsheet (Excel, WPS) keeps only 15 digits of a number, so the ID number's last digits are lost, or will be when the file is saved; format the column as text (Format Cells → Text) and enter the ID numbers again",
			"身份证号单元格是数字而不是文本：电子表格（如 Excel、WPS）只保留数字的前 15 位，身份证号后几位已经或将会丢失；请将该列设置为“文本”格式（设置单元格格式 → 文本）后重新录入身份证号")
		return person{}
	}
	if scientific(v) {
		p.add("id_number", v, "a spreadsheet (Excel) turned the number into scientific notation and dropped its last digits: format the column as text and enter the numbers again",
			"身份证号被电子表格（如 Excel）改成了科学计数法，后几位已丢失：请将该列设置为“文本”格式后重新录入")
		return person{}
	}
	who, err := readID(v)
	if err != nil {
		p.add("id_number", v, err.Error(), idcard.Chinese(err))
	}
	return who
}

// scientific reports a number in a spreadsheet's scientific notation (3.30102E+17,
// 3.30102e17): what Excel shows, and saves, for an 18-digit number in a General column.
func scientific(v string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E")
	if !ok || mant == "" || exp == "" {
		return false
	}
	exp = strings.TrimPrefix(exp, "+")
	if exp == "" || strings.Trim(exp, "0123456789") != "" {
		return false
	}
	whole, frac, _ := strings.Cut(mant, ".")
	return whole != "" && strings.Trim(whole, "0123456789") == "" && strings.Trim(frac, "0123456789") == ""
}

// required records an empty required cell.
func required(p *problems, col, v string) {
	if v == "" {
		p.add(col, v, "required", "必填")
	}
}

// whatZH names checkCode's region levels in Chinese.
var whatZH = map[string]string{"community": "社区", "street": "街道"}

// checkCode checks a region code's shape (n digits) and that it is known.
func checkCode(p *problems, col, v string, n int, set map[string]struct{}, what string) {
	switch {
	case v == "":
		p.add(col, v, "required", "必填")
	case !digits(v, n):
		p.add(col, v, fmt.Sprintf("must be %d digits", n), fmt.Sprintf("应为%d位数字", n))
	default:
		if _, ok := set[v]; !ok {
			p.add(col, v, "unknown "+what+": no "+what+" "+v+" exists (not in regions)", whatZH[what]+" "+v+" 不存在（区划中没有这个"+whatZH[what]+"）")
		}
	}
}

// checkEnum parses an enumeration value in either language.
func checkEnum(p *problems, col, v string, e campaign.Enum) string {
	if v == "" {
		p.add(col, v, "required", "必填")
		return ""
	}
	s, ok := parseEnum(e, v)
	if !ok {
		p.add(col, v, "must be one of "+enumWords(e), "应为其中之一："+enumWordsZH(e))
	}
	return s
}

// checkBool parses a required boolean.
func checkBool(p *problems, col, v string) uint8 {
	b, ok := parseBool(v)
	if !ok {
		if v == "" {
			p.add(col, v, "required", "必填")
		} else {
			p.add(col, v, "must be Y/N, 1/0, true/false or 是/否", "应为 是/否、Y/N、1/0 或 true/false")
		}
	}
	return b
}

// checkMonth parses a required month that is not after the current month (Asia/Shanghai):
// a future month cannot hold data, and one such row would make the dashboards open on it.
func checkMonth(p *problems, col, v string) time.Time {
	m, ok := parseMonth(v)
	if !ok {
		if v == "" {
			p.add(col, v, "required", "必填")
		} else {
			p.add(col, v, "must be a month YYYY-MM or YYYYMM", "月份应为 YYYY-MM 或 YYYYMM")
		}
		return m
	}
	if now := time.Now().In(shanghai); m.Year() > now.Year() || m.Year() == now.Year() && m.Month() > now.Month() {
		cur := now.Format("2006-01")
		p.add(col, v, "is after the current month "+cur+": a ledger or contribution month cannot lie in the future", "晚于本月 "+cur+"：台帐或缴费月份不能是将来的月份")
		return time.Time{}
	}
	return m
}

// checkYear parses a required year.
func checkYear(p *problems, col, v string) uint16 {
	y, ok := parseYear(v)
	if !ok {
		if v == "" {
			p.add(col, v, "required", "必填")
		} else {
			p.add(col, v, "must be a year YYYY", "年度应为四位数字 YYYY")
		}
	}
	return y
}
