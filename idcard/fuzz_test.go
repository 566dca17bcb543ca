package idcard

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzNormalize: on any input Normalize either refuses or gives an 18-character number
// with digits, an X only as its check character, a valid check digit and a real birth
// date, which Normalize gives back unchanged; a 15-digit input keeps its digits around the
// inserted "19".
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "11010519491231002x", "110105194912310021", "330102800101001",
		"33010280013100", "3301028001310A1", "330102198002300011", "33010219800101001Y", " 330102800101001\t",
		"330102188001010010", "330102187912310019", "000000000000000000", "ǅ10105194912310020", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Normalize(s)
		if err != nil {
			if id != "" {
				t.Fatalf("Normalize(%q) = %q with error %v", s, id, err)
			}
			if Chinese(err) == "身份证号无效" {
				t.Fatalf("Normalize(%q): error %v has no Chinese reason", s, err)
			}
			return
		}
		if len(id) != 18 || !allDigits(id[:17]) || !(id[17] == 'X' || id[17] >= '0' && id[17] <= '9') {
			t.Fatalf("Normalize(%q) = %q: not 17 digits and a check character", s, id)
		}
		if CheckDigit(id[:17]) != id[17] {
			t.Fatalf("Normalize(%q) = %q: check character %c, want %c", s, id, id[17], CheckDigit(id[:17]))
		}
		b := BirthDate(id)
		if b.IsZero() || b.Year() < 1880 || b.Format("20060102") != id[6:14] {
			t.Fatalf("Normalize(%q) = %q: birth date %v", s, id, b)
		}
		if again, err := Normalize(id); err != nil || again != id {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, id, id, again, err)
		}
		in := strings.ToUpper(strings.TrimSpace(s))
		switch len(in) {
		case 18:
			if id != in {
				t.Fatalf("Normalize(%q) = %q, want the number itself", s, id)
			}
		case 15:
			if id[:17] != in[:6]+"19"+in[6:] {
				t.Fatalf("Normalize(%q) = %q, want %s19%s and a check digit", s, id, in[:6], in[6:])
			}
		default:
			t.Fatalf("Normalize(%q) = %q from %d characters", s, id, len(in))
		}
	})
}

// FuzzCheckDigit: Make builds a number Normalize accepts as it is, carrying the birth
// date and sex it was made with, and changing any one of its 18 characters to another
// digit (or the check character to X) makes Normalize refuse it: the MOD 11-2 check
// catches every single-character error.
func FuzzCheckDigit(f *testing.F) {
	f.Add(uint32(330102), int32(-3653), uint16(13), uint8(17), uint8(1))
	f.Add(uint32(110105), int32(-7305), uint16(2), uint8(0), uint8(9))
	f.Add(uint32(999999), int32(49000), uint16(999), uint8(9), uint8(5))
	f.Fuzz(func(t *testing.T, address uint32, days int32, seq uint16, pos, digit uint8) {
		addr := fmt.Sprintf("%06d", address%1_000_000)
		birth := time.Date(1880, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days)%(365*200)+365*100)
		if birth.Year() < 1880 || birth.Year() > 9999 {
			return
		}
		id := Make(addr, birth, int(seq))
		got, err := Normalize(id)
		if err != nil || got != id {
			t.Fatalf("Make(%s, %s, %d) = %q, which Normalize gives as %q, %v", addr, birth.Format("2006-01-02"), seq, id, got, err)
		}
		if !BirthDate(id).Equal(birth) {
			t.Fatalf("%s: birth date %v, made with %v", id, BirthDate(id), birth)
		}
		if Male(id) != (seq%1000%2 == 1) {
			t.Fatalf("%s: male %v, made with sequence %d", id, Male(id), seq)
		}
		i := int(pos) % 18
		c := byte('0' + digit%10)
		if i == 17 && digit%11 == 10 {
			c = 'X'
		}
		if c == id[i] {
			return
		}
		bad := id[:i] + string(c) + id[i+1:]
		if _, err := Normalize(bad); err == nil {
			t.Fatalf("%s with character %d changed to %c (%s) is accepted", id, i+1, c, bad)
		}
	})
}
