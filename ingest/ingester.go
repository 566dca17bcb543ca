package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"fullemp/campaign"
	"fullemp/warehouse"
)

// Options tune an Ingester. The zero value gives the defaults.
type Options struct {
	// Kind, when set, is the kind of every file; default "": recognised from each header.
	Kind campaign.Kind
	// Workers is how many goroutines parse, validate and insert a file's rows in parallel.
	// Default runtime.NumCPU().
	Workers int
	// BatchRows is how many rows a worker sends per columnar insert. Default 100 000.
	BatchRows int
	// KeepRejections is how many rejected rows a Summary carries for the caller (all of
	// them go to quarantine). Default 1000.
	KeepRejections int
	// Limits bound lines and text cells (see Limits); zero fields take the defaults.
	Limits Limits
	// Progress receives a progress bar (when it is a terminal) or a log line per file and
	// every 10 s; nil for none.
	Progress io.Writer
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchRows <= 0 {
		o.BatchRows = 100_000
	}
	if o.KeepRejections <= 0 {
		o.KeepRejections = 1000
	}
	o.Limits = o.Limits.withDefaults()
	return o
}

// ErrFilesFailed is returned (wrapped) by Files when some files could not be ingested;
// the others were, and every file's Summary says which.
var ErrFilesFailed = errors.New("some files failed")

// Ingester loads input files into the warehouse exactly once, quarantining bad rows.
// It is safe for concurrent use.
type Ingester struct {
	store    *warehouse.Store
	log      *logrus.Entry
	opts     Options
	versions versionClock
	// afterBatch, when set (by tests), runs after every data batch is sent.
	afterBatch func()
	// afterReserve, when set (by tests), runs once a file's versions are reserved, before
	// anything is logged or loaded.
	afterReserve func(fileID uint64)
	// afterDone, when set (by tests), runs after a file is logged 'done', before the
	// refresh (a process killed there leaves its refresh pending).
	afterDone func()
	// insertEach makes every batch its own INSERT (tests: a cancelled run then leaves
	// committed rows behind, as a killed process may).
	insertEach bool
}

// New returns an Ingester writing to store and logging to log (with component=ingest).
func New(store *warehouse.Store, log *logrus.Entry, opts Options) *Ingester {
	return &Ingester{store: store, log: log.WithField("component", "ingest"), opts: opts.withDefaults()}
}

// Store returns the warehouse the Ingester writes to.
func (in *Ingester) Store() *warehouse.Store { return in.store }

// Files ingests files and folders (walked recursively for .csv, .txt, .xlsx, .parquet):
// regions first, since the other kinds are checked against them, then the other kinds in
// SPEC order. A file that cannot be read fails alone; Files then returns the summaries with
// an error wrapping ErrFilesFailed. It calls the warehouse's Refresh once, at the end,
// with what it loaded.
func (in *Ingester) Files(ctx context.Context, paths []string) ([]Summary, error) {
	inputs, err := expand(paths)
	if err != nil {
		return nil, err
	}
	type planned struct {
		in   input
		kind campaign.Kind
		sum  *Summary
	}
	sums := make([]Summary, len(inputs))
	plan := make([]planned, 0, len(inputs))
	for i, inp := range inputs {
		sums[i] = Summary{File: inp.name, Path: inp.path, Bytes: inp.size}
		kind, f, err := in.probe(ctx, inp)
		if err != nil {
			sums[i].Format = f
			sums[i].Error = err.Error()
			sums[i].Unreadable = true
			in.log.WithFields(logrus.Fields{"file": inp.path, "error": err}).Error("cannot read file")
			in.logUnreadable(ctx, inp, &sums[i])
			continue
		}
		plan = append(plan, planned{inp, kind, &sums[i]})
	}
	order := map[campaign.Kind]int{}
	for i, k := range campaign.Kinds {
		order[k] = i
	}
	sort.SliceStable(plan, func(i, j int) bool { return order[plan[i].kind] < order[plan[j].kind] })
	var changes warehouse.Changes
	var codes *known
	for _, p := range plan {
		if ctx.Err() != nil {
			break
		}
		if p.kind != campaign.Regions && codes == nil {
			if codes, err = loadKnown(ctx, in.store.Conn); err != nil {
				return sums, err
			}
		}
		*p.sum = in.one(ctx, p.in, p.kind, codes, &changes)
	}
	if err := ctx.Err(); err != nil {
		return sums, err
	}
	if err := in.refresh(ctx, changes); err != nil {
		return sums, err
	}
	failed := 0
	for _, s := range sums {
		if s.Error != "" {
			failed++
		}
	}
	if failed > 0 {
		return sums, fmt.Errorf("%d of %d files: %w", failed, len(sums), ErrFilesFailed)
	}
	return sums, nil
}

// Upload ingests one uploaded file given its name and content, as Files would, and calls
// Refresh. kind, when set, is the kind the caller expects: a file of another kind is
// refused. The Summary carries the first Options.KeepRejections rejected rows; a file
// that cannot be read returns its Summary (with Error set) and the error.
func (in *Ingester) Upload(ctx context.Context, name string, data []byte, kind campaign.Kind) (Summary, error) {
	inp := input{name: baseName(name), data: data, size: int64(len(data))}
	got, f, err := in.probe(ctx, inp)
	if err == nil && kind != "" && got != kind {
		err = fmt.Errorf("file %s is a %s file, not %s", inp.name, got, kind)
	}
	if err != nil {
		s := Summary{File: inp.name, Format: f, Bytes: inp.size, Error: err.Error()}
		in.logUnreadable(ctx, inp, &s)
		return s, fmt.Errorf("ingest %s: %w", inp.name, err)
	}
	var codes *known
	if got != campaign.Regions {
		if codes, err = loadKnown(ctx, in.store.Conn); err != nil {
			return Summary{File: inp.name}, err
		}
	}
	var changes warehouse.Changes
	s := in.one(ctx, inp, got, codes, &changes)
	if s.Error != "" {
		return s, fmt.Errorf("ingest %s: %s", inp.name, s.Error)
	}
	if err := in.refresh(ctx, changes); err != nil {
		return s, err
	}
	return s, nil
}

// refresh brings the figures up to date with what this run loaded and with every refresh
// still pending (a process that died, or an earlier refresh of this one that failed, e.g.
// when ClickHouse was stopped mid-refresh), so a long-running serve or watch repairs the
// figures at its next ingest without waiting for a restart.
func (in *Ingester) refresh(ctx context.Context, changes warehouse.Changes) error {
	pending, err := in.store.Pending(ctx)
	if err != nil {
		return fmt.Errorf("refresh after ingest: %w", err)
	}
	changes.Merge(pending)
	if err := in.store.Refresh(ctx, changes); err != nil {
		return fmt.Errorf("refresh after ingest: %w", err)
	}
	return nil
}

// logUnreadable records a file that could not be read as 'failed' in ingest_log.
func (in *Ingester) logUnreadable(ctx context.Context, inp input, s *Summary) {
	r, err := inp.open()
	if err == nil {
		s.FileID, _, _, err = fingerprint(r)
		closeInput(r)
	}
	if err == nil {
		err = in.writeLog(ctx, s, statusFailed)
	}
	if err != nil {
		in.log.WithFields(logrus.Fields{"file": inp.name, "error": err}).Warn("cannot record the failure in ingest_log")
	}
}

// probe reads a file's header to learn its format and kind.
func (in *Ingester) probe(ctx context.Context, inp input) (campaign.Kind, Format, error) {
	r, err := inp.open()
	if err != nil {
		return "", "", err
	}
	defer closeInput(r)
	head := make([]byte, 64<<10) // enough to judge the encoding of a header
	n, _ := io.ReadFull(r, head)
	f := format(inp.name, head[:n])
	var tally utf8Tally
	tally.count(head[:completeRunes(head[:n])])
	isUTF8 := tally.isUTF8()
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return "", f, err
	}
	src, err := openSource(ctx, r, f, isUTF8, in.opts.Limits)
	if err != nil {
		return "", f, err
	}
	defer src.close()
	l, err := match(src.header(), in.opts.Kind)
	if err != nil {
		return "", f, err
	}
	return l.kind, f, nil
}

// openSource reads a file of format f; utf8 says how to decode a CSV.
func openSource(ctx context.Context, r readerAtSeeker, f Format, utf8 bool, lim Limits) (source, error) {
	switch f {
	case XLSX:
		return newXLSXSource(r, lim)
	case Parquet:
		return newParquetSource(ctx, r)
	}
	return newCSVSource(r, utf8, lim.MaxLineBytes)
}

// versionClock hands out strictly increasing versions: the nanosecond clock, or one more
// than the last version handed out when the clock lags.
type versionClock struct {
	mu   sync.Mutex
	last uint64
}

// next returns a version above every version handed out so far.
func (c *versionClock) next() uint64 { return c.reserve(0) }

// reserve returns a base above every version handed out so far and reserves base+1 ..
// base+n for the rows of a file.
func (c *versionClock) reserve(n uint64) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	base := max(uint64(time.Now().UnixNano()), c.last+1)
	c.last = base + n
	return base
}

// advance makes every later version exceed v.
func (c *versionClock) advance(v uint64) {
	c.mu.Lock()
	c.last = max(c.last, v)
	c.mu.Unlock()
}
