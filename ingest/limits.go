package ingest

import "fmt"

// Limits bound what one input file can make fullemp store or hold; each is a key of the
// ingest section of fullemp.yaml. A value past a limit rejects its row with a reason
// naming the key.
type Limits struct {
	// MaxLineBytes is the longest CSV line read whole (ingest.max_line_bytes); a longer
	// line is rejected alone, its first MaxLineBytes bytes kept in quarantine, and reading
	// resumes at the next line. Default 65536 (a ledger row is about 200 bytes).
	MaxLineBytes int `yaml:"max_line_bytes"`
	// MaxTextChars is the longest text cell, in characters (ingest.max_text_chars): names,
	// household IDs, employer names and codes, notes. Default 200.
	MaxTextChars int `yaml:"max_text_chars"`
}

// DefaultLimits returns the limits used when the configuration sets none.
func DefaultLimits() Limits { return Limits{MaxLineBytes: 64 << 10, MaxTextChars: 200} }

// withDefaults fills the unset limits with the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = d.MaxLineBytes
	}
	if l.MaxTextChars <= 0 {
		l.MaxTextChars = d.MaxTextChars
	}
	return l
}

// Validate names the first limit that cannot work.
func (l Limits) Validate() error {
	if l.MaxLineBytes < 1024 {
		return fmt.Errorf("ingest.max_line_bytes %d: want at least 1024", l.MaxLineBytes)
	}
	if l.MaxTextChars < 20 {
		return fmt.Errorf("ingest.max_text_chars %d: want at least 20", l.MaxTextChars)
	}
	return nil
}
