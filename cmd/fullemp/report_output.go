package main

import (
	"fmt"
	"io"
	"os"
)

// openOut returns standard output, or the file at path (created or truncated); close
// flushes and closes it.
func openOut(app *App, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return app.Out, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	return f, func() error {
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}, nil
}
