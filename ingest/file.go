package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/sync/errgroup"

	"fullemp/campaign"
	"fullemp/warehouse"
)

// one ingests a single file of a known kind: fingerprint, skip when done, log 'started',
// load with the workers, count replaced keys, log 'done' (or 'failed'). changes gathers
// what it loaded.
func (in *Ingester) one(ctx context.Context, inp input, kind campaign.Kind, codes *known, changes *warehouse.Changes) Summary {
	start := time.Now()
	s := Summary{File: inp.name, Path: inp.path, Kind: kind, Bytes: inp.size}
	log := in.log.WithFields(logrus.Fields{"file": inp.name, "kind": kind})
	err := in.load(ctx, inp, codes, &s, changes, &stepClock{log: log, last: start})
	s.Seconds = time.Since(start).Seconds()
	switch {
	case err == nil && s.Skipped:
		log.WithField("file_id", s.FileID).Info("already ingested: skipped")
	case err == nil:
		log.WithFields(logrus.Fields{"read": s.Read, "loaded": s.Loaded, "replaced": s.Replaced,
			"rejected": s.Rejected, "seconds": fmt.Sprintf("%.2f", s.Seconds)}).Info("ingested")
	default:
		s.Error = err.Error()
		s.Unreadable = errors.Is(err, ErrUnreadable)
		log.WithError(err).Error("ingest failed")
		if s.FileID != 0 && !errors.Is(err, context.Canceled) {
			wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if lerr := in.writeLog(wctx, &s, statusFailed); lerr != nil {
				log.WithError(lerr).Warn("cannot record the failure in ingest_log")
			}
			cancel()
		}
	}
	return s
}

func (in *Ingester) load(ctx context.Context, inp input, codes *known, s *Summary, changes *warehouse.Changes, clock *stepClock) error {
	start := clock.last
	r, err := inp.open()
	if err != nil {
		return unreadable(err)
	}
	defer closeInput(r)
	id, isUTF8, head, err := fingerprint(r)
	if err != nil {
		return unreadable(fmt.Errorf("read: %w", err))
	}
	s.ContentID = id
	if inp.scope != nil {
		id = scopedID(id, inp.scope.Area)
	}
	s.FileID, s.Format = id, format(inp.name, head)
	clock.step("fingerprint")
	status, err := lastStatus(ctx, in.store.Conn, id)
	if err != nil {
		return err
	}
	if status == statusDone {
		s.Skipped = true
		rep, ok, err := doneReport(ctx, in, id)
		if err != nil {
			return err
		}
		if ok {
			s.First = &rep
		}
		return nil
	}
	if _, err := r.Seek(0, 0); err != nil {
		return fmt.Errorf("rewind: %w", err)
	}
	src, err := openSource(ctx, r, s.Format, isUTF8, in.opts.Limits)
	if err != nil {
		return unreadable(err)
	}
	defer src.close()
	lay, err := match(src.header(), s.Kind)
	if err != nil {
		return unreadable(err)
	}
	s.Unknown = lay.unknown
	s.HeaderRow = 1
	if ps, ok := src.(*parquetSource); ok {
		if err := ps.checkTypes(lay); err != nil {
			return unreadable(err)
		}
	}
	if xs, ok := src.(*xlsxSource); ok {
		s.HeaderRow = xs.headerRow
		if err := xs.watchNumbers(lay); err != nil {
			return unreadable(err)
		}
	}
	var g *guard
	if inp.scope != nil {
		if src, g, err = in.newGuard(ctx, src, lay, *inp.scope); err != nil {
			return err
		}
	}
	if codes == nil {
		codes = &known{}
	}
	// Row n has version base+n: a CSV has fewer rows than bytes; a compressed XLSX or
	// Parquet file may hold far more rows than bytes.
	span := uint64(inp.size)
	if s.Format != CSV {
		span *= compressedRowsPerByte
	}
	base, to, err := in.versionsOf(ctx, id, span)
	if err != nil {
		return err
	}
	s.versionFrom, s.versionTo = base, to
	clock.step("reserve versions")
	if h := in.afterReserve; h != nil {
		h(id)
	}
	if err := in.writeLog(ctx, s, statusStarted); err != nil {
		return err
	}
	st := stagingFor(lay.kind, id)
	if err := st.create(ctx, in); err != nil {
		return err
	}
	defer st.drop(ctx, in)
	clock.step("create staging")
	fr := &fileRun{in: in, lay: lay, fileID: id, base: base, codes: codes, months: map[time.Time]bool{},
		gbk:  s.Format == CSV && !isUTF8,
		q:    newQuarantineWriter(in.store.Conn, st.quarantine, id, inp.name, lay, in.opts.KeepRejections),
		prog: in.newProgress(inp.name, inp.size), guard: g,
		stage: st.data}
	err = fr.pump(ctx, src)
	if err == nil {
		err = fr.q.flush(ctx)
	}
	if err == nil && lay.kind == campaign.Ledger {
		_, err = in.damagedHouseholds(ctx, fr, st, func(want map[uint32]bool) (map[uint32][]string, error) {
			if _, err := r.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
			again, err := openSource(ctx, r, s.Format, isUTF8, in.opts.Limits)
			if err != nil {
				return nil, err
			}
			defer again.close()
			return fr.rowCells(again, want)
		})
		if err == nil {
			err = fr.q.flush(ctx)
		}
	}
	in.versions.advance(base + uint64(fr.last.Load()))
	s.versionTo = max(s.versionTo, base+uint64(fr.last.Load()))
	s.Read, s.Loaded, s.Rejected = fr.read.Load(), fr.loaded.Load(), fr.rejected.Load()
	s.Rejections = fr.q.kept
	for i := range s.Rejections {
		s.Rejections[i].SheetRow = uint32(s.HeaderRow) + s.Rejections[i].Row
	}
	fr.prog.done(s)
	if err != nil {
		s.Loaded = 0 // the staged rows are dropped: nothing of the file is in the tables
		if tm := (*tooManyRejected)(nil); errors.As(err, &tm) {
			tm.first = s.Rejections
			return unreadable(err)
		}
		return err
	}
	clock.step("parse and stage rows")
	// The replaced count and the pairs the file touches read the same tables, both before
	// the file's rows are published, and neither needs the other: they run together.
	var pairs []warehouse.Pair
	var after uint64
	touches := len(fr.months) > 0 && s.Loaded > 0
	reads, rctx := errgroup.WithContext(ctx)
	reads.Go(func() (err error) {
		s.Replaced, err = in.replaced(rctx, st, id, base, fr.months, s.Loaded)
		return err
	})
	if touches {
		reads.Go(func() (err error) {
			after, pairs, err = in.touched(rctx, st, fr.months, len(codes.communities), s.Loaded)
			return err
		})
	}
	if err := reads.Wait(); err != nil {
		return err
	}
	clock.step("count replaced, read touched pairs")
	// The months and pairs the file touches are recorded before its rows become visible,
	// so a process that dies from here on leaves a refresh that the next one completes; and
	// so is the replaced count, which a re-run keeps. The two writes run together.
	marks, gctx := errgroup.WithContext(ctx)
	if touches {
		months := make([]time.Time, 0, len(fr.months))
		for m := range fr.months {
			months = append(months, m)
		}
		marks.Go(func() error { return in.store.MarkPending(gctx, id, lay.kind, months, pairs, after) })
		changes.Files = append(changes.Files, id)
	}
	marks.Go(func() error { return in.writeLog(gctx, s, statusStarted) })
	if err := marks.Wait(); err != nil {
		return err
	}
	clock.step("mark pending, log the replaced count")
	if err := st.publish(ctx, in); err != nil {
		return err
	}
	codes.notePadded(fr.published)
	clock.step("publish")
	if s.Loaded > 0 {
		changes.Add(lay.kind, time.Time{})
		for _, p := range pairs {
			changes.AddPair(lay.kind, p)
		}
		changes.AddAfter(after)
	}
	s.Seconds = time.Since(start).Seconds()
	if err := in.writeLog(ctx, s, statusDone); err != nil {
		return err
	}
	if h := in.afterDone; h != nil {
		h()
	}
	return nil
}

// stepClock logs at debug level how long each step of a file's ingest took.
type stepClock struct {
	log  *logrus.Entry
	last time.Time
}

func (c *stepClock) step(name string) {
	now := time.Now()
	c.log.WithFields(logrus.Fields{"step": name, "took": now.Sub(c.last)}).Debug("ingest step")
	c.last = now
}

// compressedRowsPerByte bounds the rows per byte of a compressed file (XLSX, Parquet) when
// reserving its versions.
const compressedRowsPerByte = 1000

// versionsOf returns the row versions of a file that needs span of them: the range it was
// given when first attempted (so a re-run after a crash never outranks a file loaded
// since), or a new reservation (warehouse.ReserveFile) above every version given so far
// by any process, and overlapping none given at the same time.
func (in *Ingester) versionsOf(ctx context.Context, fileID, span uint64) (from, to uint64, err error) {
	err = in.store.Conn.QueryRow(ctx, qVersionRange, fileID).Scan(&from, &to)
	switch {
	case err == nil:
		in.versions.advance(to)
		return from, to, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, 0, fmt.Errorf("read the file's versions in ingest_log: %w", err)
	}
	r, err := in.store.ReserveFile(ctx, fileID, span)
	if err != nil {
		return 0, 0, err
	}
	in.versions.advance(r.To)
	return r.From, r.To, nil
}

// ErrUnreadable marks a failure that lies in the file itself (corrupt, wrong format,
// unknown header), as opposed to the warehouse: sending the same file again cannot help.
var ErrUnreadable = errors.New("unreadable file")

func unreadable(err error) error { return fmt.Errorf("%w: %w", ErrUnreadable, err) }

func baseName(name string) string {
	if b := filepath.Base(name); b != "." && b != "/" {
		return b
	}
	return name
}
