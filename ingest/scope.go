package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"fullemp/campaign"
	fsql "fullemp/sql"
	"fullemp/warehouse"
)

// Scope keeps an upload's writes inside the uploader's area. A ledger row is refused when
// its community is outside the area, or when its key (month, id_number) is held by a
// community outside the area: loading it would move the person out of an area the
// uploader cannot see. Such a move needs a user whose area covers both communities.
//
// The check reads the very cells the workers load: the file is decoded once by the
// ingest reader (raw XLSX values, hidden rows included), its chunks are kept, the keys
// they hold are looked up in ledger FINAL, and each worker decides on the row it is about
// to validate. Refused rows are quarantined and counted like every other rejected row,
// so read = loaded + rejected still holds.
type Scope struct {
	// User is the uploader's name (for the log).
	User string
	// Area is the region code of the uploader's area (a street or a community); a
	// community is inside it when its code starts with it.
	Area string
}

func (s Scope) allows(code string) bool { return s.Area != "" && strings.HasPrefix(code, s.Area) }

// UploadScoped is Upload for a user whose writes must stay inside scope.Area: only
// ledgers are taken, and rows outside the area (by community or by the holder of their
// key) are rejected with a reason that names who can make the change.
func (in *Ingester) UploadScoped(ctx context.Context, name string, data []byte, scope Scope) (Summary, error) {
	if scope.Area == "" {
		return Summary{}, fmt.Errorf("upload by %s: no area", scope.User)
	}
	inp := input{name: baseName(name), data: data, size: int64(len(data)), scope: &scope}
	got, f, err := in.probe(ctx, inp)
	if err == nil && got != campaign.Ledger {
		err = fmt.Errorf("file %s is a %s file, not %s", inp.name, got, campaign.Ledger)
	}
	if err != nil {
		s := Summary{File: inp.name, Format: f, Bytes: inp.size, Error: err.Error(), Unreadable: true}
		in.logUnreadable(ctx, inp, &s)
		return s, fmt.Errorf("ingest %s: %w", inp.name, unreadable(err))
	}
	codes, err := loadKnown(ctx, in.store.Conn)
	if err != nil {
		return Summary{File: inp.name}, err
	}
	var changes warehouse.Changes
	s := in.one(ctx, inp, got, codes, &changes)
	if s.Error != "" {
		return s, fmt.Errorf("ingest %s: %s", inp.name, s.Error)
	}
	if err := in.store.Refresh(ctx, changes); err != nil {
		return s, fmt.Errorf("refresh after ingest: %w", err)
	}
	return s, nil
}

// scopedID gives a scoped upload its own file_id: the same content sent later by a user
// with a wider area (the one the refusals point to) is then loaded, not skipped as done.
func scopedID(id uint64, area string) uint64 {
	h := sha256.Sum256([]byte(fmt.Sprintf("%016x/%s", id, area)))
	return binary.BigEndian.Uint64(h[:8])
}

// heldKey is a ledger key.
type heldKey struct {
	month time.Time
	id    string
}

// guard is one scoped file's check: the community holding each key of the file now.
type guard struct {
	scope Scope
	// holder maps every key the file holds to the community whose ledger has it now ("":
	// nobody's). A key the worker finds missing here was not looked up: refused.
	holder map[heldKey]string
}

// Ledger column positions (campaign.Columns[campaign.Ledger] order) the guard reads.
const (
	ledgerMonth     = 0
	ledgerID        = 1
	ledgerCommunity = 3
)

// newGuard reads src to its end (the chunks are kept and replayed by the returned
// source), looks up who holds the file's keys and returns the guard.
func (in *Ingester) newGuard(ctx context.Context, src source, lay layout, scope Scope) (source, *guard, error) {
	if lay.kind != campaign.Ledger {
		return nil, nil, unreadable(fmt.Errorf("a %s file cannot be sent here: only ledgers", lay.kind))
	}
	rp := &replay{src: src}
	keys := map[time.Time]map[string]struct{}{}
	cells := make([]string, len(campaign.Columns[lay.kind]))
	note := func(raw []string, xlsx bool) {
		layCells(lay, raw, xlsx, cells)
		if !scope.allows(cells[ledgerCommunity]) {
			return // refused on its community; its key does not matter
		}
		var p problems
		m := checkMonth(&p, "month", cells[ledgerMonth])
		who := checkID(&p, cells[ledgerID], false)
		if !p.none() {
			return // ingest rejects it anyway
		}
		if keys[m] == nil {
			keys[m] = map[string]struct{}{}
		}
		keys[m][who.id] = struct{}{}
	}
	var fields []string
	for {
		c, err := src.chunk()
		if err == io.EOF {
			break
		}
		if err != nil {
			rp.err = err
			break
		}
		rp.chunks = append(rp.chunks, c)
		if c.csv {
			// The records as the workers will split them (csvRecords): a multi-line record
			// that does not split into the header's cells is its first line alone.
			text, lim := c.text, in.opts.Limits.MaxLineBytes
			for text != "" {
				rec, lines, rest := nextRecord(text, lim)
				line := trimEOL(rec)
				var serr error
				fields, serr = splitFields(line, fields)
				if lines > 1 && (serr != nil || len(fields) != len(lay.header)) {
					first := text[:strings.IndexByte(text, '\n')+1]
					text = text[len(first):]
					continue // rejected by the workers as an unbalanced quote
				}
				text = rest
				if !blank(line) && serr == nil && len(line) <= lim {
					note(fields, false)
				}
			}
			continue
		}
		for _, r := range c.rows {
			if !blankCells(r) {
				note(r, c.xlsx)
			}
		}
	}
	g := &guard{scope: scope, holder: map[heldKey]string{}}
	for m, set := range keys {
		ids := make([]string, 0, len(set))
		for id := range set {
			ids = append(ids, id)
			g.holder[heldKey{m, id}] = ""
		}
		sort.Strings(ids)
		for len(ids) > 0 {
			n := min(len(ids), 5000)
			if err := g.lookUp(ctx, in, m, ids[:n]); err != nil {
				return nil, nil, err
			}
			ids = ids[n:]
		}
	}
	return rp, g, nil
}

func (g *guard) lookUp(ctx context.Context, in *Ingester, m time.Time, ids []string) error {
	rows, err := in.store.Conn.Query(ctx, qLedgerKeyHolders, m.Format("2006-01-02"), ids)
	if err != nil {
		return fmt.Errorf("look up the holders of the file's ledger keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, comm string
		if err := rows.Scan(&id, &comm); err != nil {
			return fmt.Errorf("look up the holders of the file's ledger keys: %w", err)
		}
		g.holder[heldKey{m, id}] = comm
	}
	return rows.Err()
}

// check records why the row (cells in campaign.Columns order, as the worker will load
// them) may not be written by the scope's user; it leaves p empty when it may. A community
// that does not exist (not in codes) is not "outside your area": the rules say it does
// not exist.
func (g *guard) check(cells []string, codes *known, p *problems) {
	comm := cells[ledgerCommunity]
	if !g.scope.allows(comm) {
		if _, ok := codes.communities[comm]; !ok {
			return
		}
		p.add("community_code", comm, fmt.Sprintf("community %q is outside your area %s: a user whose area covers it sends its rows", comm, g.scope.Area),
			"社区 "+comm+" 不在本辖区（"+g.scope.Area+"）：请由辖区包含该社区的用户上报")
		return
	}
	var scratch problems
	m := checkMonth(&scratch, "month", cells[ledgerMonth])
	who := checkID(&scratch, cells[ledgerID], false)
	if !scratch.none() {
		return // the rules reject the row with their own reasons
	}
	holder, looked := g.holder[heldKey{m, who.id}]
	switch {
	case !looked:
		p.add("id_number", cells[ledgerID], "could not be checked against the other areas' ledgers; send the file again",
			"无法核对其他辖区的台帐，请重新上传")
	case holder != "" && !g.scope.allows(holder):
		role, area, zh := mover(g.scope.Area, holder)
		p.add("id_number", cells[ledgerID],
			fmt.Sprintf("this person is on the %s ledger of a community outside your area %s; moving them into your area needs a %s user of %s (an area covering both), or the other community removing them first",
				m.Format("2006-01"), g.scope.Area, role, area),
			fmt.Sprintf("此人%s已在本辖区（%s）以外社区的台帐上；跨辖区迁入需由%s（%s）用户办理，或由原社区先移出",
				m.Format("2006-01"), g.scope.Area, zh, area))
	}
}

// mover returns the role and region of the narrowest area that covers both codes.
func mover(area, holder string) (role, region, zh string) {
	for _, l := range []struct {
		n        int
		role, zh string
	}{{9, "street", "街道级"}, {6, "district", "区级"}} {
		if len(area) >= l.n && len(holder) >= l.n && area[:l.n] == holder[:l.n] {
			return l.role, area[:l.n], l.zh
		}
	}
	return "city", campaign.CityCode, "市级"
}

// layCells puts a file row's cells in campaign.Columns order as the worker does: trimmed,
// XLSX serial dates rendered in the date columns.
func layCells(lay layout, raw []string, xlsx bool, dst []string) {
	for k, j := range lay.index {
		if j >= 0 && j < len(raw) {
			dst[k] = trim(raw[j])
		} else {
			dst[k] = ""
		}
	}
	if xlsx {
		for _, k := range lay.dates {
			if v, ok := excelSerial(dst[k], dateLayouts[campaign.Columns[lay.kind][k].Name]); ok {
				dst[k] = v
			}
		}
	}
}

// replay hands out the chunks a guard read, then the reader's error or io.EOF.
type replay struct {
	src    source
	chunks []chunk
	err    error
}

func (r *replay) header() []string { return r.src.header() }

func (r *replay) chunk() (chunk, error) {
	if len(r.chunks) == 0 {
		if r.err != nil {
			return chunk{}, r.err
		}
		return chunk{}, io.EOF
	}
	c := r.chunks[0]
	r.chunks[0] = chunk{}
	r.chunks = r.chunks[1:]
	return c, nil
}

// close does nothing: the reader underneath is closed by its opener.
func (r *replay) close() error { return nil }

// Queries of sql/queries read by this file.
var qLedgerKeyHolders = fsql.MustQuery("ledger_key_holders")
