package dashboards

import (
	"testing"
)

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
