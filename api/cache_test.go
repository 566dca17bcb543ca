package api

import (
	"fmt"
	"testing"
)

// TestJunkParametersMakeNoCacheEntries: requests that differ only in parameters the
// answer does not read (cache busters, junk) or in how the month is written share one
// cache entry, so nobody can grow the cache by varying a URL.
func TestJunkParametersMakeNoCacheEntries(t *testing.T) {
	f := newFixture(t)
	for _, u := range []string{"/api/v1/regions/3301?month=" + testMonth, "/region/" + distA + "?month=" + testMonth} {
		if code, body := f.do(t, "city", "GET", u, nil, ""); code != 200 {
			t.Fatalf("GET %s: %d %.200s", u, code, body)
		}
	}
	before, _ := f.srv.dash.Data.CacheStats()
	for i := 0; i < 50; i++ {
		for _, u := range []string{
			fmt.Sprintf("/api/v1/regions/3301?month=%s&_=%d", testMonth, i),
			fmt.Sprintf("/api/v1/regions/3301?junk%d=x&month=%s", i, testMonth),
			fmt.Sprintf("/region/%s?month=200912&x=%d", distA, i),
			fmt.Sprintf("/region/%s?month=%s&utm=%d", distA, testMonth, i),
		} {
			if code, body := f.do(t, "city", "GET", u, nil, ""); code != 200 {
				t.Fatalf("GET %s: %d %.200s", u, code, body)
			}
		}
	}
	if after, _ := f.srv.dash.Data.CacheStats(); after != before {
		t.Errorf("cache entries %d after 200 requests with junk parameters, %d before: want no new entry", after, before)
	}
}
