// Package readmodel is the scoped, cached read model of the warehouse: every page, API
// route, export and bulletin reads the figures through a Source, made for one principal,
// whose methods check the region against the principal's area before anything else — the
// one place the scope is applied — and keep what they read until the next ingest.
package readmodel

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fullemp/account"
	"fullemp/period"
	fsql "fullemp/sql"
	"fullemp/standard"
	"fullemp/warehouse"
)

// Warehouse is what the pages and the API read from ClickHouse: the figures of
// warehouse.Store (issue 3) plus the connection for the few person-level lists.
type Warehouse interface {
	Regions(ctx context.Context) (*warehouse.Regions, error)
	LedgerMonths(ctx context.Context) ([]time.Time, error)
	OpeningMonth(ctx context.Context) (time.Time, bool, error)
	Figures(ctx context.Context, code string, month time.Time) (warehouse.Figures, error)
	ChildFigures(ctx context.Context, code string, month time.Time) ([]warehouse.Figures, error)
	FiguresSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.Figures, error)
	PeriodFigures(ctx context.Context, code string, sp period.Span) (warehouse.PeriodFigures, error)
	ChildPeriodFigures(ctx context.Context, code string, sp period.Span) ([]warehouse.PeriodFigures, error)
	ZeroSeries(ctx context.Context, code string, from, to time.Time) ([]warehouse.ZeroMonth, error)
	ZeroHouseholds(ctx context.Context, code string, month time.Time) ([]warehouse.ZeroHousehold, error)
	Placements(ctx context.Context, code string, from, to time.Time) (warehouse.Placements, error)
	Standards(ctx context.Context, cfg standard.Config, year int, asOf time.Time, code string) (warehouse.Standards, error)
	Progress(ctx context.Context, cfg standard.Config, year int, asOf time.Time, code string) (warehouse.Progress, error)
	ProgressMany(ctx context.Context, cfg standard.Config, year int, asOf time.Time, codes []string) ([]warehouse.Progress, error)
	Verification(ctx context.Context, community string, month time.Time) ([]warehouse.VerifyEntry, error)
	LastIngested(ctx context.Context) (time.Time, bool, error)
	LastLedgerMonths(ctx context.Context) (map[string]time.Time, error)
}

// Data is the unscoped access to the warehouse, with a cache of the figures: they change
// only when a refresh publishes, and the cache is dropped then (Invalidate after an upload
// here, Watch for any process). Handlers never use
// it directly: they get a Source for their principal.
type Data struct {
	wh   Warehouse
	ps   *persons
	cfg  standard.Config
	ttl  time.Duration
	mu   sync.Mutex
	memo map[string]*memoEntry
	// lru orders the entries, most recently used first; bytes is the estimated size of
	// their values, kept under MaxBytes by dropping the least recently used.
	lru   list.List
	bytes int64
	// MaxBytes bounds the cache's estimated size (serve.cache_bytes). Default
	// DefaultCacheBytes.
	MaxBytes int64

	// OnInvalidate, when set, runs (in its own goroutine) after the cache is dropped, to
	// warm it again.
	OnInvalidate func()

	probeEvery time.Duration
	probing    bool
	probed     time.Time
	version    uint64 // the data version the cache holds (seen: read at least once)
	seen       bool
}

type memoEntry struct {
	key  string
	v    any
	err  error
	at   time.Time
	size int64
	elem *list.Element
	// refreshing is set while a background run replaces a stale value.
	refreshing bool
	// done is closed when v is ready, so concurrent requests for the same key wait for
	// one query instead of each running it.
	done chan struct{}
}

// NewData returns the data access over wh (and its connection for person-level lists).
func NewData(wh Warehouse, store *warehouse.Store, cfg standard.Config) *Data {
	return &Data{wh: wh, ps: &persons{conn: store.Conn}, cfg: cfg, ttl: 10 * time.Minute,
		probeEvery: DataVersionEvery, memo: map[string]*memoEntry{}, MaxBytes: DefaultCacheBytes}
}

// DefaultCacheBytes is the default bound of the figures' and pages' cache: a city's pages
// for a few dozen months.
const DefaultCacheBytes = 256 << 20

// Config returns the standards and targets the figures are judged by.
func (d *Data) Config() standard.Config { return d.cfg }

// Invalidate drops every cached figure (after an upload).
func (d *Data) Invalidate() {
	d.mu.Lock()
	d.dropAll()
	d.mu.Unlock()
	if d.OnInvalidate != nil {
		go d.OnInvalidate()
	}
}

// DataVersionEvery is how often a running serve asks ClickHouse whether a refresh has
// published since its last look (Watch, and on requests when nothing watches): often
// enough that a one-community upload shows within 0.3 s of its start, and cheap (a read of
// one tiny table, about a millisecond of the server's time).
const DataVersionEvery = 50 * time.Millisecond

// Watch drops the cache whenever a refresh of any process (an upload here, `fullemp
// ingest` beside us) has published: it polls the data version every DataVersionEvery,
// which a refresh moves only once every month it recomputed is written, so what is read
// after the drop is never a half-refreshed month. It returns when ctx ends.
func (d *Data) Watch(ctx context.Context) {
	t := time.NewTicker(d.probeEvery)
	defer t.Stop()
	for {
		d.checkVersion(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// probe runs checkVersion in the background at most every probeEvery, on requests.
func (d *Data) probe() {
	d.mu.Lock()
	if d.probing || time.Since(d.probed) < d.probeEvery || d.ps == nil {
		d.mu.Unlock()
		return
	}
	d.probing = true
	d.mu.Unlock()
	go func() {
		d.checkVersion(context.Background())
		d.mu.Lock()
		d.probing = false
		d.mu.Unlock()
	}()
}

// checkVersion reads the data version (a query of one tiny table) and drops the cache when
// it moved since the last look.
func (d *Data) checkVersion(ctx context.Context) {
	if d.ps == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, _, err := d.dataVersion(ctx)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.probed = time.Now()
	if err != nil {
		return
	}
	if d.seen && v != d.version {
		d.dropAll()
		if d.OnInvalidate != nil {
			go d.OnInvalidate()
		}
	}
	d.version, d.seen = v, true
}

// dataVersion returns the version the latest refresh published and the version of the
// latest that began publishing.
func (d *Data) dataVersion(ctx context.Context) (published, publishing uint64, err error) {
	err = d.ps.conn.QueryRow(ctx, qDataVersion).Scan(&published, &publishing)
	return published, publishing, err
}

// publishWait bounds how long a figure waits for a refresh that is publishing (one whose
// process died mid-publish would otherwise hold every figure up).
const publishWait = 5 * time.Second

// settled computes a value that mixes no month before and after a refresh: it waits while
// a refresh is publishing, runs f, and runs it again if a refresh began publishing
// meanwhile. Without a warehouse connection it just runs f.
func settled[T any](ctx context.Context, d *Data, f func(context.Context) (T, error)) (T, error) {
	if d.ps == nil {
		return f(ctx)
	}
	deadline := time.Now().Add(publishWait)
	for attempt := 0; ; attempt++ {
		published, publishing, err := d.dataVersion(ctx)
		for err == nil && publishing > published && time.Now().Before(deadline) {
			select {
			case <-time.After(10 * time.Millisecond):
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
			published, publishing, err = d.dataVersion(ctx)
		}
		v, ferr := f(ctx)
		if err != nil || ferr != nil || attempt == 2 {
			return v, ferr
		}
		if _, again, err := d.dataVersion(ctx); err != nil || again == publishing {
			return v, ferr
		}
	}
}

// CacheStats returns how many entries the cache holds and their estimated bytes.
func (d *Data) CacheStats() (entries int, bytes int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.memo), d.bytes
}

// maxMemo bounds the cache's entries, whatever their size.
const maxMemo = 20000

// dropAll empties the cache (d.mu held).
func (d *Data) dropAll() {
	for el := d.lru.Front(); el != nil; el = el.Next() {
		el.Value.(*memoEntry).elem = nil // a run still in flight then keeps its value out
	}
	d.memo = map[string]*memoEntry{}
	d.lru.Init()
	d.bytes = 0
}

// insert adds a new entry (d.mu held), making room for it by entry count.
func (d *Data) insert(e *memoEntry) {
	for len(d.memo) >= maxMemo && d.lru.Len() > 0 {
		d.remove(d.lru.Back().Value.(*memoEntry))
	}
	d.memo[e.key] = e
	e.elem = d.lru.PushFront(e)
}

// remove drops an entry (d.mu held).
func (d *Data) remove(e *memoEntry) {
	if d.memo[e.key] == e {
		delete(d.memo, e.key)
	}
	if e.elem != nil {
		d.lru.Remove(e.elem)
		e.elem = nil
		d.bytes -= e.size
	}
}

// sized records the size of an entry's new value (d.mu held) and drops the least
// recently used entries, never the one just sized, until the cache is within MaxBytes.
func (d *Data) sized(e *memoEntry, v any) {
	if e.elem == nil {
		return // dropped (Invalidate) while it ran
	}
	n := approxSize(v)
	d.bytes += n - e.size
	e.size = n
	for d.MaxBytes > 0 && d.bytes > d.MaxBytes && d.lru.Len() > 1 {
		last := d.lru.Back().Value.(*memoEntry)
		if last == e {
			d.lru.MoveToFront(e.elem)
			continue
		}
		d.remove(last)
	}
}

// Cached runs f once per key: concurrent callers of the same key wait for the one run.
// After ttl a value is stale: it is still returned at once while one background run
// refreshes it, so no request waits on an expired entry. Errors are not kept.
func Cached[T any](ctx context.Context, d *Data, key string, f func(context.Context) (T, error)) (T, error) {
	d.probe()
	d.mu.Lock()
	e, ok := d.memo[key]
	switch {
	case !ok:
		e = &memoEntry{key: key, at: time.Now(), done: make(chan struct{})}
		d.insert(e)
		d.mu.Unlock()
		e.v, e.err = settled(ctx, d, f)
		d.mu.Lock()
		if e.err != nil {
			d.remove(e)
		} else {
			d.sized(e, e.v)
		}
		d.mu.Unlock()
		close(e.done)
	case time.Since(e.at) >= d.ttl && isDone(e.done) && !e.refreshing:
		e.refreshing = true
		d.mu.Unlock()
		go func() {
			v, err := settled(context.WithoutCancel(ctx), d, f)
			d.mu.Lock()
			defer d.mu.Unlock()
			if err != nil {
				e.refreshing = false
				return
			}
			if d.memo[key] == e {
				d.remove(e)
				fresh := &memoEntry{key: key, v: v, at: time.Now(), done: e.done}
				d.insert(fresh)
				d.sized(fresh, v)
			}
		}()
	default:
		if e.elem != nil {
			d.lru.MoveToFront(e.elem)
		}
		d.mu.Unlock()
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.v.(T), nil
}

func isDone(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// For returns the data as principal p may see it.
func (d *Data) For(p account.Principal) Source { return Source{p: p, d: d} }

// Source is the figures as one principal may see them. Every method takes the region it
// reads and checks it against the principal before anything else: this is the one place
// the scope is applied, and every page, API route and export reads through it.
type Source struct {
	p account.Principal
	d *Data
}

// Principal returns whom the source serves.
func (s Source) Principal() account.Principal { return s.p }

// check is the scope check: ErrForbidden unless the principal may see code, then
// ErrNotFound unless the region exists.
func (s Source) check(ctx context.Context, code string) (warehouse.Region, *warehouse.Regions, error) {
	if err := s.p.Check(code); err != nil {
		return warehouse.Region{}, nil, err
	}
	regs, err := Cached(ctx, s.d, "regions", s.d.wh.Regions)
	if err != nil {
		return warehouse.Region{}, nil, err
	}
	r, ok := regs.Lookup(code)
	if !ok {
		return warehouse.Region{}, nil, fmt.Errorf("region %s: %w", code, account.ErrNotFound)
	}
	return r, regs, nil
}

var qDataVersion = fsql.MustQuery("web_data_version")

// notFound turns the warehouse's unknown-region error into the domain's ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, warehouse.ErrUnknownRegion) {
		return fmt.Errorf("%w: %w", account.ErrNotFound, err)
	}
	return err
}

func Key(parts ...any) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(0) // no two part lists make the same key ("ab","c" vs "a","bc")
		}
		fmt.Fprint(&b, p)
	}
	return b.String()
}

// Bytes memoizes an encoded response under key, like the figures: for responses that
// depend only on what the key names (never on who asks), built after the scope check.
func (d *Data) Bytes(ctx context.Context, key string, f func() ([]byte, error)) ([]byte, error) {
	return Cached(ctx, d, "bytes "+key, func(context.Context) ([]byte, error) { return f() })
}
