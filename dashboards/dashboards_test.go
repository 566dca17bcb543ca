package dashboards

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{
		"330102198001010018": "330102********0018",
		"330102800101001":    "330102********1001",
		"123":                "****",
	} {
		if got := MaskID(in); got != want {
			t.Errorf("MaskID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMessagesInBothLanguages(t *testing.T) {
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language: %q", k, m)
		}
	}
	if T(En, "league") == T(Zh, "league") {
		t.Error("English and Chinese labels are the same")
	}
}

func TestTemplatesAndAssets(t *testing.T) {
	a, err := LoadAssets()
	if err != nil {
		t.Fatal(err)
	}
	if u := a.URL("echarts.min.js"); a.ByURL(u) == nil || len(a.ByURL(u).Body) < 500_000 {
		t.Errorf("echarts asset at %s missing or truncated", u)
	}
	if _, err := parseTemplates(a); err != nil {
		t.Fatal(err)
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
		go func() { v, _ := cached(ctx, d, "k", slow); done <- v }()
	}
	for i := 0; i < 10; i++ {
		if v := <-done; v != 1 {
			t.Fatalf("concurrent first callers got %d, want 1", v)
		}
	}
	time.Sleep(60 * time.Millisecond)
	start := time.Now()
	if v, _ := cached(ctx, d, "k", slow); v != 1 || time.Since(start) > 10*time.Millisecond {
		t.Errorf("stale read = %d after %s, want the old value at once", v, time.Since(start))
	}
	time.Sleep(40 * time.Millisecond)
	if v, _ := cached(ctx, d, "k", slow); v != 2 {
		t.Errorf("after the refresh = %d, want 2", v)
	}
	boom := errors.New("boom")
	if _, err := cached(ctx, d, "e", func(context.Context) (int, error) { return 0, boom }); err != boom {
		t.Errorf("error = %v", err)
	}
	if v, err := cached(ctx, d, "e", func(context.Context) (int, error) { return 7, nil }); err != nil || v != 7 {
		t.Errorf("after an error = %d, %v; want a new run", v, err)
	}
}
