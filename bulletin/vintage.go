package bulletin

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"fullemp/period"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	fsql "fullemp/sql"
)

var (
	qLatest     = fsql.MustQuery("bulletin_latest")
	qFile       = fsql.MustQuery("bulletin_file")
	qList       = fsql.MustQuery("bulletin_list")
	qFilesSince = fsql.MustQuery("bulletin_files_since")
	qIngestMax  = fsql.MustQuery("ingest_version_max")
)

// ErrNotPublished means no vintage of that bulletin exists.
var ErrNotPublished = errors.New("no published bulletin")

// Files are a bulletin's rendered formats.
type Files struct {
	HTML, Markdown, XLSX, PDF []byte
}

// Render renders every format; a failure renders nothing.
func Render(ctx context.Context, b *Bulletin) (Files, error) {
	html, err := HTML(b)
	if err != nil {
		return Files{}, err
	}
	x, err := XLSX(b)
	if err != nil {
		return Files{}, err
	}
	pdf, err := PDF(ctx, html)
	if err != nil {
		return Files{}, err
	}
	return Files{HTML: html, Markdown: Markdown(b), XLSX: x, PDF: pdf}, nil
}

// Publish freezes the draft b as the next vintage of its area, period and language: its
// content and every rendered file are stored and never change again. A later vintage
// marks each changed number (修) and states each change in a 修订说明 sentence, naming the
// files ingested since the vintage it revises. It returns the stored bulletin.
func Publish(ctx context.Context, conn driver.Conn, b *Bulletin, by string, now time.Time) (*Bulletin, error) {
	var prevVintage uint32
	var prevIngest uint64
	var prevContent string
	err := conn.QueryRow(ctx, qLatest, b.Area.Code, b.Period, b.Lang).Scan(&prevVintage, &prevIngest, &prevContent)
	if err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("read the published bulletin: %w", err)
	}
	var ingestNow uint64
	if err := conn.QueryRow(ctx, qIngestMax).Scan(&ingestNow); err != nil {
		return nil, fmt.Errorf("read the ingest log: %w", err)
	}
	out := *b
	out.Numbers = map[string]Number{}
	for k, v := range b.Numbers {
		out.Numbers[k] = v
	}
	out.Vintage = int(prevVintage) + 1
	out.Released = now
	p, err := period.Parse(b.Period)
	if err != nil {
		return nil, err
	}
	switch {
	case out.Vintage > 1:
		out.Status = Revised
	case p.Kind == period.Monthly && !b.finalAtOnce:
		out.Status = Preliminary
	default:
		out.Status = Final
	}
	if prevVintage > 0 {
		var prev Bulletin
		if err := json.Unmarshal([]byte(prevContent), &prev); err != nil {
			return nil, fmt.Errorf("read vintage %d: %w", prevVintage, err)
		}
		out.Revisions = revisions(&prev, &out)
		rows, err := conn.Query(ctx, qFilesSince, prevIngest)
		if err != nil {
			return nil, fmt.Errorf("read the ingest log: %w", err)
		}
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return nil, err
			}
			out.FilesSince = append(out.FilesSince, f)
		}
		rows.Close()
	}
	files, err := Render(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("render vintage %d (nothing published): %w", out.Vintage, err)
	}
	content, err := json.Marshal(&out)
	if err != nil {
		return nil, err
	}
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO bulletins (region, period, lang, vintage, status, published_at, published_by, ingest_version, content, html, markdown, xlsx, pdf)")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	defer batch.Close()
	if err := batch.Append(out.Area.Code, out.Period, out.Lang, uint32(out.Vintage), string(out.Status), now, by, ingestNow,
		string(content), string(files.HTML), string(files.Markdown), string(files.XLSX), string(files.PDF)); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := batch.Send(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return &out, nil
}

// revisions marks the numbers of b that differ from prev and says each change in the BLS
// pattern: "2009年12月达标社区数由原公布的505个修订为506个（+1）".
func revisions(prev, b *Bulletin) []string {
	var keys []string
	for k := range b.Numbers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		n := b.Numbers[k]
		o, ok := prev.Numbers[k]
		if !ok || o.Text() == n.Text() {
			continue
		}
		n.Revised = true
		b.Numbers[k] = n
		d := n.Value - o.Value
		ds := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%+.*f", n.Decimals, d), "0"), ".")
		if n.Decimals == 0 {
			ds = fmt.Sprintf("%+d", int64(math.Round(d)))
		}
		u := n.Unit
		if u == "%" {
			u, ds = "%", ds+"个百分点"
		}
		// A label that names its own year (a target's: "2009年全市社区达标率") needs no period
		// before it.
		when := b.PeriodLabel
		if n.Label != "" && n.Label[0] >= '0' && n.Label[0] <= '9' {
			when = ""
		}
		if b.Lang == "en" {
			if when != "" {
				when += ", "
			}
			out = append(out, fmt.Sprintf("%s%s: revised from %s%s as first published to %s%s (%s).", when, n.Label, o.Text(), u, n.Text(), u, strings.TrimSuffix(ds, "个百分点")))
		} else {
			out = append(out, fmt.Sprintf("%s%s由原公布的%s%s修订为%s%s（%s）。", when, n.Label, o.Text(), u, n.Text(), u, ds))
		}
	}
	if len(out) == 0 {
		if b.Lang == "en" {
			return []string{"No figure changed since the previous vintage."}
		}
		return []string{"与上版相比，各项数字均无变化。"}
	}
	return out
}

// Stored is one published vintage as it was stored.
type Stored struct {
	Bulletin *Bulletin
	Files    Files
}

// Show reads a published vintage exactly as it was published.
func Show(ctx context.Context, conn driver.Conn, region, period, lang string, vintage int) (Stored, error) {
	var content, html, md, x, pdf string
	err := conn.QueryRow(ctx, qFile, region, period, lang, uint32(vintage)).Scan(&content, &html, &md, &x, &pdf)
	if isNoRows(err) {
		return Stored{}, fmt.Errorf("bulletin %s %s (%s) vintage %d: %w", region, period, lang, vintage, ErrNotPublished)
	}
	if err != nil {
		return Stored{}, fmt.Errorf("read bulletin: %w", err)
	}
	var b Bulletin
	if err := json.Unmarshal([]byte(content), &b); err != nil {
		return Stored{}, fmt.Errorf("read bulletin: %w", err)
	}
	return Stored{&b, Files{HTML: []byte(html), Markdown: []byte(md), XLSX: []byte(x), PDF: []byte(pdf)}}, nil
}

// Release is one row of the list of published bulletins.
type Release struct {
	Region      string    `json:"region"`
	Period      string    `json:"period"`
	Lang        string    `json:"lang"`
	Vintage     int       `json:"vintage"`
	Status      Status    `json:"status"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
}

// List returns every published vintage whose area keep accepts. A monthly release that was
// preliminary reads final once a later month of its area is published.
func List(ctx context.Context, conn driver.Conn, keep func(region string) bool) ([]Release, error) {
	rows, err := conn.Query(ctx, qList)
	if err != nil {
		return nil, fmt.Errorf("list bulletins: %w", err)
	}
	defer rows.Close()
	var out []Release
	latestMonth := map[string]string{}
	for rows.Next() {
		var r Release
		var v uint32
		var st string
		if err := rows.Scan(&r.Region, &r.Period, &r.Lang, &v, &st, &r.PublishedAt, &r.PublishedBy); err != nil {
			return nil, fmt.Errorf("list bulletins: %w", err)
		}
		r.Vintage, r.Status = int(v), Status(st)
		if keep != nil && !keep(r.Region) {
			continue
		}
		if p, err := period.Parse(r.Period); err == nil && p.Kind == period.Monthly && r.Period > latestMonth[r.Region] {
			latestMonth[r.Region] = r.Period
		}
		out = append(out, r)
	}
	for i, r := range out {
		if r.Status == Preliminary && r.Period < latestMonth[r.Region] {
			out[i].Status = Final
		}
	}
	return out, rows.Err()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
