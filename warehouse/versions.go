package warehouse

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"math/big"
	"sync"
	"time"

	fsql "fullemp/sql"
)

// Reservation is a range of versions [From, To] that no other reservation of any process
// overlaps; one made after another stood lies above it.
type Reservation struct {
	From, To uint64
	kind     string
	token    uint64
}

// The kinds of reservation.
const (
	reserveFile    = "file"
	reserveRefresh = "refresh"
)

var (
	qReservationTop   = fsql.MustQuery("version_reservation_top")
	qReservationAbove = fsql.MustQuery("version_reservation_above")
	qReserve          = fsql.MustQuery("version_reserve")
	qRefreshesBelow   = fsql.MustQuery("version_refreshes_running")
)

// ReserveFile reserves the versions of a file of span rows (row n gets From + n): above
// every version any process was given before, and overlapping no range another process
// is given at the same time, so the file that starts later wins every key it shares.
func (s *Store) ReserveFile(ctx context.Context, fileID, span uint64) (Reservation, error) {
	return s.reserve(ctx, reserveFile, fileID, span)
}

// reserve writes a claim for span+1 versions above the highest reservation, then checks
// that no other live claim reaches as high. Of two claims written at once at least the lower
// one sees the other and withdraws (both may), and tries again above, so the claims that
// stand never overlap, and a claim written after another stood lies above it. The clock is
// a floor, so versions stay above those given by earlier editions (the clock alone).
func (s *Store) reserve(ctx context.Context, kind string, fileID, span uint64) (Reservation, error) {
	for attempt := 0; ; attempt++ {
		var top uint64
		if err := s.Conn.QueryRow(ctx, qReservationTop).Scan(&top); err != nil {
			return Reservation{}, fmt.Errorf("read reserved versions: %w", err)
		}
		r := Reservation{From: clockAbove(top), kind: kind, token: randomToken()}
		r.To = r.From + span
		raiseClock(r.To)
		if err := s.Conn.Exec(ctx, qReserve, r.token, kind, fileID, r.From, r.To, "reserved"); err != nil {
			return Reservation{}, fmt.Errorf("reserve versions: %w", err)
		}
		var above uint64
		if err := s.Conn.QueryRow(ctx, qReservationAbove, r.From, r.token).Scan(&above); err != nil {
			return Reservation{}, fmt.Errorf("check reserved versions: %w", err)
		}
		if above == 0 {
			return r, nil
		}
		if err := s.setReservation(ctx, r, "withdrawn"); err != nil {
			return Reservation{}, err
		}
		if attempt >= 100 {
			return Reservation{}, fmt.Errorf("reserve versions: %d attempts collided with other processes", attempt+1)
		}
		// Two claims that saw each other both withdrew: a random pause parts them.
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(2+attempt)*int64(time.Millisecond)))
		select {
		case <-time.After(time.Duration(n.Int64())):
		case <-ctx.Done():
			return Reservation{}, ctx.Err()
		}
	}
}

// setReservation records a new state of r ('reserved' again is a refresh's heartbeat).
func (s *Store) setReservation(ctx context.Context, r Reservation, state string) error {
	if err := s.Conn.Exec(ctx, qReserve, r.token, r.kind, uint64(0), r.From, r.To, state); err != nil {
		return fmt.Errorf("record reservation %s: %w", state, err)
	}
	return nil
}

// refreshLease is how long a refresh that stopped sending heartbeats (its process died)
// holds up the refreshes reserved after it.
const refreshLease = 3 * time.Second

// startRefresh reserves a refresh's version and waits until every refresh of any process
// reserved below it has finished (or its process died: no heartbeat for refreshLease), so
// that refreshes run in the order of their versions and none computes from what an older
// one has not finished writing. The returned stop ends the heartbeat and records the
// refresh as done.
func (s *Store) startRefresh(ctx context.Context) (Reservation, func(), error) {
	r, err := s.reserve(ctx, reserveRefresh, 0, 0)
	if err != nil {
		return r, nil, err
	}
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(refreshLease / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				if err := s.setReservation(hctx, r, "reserved"); err != nil && hctx.Err() == nil {
					s.Log.WithError(err).Warn("refresh heartbeat")
				}
			}
		}
	}()
	stop := func() {
		cancel()
		wg.Wait()
		dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer dcancel()
		if err := s.setReservation(dctx, r, "done"); err != nil {
			s.Log.WithError(err).Warn("recording the end of a refresh")
		}
	}
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		var running uint64
		err := s.Conn.QueryRow(ctx, qRefreshesBelow, r.From, r.From-min(r.From, uint64(time.Hour)), uint32(refreshLease/time.Second)).Scan(&running)
		if err != nil {
			stop()
			return r, nil, fmt.Errorf("read running refreshes: %w", err)
		}
		if running == 0 {
			return r, stop, nil
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			stop()
			return r, nil, ctx.Err()
		}
	}
}

var (
	clockMu   sync.Mutex
	lastClock uint64
)

// clockAbove returns the nanosecond clock, or more: above floor and above every value this
// process handed out.
func clockAbove(floor uint64) uint64 {
	clockMu.Lock()
	defer clockMu.Unlock()
	v := max(uint64(time.Now().UnixNano()), floor+1, lastClock+1)
	lastClock = v
	return v
}

// raiseClock makes every later clockAbove exceed v.
func raiseClock(v uint64) {
	clockMu.Lock()
	lastClock = max(lastClock, v)
	clockMu.Unlock()
}

func randomToken() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return binary.LittleEndian.Uint64(b[:])
}
