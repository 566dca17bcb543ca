package idcard

import (
	"errors"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		in, want string
		err      error
	}{
		{"11010519491231002X", "11010519491231002X", nil}, // the standard's own example
		{"11010519491231002x", "11010519491231002X", nil},
		{"110105194912310021", "", ErrCheckDigit},
		{"330102800101001", "330102198001010018", nil}, // 15 digits: "19" inserted; weighted sum 136, 136 mod 11 = 4 → 8
		{"33010280013100", "", ErrLength},
		{"3301028001310A1", "", ErrDigits},
		{"330102198002300011", "", ErrBirthDate},
		{"33010219800101001Y", "", ErrDigits},
	}
	for _, c := range cases {
		got, err := Normalize(c.in)
		if !errors.Is(err, c.err) || got != c.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestBirthAndSex(t *testing.T) {
	id := Make("330102", time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), 13)
	if _, err := Normalize(id); err != nil {
		t.Fatalf("Make built an invalid number %s: %v", id, err)
	}
	if !BirthDate(id).Equal(time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("BirthDate(%s) = %v", id, BirthDate(id))
	}
	if !Male(id) {
		t.Errorf("Male(%s) = false, sequence 013 is odd", id)
	}
	if Male(Make("330102", time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC), 12)) {
		t.Error("sequence 012 is even: a woman")
	}
}

func TestAgeOn(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		birth, day time.Time
		want       int
	}{
		{d(1993, 12, 31), d(2009, 12, 31), 16},
		{d(1994, 1, 1), d(2009, 12, 31), 15},
		{d(1949, 12, 31), d(2009, 12, 31), 60},
		{d(1950, 1, 1), d(2009, 12, 31), 59},
		{d(1988, 2, 29), d(2009, 2, 28), 20},
		{d(1988, 2, 29), d(2009, 3, 1), 21},
	}
	for _, c := range cases {
		if got := AgeOn(c.birth, c.day); got != c.want {
			t.Errorf("AgeOn(%v, %v) = %d, want %d", c.birth, c.day, got, c.want)
		}
	}
}
