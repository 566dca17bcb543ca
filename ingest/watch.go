package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// Watch ingests the data files dropped into dir until ctx ends (the nightly insurance
// extract arrives that way). It polls every poll (default 2 s); a file is taken once its
// size and modification time have not changed over one poll, so a file still being copied
// waits. The files found together are ingested as one run (regions first), then each is
// moved to dir/done/ (ingested or skipped as already ingested; its rejected rows are in
// quarantine) or dir/failed/ (unreadable). A file that failed for the warehouse's sake
// stays where it is and is tried again. report, when not nil, sees every Summary.
func (in *Ingester) Watch(ctx context.Context, dir string, poll time.Duration, report func(Summary)) error {
	if poll <= 0 {
		poll = 2 * time.Second
	}
	for _, sub := range []string{"done", "failed"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("watch %s: %w", dir, err)
		}
	}
	in.log.WithFields(logrus.Fields{"dir": dir, "poll": poll}).Info("watching for files")
	type seen struct {
		size int64
		mod  time.Time
	}
	last := map[string]seen{}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("watch %s: %w", dir, err)
		}
		now := map[string]seen{}
		var ready []string
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				continue
			}
			if _, ok := dataExts[strings.ToLower(filepath.Ext(name))]; !ok {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // gone since ReadDir
			}
			p := filepath.Join(dir, name)
			now[p] = seen{info.Size(), info.ModTime()}
			if prev, ok := last[p]; ok && prev == now[p] {
				ready = append(ready, p)
			}
		}
		last = now
		if len(ready) > 0 {
			sums, err := in.Files(ctx, ready)
			if ctx.Err() != nil {
				return nil
			}
			if err != nil && !errors.Is(err, ErrFilesFailed) {
				in.log.WithError(err).Error("watch: ingest run failed; files stay for the next poll")
			} else {
				for _, s := range sums {
					if report != nil {
						report(s)
					}
					if s.Error != "" && !s.Unreadable {
						in.log.WithFields(logrus.Fields{"file": s.Path, "error": s.Error}).Warn("watch: warehouse error; the file stays for the next poll")
						continue
					}
					in.settle(dir, s)
					delete(last, s.Path)
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// settle moves an ingested file to done/ or failed/, never over an earlier file there.
func (in *Ingester) settle(dir string, s Summary) {
	sub := "done"
	if s.Error != "" {
		sub = "failed"
	}
	dst := filepath.Join(dir, sub, s.File)
	if _, err := os.Stat(dst); err == nil {
		ext := filepath.Ext(s.File)
		dst = filepath.Join(dir, sub, fmt.Sprintf("%s.%s%s", strings.TrimSuffix(s.File, ext), time.Now().Format("20060102T150405.000"), ext))
	}
	if err := os.Rename(s.Path, dst); err != nil {
		in.log.WithFields(logrus.Fields{"file": s.Path, "error": err}).Error("watch: cannot move file")
	}
}
