package main

import (
	"context"
	"os"
	"sort"
	"testing"
)

// TestHelpTouchesNothing runs `--help` on every subcommand and report kind in an
// empty folder: each exits 0 without starting a ClickHouse, so no data folder appears.
func TestHelpTouchesNothing(t *testing.T) {
	dir := t.TempDir()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if code := Main(context.Background(), []string{n, "--help"}); code != 0 {
			t.Errorf("fullemp %s --help exited %d, want 0", n, code)
		}
	}
	for k := range reportCommands {
		if code := Main(context.Background(), []string{"report", k, "--help"}); code != 0 {
			t.Errorf("fullemp report %s --help exited %d, want 0", k, code)
		}
	}
	if code := Main(context.Background(), []string{"user", "frob"}); code != 2 {
		t.Errorf("fullemp user frob exited %d, want 2 (usage)", code)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("--help left %s behind: it must not open the warehouse", e.Name())
	}
}
