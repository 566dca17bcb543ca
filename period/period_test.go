package period

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func m(s string) time.Time { t, _ := time.Parse("2006-01", s); return t }

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in, canon, from, to string
		kind                Kind
		zh, en              string
	}{
		{"2009-12", "2009-12", "2009-12", "2009-12", Month, "2009年12月", "2009-12"},
		{"200906", "2009-06", "2009-06", "2009-06", Month, "2009年6月", "2009-06"},
		{"2009-Q4", "2009-Q4", "2009-10", "2009-12", Quarter, "2009年第四季度", "Q4 2009"},
		{"2010q1", "2010-Q1", "2010-01", "2010-03", Quarter, "2010年第一季度", "Q1 2010"},
		{"2009", "2009", "2009-01", "2009-12", Year, "2009年", "2009"},
	} {
		p, err := Parse(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if p.String() != c.canon || !p.From.Equal(m(c.from)) || !p.To.Equal(m(c.to)) || p.Kind != c.kind || p.Label(true) != c.zh || p.Label(false) != c.en {
			t.Errorf("%s: %+v %s %s %s", c.in, p, p.String(), p.Label(true), p.Label(false))
		}
	}
	for _, bad := range []string{"", "2009-13", "2009-Q5", "1899", "09-12", "2009-12-01", "Q4"} {
		if _, err := Parse(bad); !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestResolve(t *testing.T) {
	data := []time.Time{m("2007-01"), m("2010-12"), m("2010-10"), m("2009-05")}
	p, _ := Parse("2010-Q4")
	if r, err := p.Resolve(data); err != nil || !r.Last.Equal(m("2010-12")) {
		t.Errorf("Q4: %+v %v", r, err)
	}
	p, _ = Parse("2009-Q2")
	if r, err := p.Resolve(data); err != nil || !r.Last.Equal(m("2009-05")) {
		t.Errorf("Q2 with only May: %+v %v", r, err)
	}
	p, _ = Parse("2011-01")
	_, err := p.Resolve(data)
	if !errors.Is(err, ErrNoData) || !strings.Contains(err.Error(), "2007-01 to 2010-12") {
		t.Errorf("outside: %v", err)
	}
}

func TestChoices(t *testing.T) {
	ms, qs, ys := Choices([]time.Time{m("2009-11"), m("2009-12"), m("2010-01")})
	if len(ms) != 3 || ms[0].String() != "2010-01" || len(qs) != 2 || qs[0].String() != "2010-Q1" || qs[1].String() != "2009-Q4" || len(ys) != 2 || ys[1].String() != "2009" {
		t.Errorf("%v %v %v", ms, qs, ys)
	}
}
