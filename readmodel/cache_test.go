package readmodel

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestCacheBoundedInBytes: entries of 100 KB under a 1 MB bound keep the cache within
// it, dropping the least recently used; an entry read again survives; Invalidate and a
// run in flight across it leave the accounting right.
func TestCacheBoundedInBytes(t *testing.T) {
	d := &Data{ttl: time.Hour, memo: map[string]*memoEntry{}, MaxBytes: 1 << 20}
	ctx := context.Background()
	page := func(context.Context) ([]byte, error) { return make([]byte, 100<<10), nil }
	if _, err := Cached(ctx, d, "keep", page); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if _, err := Cached(ctx, d, fmt.Sprint("p", i), page); err != nil {
			t.Fatal(err)
		}
		if _, err := Cached(ctx, d, "keep", page); err != nil { // used again: most recent
			t.Fatal(err)
		}
		if n, b := d.CacheStats(); b > d.MaxBytes {
			t.Fatalf("after %d pages: %d entries, %d bytes > %d", i+1, n, b, d.MaxBytes)
		}
	}
	n, b := d.CacheStats()
	if n < 8 || n > 10 || b < 800<<10 {
		t.Errorf("%d entries, %d bytes: want the bound used, about 9 entries of 100 KB", n, b)
	}
	d.mu.Lock()
	_, kept := d.memo["keep"]
	_, old := d.memo["p0"]
	d.mu.Unlock()
	if !kept || old {
		t.Errorf("the entry read after every insert kept: %v; the oldest dropped: %v", kept, !old)
	}
	release := make(chan struct{})
	go func() {
		_, _ = Cached(ctx, d, "slow", func(context.Context) ([]byte, error) { <-release; return make([]byte, 100<<10), nil })
	}()
	time.Sleep(20 * time.Millisecond)
	d.Invalidate()
	close(release)
	time.Sleep(20 * time.Millisecond)
	if n, b := d.CacheStats(); n != 0 || b != 0 {
		t.Errorf("after Invalidate with a run in flight: %d entries, %d bytes; want 0, 0", n, b)
	}
}

// TestApproxSize: sizes count what values reach, shared parts once.
func TestApproxSize(t *testing.T) {
	type row struct {
		Name  string
		Cells []string
	}
	shared := make([]byte, 1000)
	for _, c := range []struct {
		v        any
		min, max int64
	}{
		{make([]byte, 1000), 1000, 1100},
		{row{Name: "甲乙", Cells: []string{"abcd", "efgh"}}, 6 + 8 + 32, 200},
		{[][]byte{shared, shared}, 1000, 1200},
		{&struct{ Notice string }{Notice: string(make([]byte, 5000))}, 5000, 6000},
		{map[string]int{"a": 1, "b": 2}, 2, 200},
	} {
		if n := approxSize(c.v); n < c.min || n > c.max {
			t.Errorf("approxSize(%T) = %d, want %d..%d", c.v, n, c.min, c.max)
		}
	}
}

// TestCachedStale: one run per key for concurrent callers; a stale value is served at
// once while one background run refreshes it; errors are not kept.
func TestCachedStale(t *testing.T) {
	d := &Data{ttl: 50 * time.Millisecond, memo: map[string]*memoEntry{}}
	var runs atomic.Int32
	slow := func(ctx context.Context) (int, error) {
		n := runs.Add(1)
		time.Sleep(20 * time.Millisecond)
		return int(n), nil
	}
	ctx := context.Background()
	done := make(chan int, 10)
	for i := 0; i < 10; i++ {
		go func() { v, _ := Cached(ctx, d, "k", slow); done <- v }()
	}
	for i := 0; i < 10; i++ {
		if v := <-done; v != 1 {
			t.Fatalf("concurrent first callers got %d, want 1", v)
		}
	}
	time.Sleep(60 * time.Millisecond)
	start := time.Now()
	if v, _ := Cached(ctx, d, "k", slow); v != 1 || time.Since(start) > 10*time.Millisecond {
		t.Errorf("stale read = %d after %s, want the old value at once", v, time.Since(start))
	}
	time.Sleep(40 * time.Millisecond)
	if v, _ := Cached(ctx, d, "k", slow); v != 2 {
		t.Errorf("after the refresh = %d, want 2", v)
	}
	boom := errors.New("boom")
	if _, err := Cached(ctx, d, "e", func(context.Context) (int, error) { return 0, boom }); err != boom {
		t.Errorf("error = %v", err)
	}
	if v, err := Cached(ctx, d, "e", func(context.Context) (int, error) { return 7, nil }); err != nil || v != 7 {
		t.Errorf("after an error = %d, %v; want a new run", v, err)
	}
}
