package readmodel

import "testing"

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
