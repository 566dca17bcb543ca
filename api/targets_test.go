package api

import (
	"encoding/json"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"fullemp/dashboards"
	"fullemp/ingest"
	"fullemp/readmodel"
	"fullemp/standard"
	"fullemp/warehouse/whtest"
)

// TestTargetNames: the targets carry their names in both languages in the API, on the
// overview's gauges (in the page's language), in the targets table and its export; a
// configured target without a name shows its ID.
func TestTargetNames(t *testing.T) {
	f := newFixture(t)
	m := "?month=" + testMonth
	code, body := f.do(t, "city", "GET", "/api/v1/targets"+m, nil, "")
	var p struct {
		Targets []struct {
			ID, Name string
			NameZh   string `json:"name_zh"`
		} `json:"targets"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil || code != 200 {
		t.Fatalf("targets: %d %v %.300s", code, err, body)
	}
	names := map[string][2]string{}
	for _, tg := range p.Targets {
		names[tg.ID] = [2]string{tg.Name, tg.NameZh}
	}
	if got := names["T2009-old"]; got != [2]string{"2009 main-urban old communities", "2009年主城区老社区达标率"} {
		t.Errorf("T2009-old names = %q (all: %v)", got, names)
	}
	for path, want := range map[string][]string{
		"/region/3301" + m:                                   {`"text":"2009年主城区老社区达标率"`, "T2009-old · ≥100%", "2009年主城区街道达标率"},
		"/region/3301" + m + "&lang=en":                      {`"text":"2009 main-urban old communities"`, "T2009-old · ≥100%"},
		"/export/targets.csv?region=3301&month=" + testMonth: {"名称,ID,范围", "2009年主城区老社区达标率,T2009-old,主城区老社区"},
	} {
		code, body := f.do(t, "city", "GET", path, nil, "")
		for _, w := range want {
			if code != 200 || !strings.Contains(body, w) {
				t.Errorf("GET %s = %d: no %q", path, code, w)
			}
		}
	}

	// A target configured in YAML without a name is accepted and shows its ID.
	cfg := standard.Default()
	doc := "targets:\n  - {id: T2009-mine, year: 2009, groups: [main_urban], measure: communities, percent: 50}\n"
	if err := yaml.Unmarshal([]byte(doc), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("a target without a name: %v", err)
	}
	log := whtest.Log()
	dash, err := dashboards.New(readmodel.NewData(f.store, f.store, cfg), f.acc, log)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = New(f.acc, dash, ingest.New(f.store, log, ingest.Options{Workers: 1}), log, Options{})
	if _, body := f.do(t, "city", "GET", "/region/3301"+m, nil, ""); !strings.Contains(body, `"text":"T2009-mine"`) {
		t.Errorf("the nameless target's gauge is not titled by its ID")
	}
	_, body = f.do(t, "city", "GET", "/api/v1/targets"+m, nil, "")
	if !strings.Contains(body, `"id":"T2009-mine","name":"T2009-mine","name_zh":"T2009-mine"`) {
		t.Errorf("the nameless target in the API: %.400s", body)
	}
}
