package bulletin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium means headless Chromium, which prints the PDF, is not installed.
var ErrNoChromium = errors.New("printing a PDF needs headless Chromium: run 'sudo apt-get install chromium fonts-wqy-microhei' (or 'make deps')")

// Chromium returns the path of the browser that prints PDFs: $FULLEMP_CHROMIUM, or
// chromium on PATH.
func Chromium() (string, error) {
	if p := os.Getenv("FULLEMP_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// PDF prints the bulletin's HTML on A4 with headless Chromium: text stays text (selectable,
// extractable) and the CJK font is embedded by Chromium.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	bin, err := Chromium()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fullemp-bulletin-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "bulletin.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, err
	}
	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(filepath.Join(dir, "profile")))
	defer cancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	// The first action starts the browser: no deadline on it (a deadline would kill it).
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+page)); err != nil {
		return nil, fmt.Errorf("print bulletin: %w", err)
	}
	tctx, tcancel := context.WithTimeout(bctx, 60*time.Second)
	defer tcancel()
	pdf, err := chromedp.Run(tctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		return nil, fmt.Errorf("print bulletin: %w", err)
	}
	return pdf, nil
}
