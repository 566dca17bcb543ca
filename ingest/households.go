package ingest

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	fsql "fullemp/sql"
)

// A household is identified by (community_code, household_id), and a spreadsheet that
// takes the household ID 00007 for a number turns it into 7: loaded as it is, the family
// would become two households, 00007 in the months before and 7 from this file on, and
// its zero-employment history would break in two without anyone seeing why. So a ledger
// row is rejected when its household ID, all digits, equals a household of the same
// community once its leading zeros are restored (the file says 7 where the community has
// 00007, in this file, in a file loaded before it in the same run, or in the households of
// a month near the file's), and when its household cell is a number cell of an XLSX in a
// community whose household IDs have leading zeros.
//
// The workers note the file's all-digit household IDs as they load the rows into the
// file's staging table (householdSeen); once the file is read, the households with
// leading zeros of the same communities are looked up (agg_household_month), the rows found
// damaged are quarantined with their cells (read again from the file: this is rare) and
// dropped from the staging table before it is published.

// nearbyMonths is how many months before the file's first and after its last month the
// ledger is searched for the households of its communities.
const nearbyMonths = 3

// householdSeen is what one worker noted of a ledger file's households, by community.
type householdSeen map[string]*communityHouseholds

// communityHouseholds are a community's all-digit household IDs in a file, and the rows
// whose household cell was a number cell.
type communityHouseholds struct {
	digits  map[string]struct{}
	numbers []numberHousehold
}

type numberHousehold struct {
	row uint32
	id  string
}

// note records a loaded ledger row (cells in campaign.Columns order).
func (hs householdSeen) note(r *row) {
	id := r.cells[ledgerHousehold]
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return
	}
	comm := r.cells[ledgerCommunity]
	ch := hs[comm]
	if ch == nil {
		ch = &communityHouseholds{digits: map[string]struct{}{}}
		hs[comm] = ch
	}
	ch.digits[id] = struct{}{}
	if r.number(ledgerHousehold) {
		ch.numbers = append(ch.numbers, numberHousehold{r.n, id})
	}
}

// merge adds what another worker noted.
func (hs householdSeen) merge(o householdSeen) {
	for comm, och := range o {
		ch := hs[comm]
		if ch == nil {
			hs[comm] = och
			continue
		}
		for id := range och.digits {
			ch.digits[id] = struct{}{}
		}
		ch.numbers = append(ch.numbers, och.numbers...)
	}
}

// ledgerHousehold is the household column's position in campaign.Columns[Ledger].
const ledgerHousehold = 4

// paddedHousehold is a household ID with leading zeros, and where it was seen.
type paddedHousehold struct {
	id     string
	inFile bool
}

// damagedHouseholds finds the file's rows whose household lost its leading zeros,
// quarantines them and drops them from the staging table: it returns how many.
func (in *Ingester) damagedHouseholds(ctx context.Context, fr *fileRun, st fileStaging, reread func(map[uint32]bool) (map[uint32][]string, error)) (int64, error) {
	if len(fr.households) == 0 {
		return 0, nil
	}
	// The communities' households with leading zeros: the file's own, then the ledger's
	// in the months around the file's.
	padded := map[string]map[string]paddedHousehold{} // community → bare digits → the longest padded ID
	addPadded := func(comm, id string, inFile bool) {
		if len(id) < 2 || id[0] != '0' || strings.Trim(id, "0123456789") != "" {
			return
		}
		bare := strings.TrimLeft(id, "0")
		m := padded[comm]
		if m == nil {
			m = map[string]paddedHousehold{}
			padded[comm] = m
		}
		if old, ok := m[bare]; !ok || len(id) > len(old.id) || len(id) == len(old.id) && inFile && !old.inFile {
			m[bare] = paddedHousehold{id, inFile}
		}
	}
	comms := make([]string, 0, len(fr.households))
	for comm, ch := range fr.households {
		comms = append(comms, comm)
		for id := range ch.digits {
			addPadded(comm, id, true)
		}
	}
	sort.Strings(comms)
	if from, to, ok := monthSpan(fr.months); ok {
		set := make([]any, len(comms))
		for i, c := range comms {
			set[i] = c
		}
		rows, err := in.store.Conn.Query(ctx, qPaddedHouseholds, from.AddDate(0, -nearbyMonths, 0).Format("2006-01-02"),
			to.AddDate(0, nearbyMonths, 0).Format("2006-01-02"), clickhouse.GroupSet{Value: set})
		if err != nil {
			return 0, fmt.Errorf("look up the households of the file's communities: %w", err)
		}
		for rows.Next() {
			var comm, id string
			if err := rows.Scan(&comm, &id); err != nil {
				rows.Close()
				return 0, fmt.Errorf("look up the households of the file's communities: %w", err)
			}
			addPadded(comm, id, false)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("look up the households of the file's communities: %w", err)
		}
	}
	// Those of the run's ledger files published before this one, which no refresh has
	// computed yet.
	for _, comm := range comms {
		for _, id := range fr.codes.padded[comm] {
			addPadded(comm, id, false)
		}
	}
	// The file's own, to be known to the run's next files once it is published.
	for _, comm := range comms {
		for bare, p := range padded[comm] {
			if p.inFile && bare != "" {
				fr.published = append(fr.published, [2]string{comm, p.id})
			}
		}
	}
	// The damaged households: an ID of the file that a longer one with leading zeros
	// equals once they are dropped; and the rows with a number cell in a community whose
	// IDs have leading zeros.
	bad := map[uint32]Problem{}
	var pairs []any
	pairOf := map[string]paddedHousehold{}
	for _, comm := range comms {
		ch := fr.households[comm]
		for id := range ch.digits {
			if p, ok := padded[comm][strings.TrimLeft(id, "0")]; ok && len(p.id) > len(id) {
				key := comm + "/" + id
				pairs = append(pairs, key)
				pairOf[key] = p
			}
		}
		for _, nh := range ch.numbers {
			if _, ok := pairOf[comm+"/"+nh.id]; ok {
				continue
			}
			if ex := longerPadded(padded[comm], len(nh.id)); ex != "" {
				bad[nh.row] = Problem{Column: "household_id", Value: nh.id,
					English: fmt.Sprintf("the household cell is a number: a spreadsheet (Excel, WPS) drops the leading zeros of a number, and this community's household IDs have them (%s); format the column as text (Format Cells → Text) and enter the household ID with its zeros", ex),
					Chinese: fmt.Sprintf("户号单元格是数字：电子表格（如 Excel、WPS）会去掉数字前面的 0，而本社区的户号带前导零（如 %s）；请将该列设置为“文本”格式（设置单元格格式 → 文本）后按原样录入户号", ex)}
			}
		}
	}
	if len(pairs) > 0 {
		rows, err := in.store.Conn.Query(ctx, "SELECT source_row, community_code, household_id FROM "+st.data+
			" WHERE concat(community_code, '/', household_id) IN ?", clickhouse.GroupSet{Value: pairs})
		if err != nil {
			return 0, fmt.Errorf("find the rows of the damaged households: %w", err)
		}
		for rows.Next() {
			var n uint32
			var comm, id string
			if err := rows.Scan(&n, &comm, &id); err != nil {
				rows.Close()
				return 0, fmt.Errorf("find the rows of the damaged households: %w", err)
			}
			p := pairOf[comm+"/"+id]
			where, whereZH := "the ledger", "台帐中已有"
			if p.inFile {
				where, whereZH = "this file", "本文件中"
			}
			bad[n] = Problem{Column: "household_id", Value: id,
				English: fmt.Sprintf("household %s is household %s of this community (in %s) with its leading zeros lost: a spreadsheet (Excel, WPS) drops them when it takes the ID for a number. The row is not loaded, so that the household is not split in two: format the column as text (Format Cells → Text) and enter %s", id, p.id, where, p.id),
				Chinese: fmt.Sprintf("户号 %s 与本社区%s的户号 %s 只差前导零，应是电子表格（如 Excel、WPS）把户号当作数字去掉了前面的 0；为免一户被拆成两户，本行未入库：请将该列设置为“文本”格式（设置单元格格式 → 文本）后录入 %s", id, whereZH, p.id, p.id)}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("find the rows of the damaged households: %w", err)
		}
	}
	if len(bad) == 0 {
		return 0, nil
	}
	want := make(map[uint32]bool, len(bad))
	list := make([]any, 0, len(bad))
	for n := range bad {
		want[n] = true
		list = append(list, n)
	}
	cells, err := reread(want)
	if err != nil {
		return 0, fmt.Errorf("read the rows of the damaged households again: %w", err)
	}
	for n, pr := range bad {
		var p problems
		p.add(pr.Column, pr.Value, pr.English, pr.Chinese)
		if fr.rejected.Add(1) > fr.in.opts.Limits.MaxRejectedRows {
			return 0, &tooManyRejected{limit: fr.in.opts.Limits.MaxRejectedRows, row: n}
		}
		if err := fr.q.add(ctx, Rejection{Row: n, Column: p.column(), Value: p.value(), Reason: p.reason(),
			Problems: p.list, Cells: cells[n]}, fr.base+uint64(n)); err != nil {
			return 0, err
		}
	}
	if err := st.exclude(ctx, in, list); err != nil {
		return 0, err
	}
	fr.loaded.Add(-int64(len(bad)))
	return int64(len(bad)), nil
}

// longerPadded returns the smallest of the community's padded household IDs longer than n
// digits, "" when there is none.
func longerPadded(m map[string]paddedHousehold, n int) string {
	best := ""
	for _, p := range m {
		if len(p.id) > n && (best == "" || p.id < best) {
			best = p.id
		}
	}
	return best
}

// monthSpan returns the first and last of months.
func monthSpan(months map[time.Time]bool) (from, to time.Time, ok bool) {
	for m := range months {
		if !ok || m.Before(from) {
			from = m
		}
		if !ok || m.After(to) {
			to = m
		}
		ok = true
	}
	return from, to, ok
}

// rowCells reads the file's data rows numbered in want again and returns their cells as
// the workers saw them (for CSV: the record's cells; a row the reader cannot split has
// its line as its only cell).
func (fr *fileRun) rowCells(src source, want map[uint32]bool) (map[uint32][]string, error) {
	out := make(map[uint32][]string, len(want))
	var fields []string
	again := &fileRun{in: fr.in, lay: fr.lay}
	one := func(n uint32, cells []string, _ uint64, _, _ bool, _ error) error {
		if want[n] {
			out[n] = append([]string(nil), cells...)
		}
		return nil
	}
	for len(out) < len(want) {
		c, err := src.chunk()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if _, err := again.records(c, &fields, one); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Queries of sql/queries read by this file.
var qPaddedHouseholds = fsql.MustQuery("padded_households")
