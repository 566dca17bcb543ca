package warehouse

import (
	"context"
	"errors"
	"time"

	"github.com/sirupsen/logrus"
)

// Restart backoff of Supervise: the first restart waits RestartBackoff, each failed or
// short-lived run doubles the wait up to RestartBackoffMax; a run that lasted
// restartStable starts again from RestartBackoff.
const (
	RestartBackoff    = time.Second
	RestartBackoffMax = 30 * time.Second
	restartStable     = time.Minute
)

var errStopping = errors.New("local clickhouse-server is being stopped")

// Supervise restarts the server this process started whenever it exits without Stop —
// killed, crashed, out of memory — on the same folder and ports, so the Store's
// connections find it again; until then every call fails with ErrUnavailable. Each exit,
// restart and failed restart is logged (component clickhouse-server). It returns when ctx
// ends or Stop is called, and at once for a server another process owns.
func (s *LocalServer) Supervise(ctx context.Context) {
	if s == nil {
		return
	}
	backoff := RestartBackoff
	for {
		s.mu.Lock()
		p := s.proc
		s.mu.Unlock()
		if p == nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-p.exited:
		}
		s.mu.Lock()
		stopping := s.stopping
		s.mu.Unlock()
		if stopping {
			return
		}
		up := time.Since(p.started)
		if up >= restartStable {
			backoff = RestartBackoff
		}
		down := time.Now()
		s.log.WithFields(logrus.Fields{"pid": p.cmd.Process.Pid, "exit": exitOf(p.err), "ran": up.Round(time.Millisecond).String(),
			"restart_in": backoff.String(), "dir": s.Dir}).Error("local ClickHouse exited; restarting it")
		for attempt := 1; ; attempt++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			next := min(2*backoff, RestartBackoffMax)
			np, err := s.restart(ctx)
			if errors.Is(err, errStopping) || ctx.Err() != nil {
				return
			}
			if err == nil {
				s.log.WithFields(logrus.Fields{"pid": np.cmd.Process.Pid, "addr": s.Addr(), "attempt": attempt,
					"down": time.Since(down).Round(time.Millisecond).String()}).Warn("restarted local ClickHouse")
				backoff = next // a server that dies again soon waits longer
				break
			}
			s.log.WithError(err).WithFields(logrus.Fields{"attempt": attempt, "retry_in": next.String()}).Error("restarting local ClickHouse failed")
			backoff = next
		}
	}
}

// restart starts the server again and waits until it accepts connections; a run that
// does not get there is killed.
func (s *LocalServer) restart(ctx context.Context) (*serverProc, error) {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		return nil, errStopping
	}
	p, err := s.spawn()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx, p, 90*time.Second); err != nil {
		_ = p.cmd.Process.Kill()
		<-p.exited
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.stopping {
			return nil, errStopping
		}
		return nil, err
	}
	return p, nil
}

// exitOf says how a run ended: "exit status 0", "signal: killed", ….
func exitOf(err error) string {
	if err == nil {
		return "exit status 0"
	}
	return err.Error()
}
