package ingest

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
)

// progress shows how far a file's ingest is: a bar redrawn in place on a terminal, a plain
// line every 10 s otherwise. A nil *progress shows nothing.
type progress struct {
	w     io.Writer
	tty   bool
	name  string
	size  int64
	start time.Time
	rows  atomic.Int64
	bytes atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
}

func (in *Ingester) newProgress(name string, size int64) *progress {
	w := in.opts.Progress
	if w == nil {
		return nil
	}
	p := &progress{w: w, name: name, size: size, start: time.Now(), stop: make(chan struct{})}
	if f, ok := w.(*os.File); ok {
		p.tty = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	every := 10 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

func (p *progress) add(rows, bytes int64) {
	if p == nil {
		return
	}
	p.rows.Add(rows)
	p.bytes.Add(bytes)
}

func (p *progress) draw() {
	rows, secs := p.rows.Load(), time.Since(p.start).Seconds()
	rate := float64(rows) / max(secs, 1e-3)
	if !p.tty {
		fmt.Fprintf(p.w, "ingest %s: %d rows, %.0f rows/s\n", p.name, rows, rate)
		return
	}
	bar, pct := strings.Repeat("·", 30), ""
	if p.size > 0 && p.bytes.Load() > 0 {
		frac := min(float64(p.bytes.Load())/float64(p.size), 1)
		n := int(frac * 30)
		bar = strings.Repeat("█", n) + strings.Repeat("·", 30-n)
		pct = fmt.Sprintf("%3.0f%% ", frac*100)
	}
	fmt.Fprintf(p.w, "\r%-28.28s [%s] %s%d rows  %.0f rows/s ", p.name, bar, pct, rows, rate)
}

// done stops the display and, on a terminal, replaces the bar with the file's outcome.
func (p *progress) done(s *Summary) {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if !p.tty {
		return // the log line of the file's outcome says it already
	}
	fmt.Fprintf(p.w, "\r\033[Kingest %s: %d read, %d loaded, %d rejected in %.1f s\n", p.name, s.Read, s.Loaded, s.Rejected, time.Since(p.start).Seconds())
}
