package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fullemp/api"
)

// TestServeUploadLimit: serve.max_upload_bytes defaults to the API's 64 MiB, a file sets
// it, and a value the server cannot work with is an error naming the key.
func TestServeUploadLimit(t *testing.T) {
	if got := DefaultConfig().Serve.MaxUploadBytes; got != api.DefaultMaxUploadBytes {
		t.Errorf("default serve.max_upload_bytes = %d, want 64 MiB", got)
	}
	dir := t.TempDir()
	load := func(text string) (*App, error) {
		path := filepath.Join(dir, "fullemp.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		app := NewApp(&bytes.Buffer{}, &bytes.Buffer{})
		return app, app.parse(app.flags("x", "x"), []string{"--config", path})
	}
	app, err := load("serve:\n  max_upload_bytes: 1048576\n")
	if err != nil || app.Config.Serve.MaxUploadBytes != 1<<20 || app.Config.Serve.Addr != "127.0.0.1:8080" {
		t.Errorf("a 1 MiB limit: %v %+v", err, app.Config.Serve)
	}
	for _, bad := range []string{"100", "0", "-1", "2147483648"} {
		if _, err := load("serve:\n  max_upload_bytes: " + bad + "\n"); err == nil || !strings.Contains(err.Error(), "serve.max_upload_bytes "+bad) {
			t.Errorf("serve.max_upload_bytes %s: err %v, want one naming the key", bad, err)
		}
	}
}
