package account

import (
	"strings"
	"testing"
)

func TestPrincipalAllows(t *testing.T) {
	city := Principal{User: "c", Role: City, Region: "3301"}
	dist := Principal{User: "d", Role: District, Region: "330102"}
	comm := Principal{User: "m", Role: Community, Region: "330102001001"}
	for _, tc := range []struct {
		p    Principal
		code string
		want bool
	}{
		{city, "3301", true}, {city, "330185001002", true}, {city, "main_urban", true},
		{city, "3302", false}, {city, "", false},
		{dist, "330102", true}, {dist, "330102001", true}, {dist, "3301", false},
		{dist, "330103", false}, {dist, "main_urban", false}, {dist, "33010", false},
		{comm, "330102001001", true}, {comm, "330102001", false}, {comm, "330102001002", false},
		{Principal{}, "3301", false}, {Principal{Role: "admin", Region: "3301"}, "3301", false},
	} {
		if got := tc.p.Allows(tc.code); got != tc.want {
			t.Errorf("%s(%s).Allows(%q) = %v, want %v", tc.p.Role, tc.p.Region, tc.code, got, tc.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, tc := range []struct {
		role, region string
		ok           bool
	}{
		{"city", "3301", true}, {"district", "330102", true}, {"street", "330102001", true},
		{"community", "330102001001", true}, {"district", "3301", false}, {"admin", "3301", false},
		{"street", "33010200x", false}, {"district", "320102", false},
	} {
		_, err := ParseRole(tc.role, tc.region)
		if (err == nil) != tc.ok {
			t.Errorf("ParseRole(%q, %q) = %v, want ok=%v", tc.role, tc.region, err, tc.ok)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	a := &Accounts{MinPasswordLen: 12}
	demo := &Accounts{MinPasswordLen: 12, Demo: true}
	for _, tc := range []struct {
		a        *Accounts
		name, pw string
		ok       bool
	}{
		{a, "wang", "correct-horse-1", true},
		{a, "wang", "Short-1", false},
		{a, "wang", "alllowercaseletters", false},
		{a, "wang", "wang-is-great-1", false},
		{a, "wang", "My-password-2024", false},
		{a, "city", "city-demo-2009", false},
		{a, "x1", "street-demo-2009", false},
		{demo, "city", "city-demo-2009", true},
		{a, "wang", "长城长城长城-2024-ab", true},
		{a, "wang", strings.Repeat("Aa1", 30), false},
	} {
		err := tc.a.checkPassword(tc.name, tc.pw)
		if (err == nil) != tc.ok {
			t.Errorf("checkPassword(%q, %q) demo=%v = %v, want ok=%v", tc.name, tc.pw, tc.a.Demo, err, tc.ok)
		}
	}
}
