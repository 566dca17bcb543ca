package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fullemp/account"
)

// TestLoginConfig: the login section overlays the throttle's defaults key by key, and a
// setting that cannot work names its key.
func TestLoginConfig(t *testing.T) {
	dir := t.TempDir()
	parse := func(text string) (*App, error) {
		path := filepath.Join(dir, "fullemp.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		app := NewApp(&bytes.Buffer{}, &bytes.Buffer{})
		return app, app.parse(app.flags("x", "x"), []string{"--config", path})
	}
	app, err := parse("login:\n  lockout: 30s\n  free_failures: 2\n  address_lockout_failures: 50\n")
	want := account.DefaultThrottle()
	want.Lockout, want.FreeFailures, want.AddressLockoutFailures = 30*time.Second, 2, 50
	if err != nil || app.Config.Login != want {
		t.Errorf("login section: %v %+v, want %+v", err, app.Config.Login, want)
	}
	for text, msg := range map[string]string{
		"login:\n  lockout_failures: 3\n":                               "login.lockout_failures 3: want more than login.free_failures (3)",
		"login:\n  delay: 0s\n":                                         "login.delay 0s",
		"login:\n  max_delay: 2h\n":                                     "login.forget_after 1h0m0s: want at least login.max_delay (2h0m0s)",
		"login:\n  address_free_failures: 40\n":                         "login.address_lockout_failures 30",
		"login:\n  lockout: 1ms\n":                                      "login.lockout 1ms",
		"login:\n  lock_out: 1m\n":                                      "field lock_out not found",
		"login:\n  max_delay: 100ms\n  delay: 1s\n  forget_after: 1h\n": "login.max_delay 100ms",
	} {
		if _, err := parse(text); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: err %v, want %q", text, err, msg)
		}
	}
}
