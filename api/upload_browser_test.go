package api

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestUploadPageBrowser sends a ledger with five broken rows through the upload page in
// headless Chromium as the street: the page shows 部分入库 8/13, the rejected rows with
// their spreadsheet rows, names and Chinese reasons, and the links to the template and to
// the rejected rows' XLSX; the console stays clean. FULLEMP_SCREENSHOTS=DIR keeps a
// screenshot of the page (upload.png).
func TestUploadPageBrowser(t *testing.T) {
	f := newFixture(t)
	base := serveLoopback(t, f)
	bctx := startChromium(t, 1400)
	var problems []string
	chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "warning" {
				problems = append(problems, "console."+string(ev.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception "+ev.ExceptionDetails.Text)
		}
	})
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	path := filepath.Join(t.TempDir(), "东坡社区-2009-10.xlsx")
	if err := os.WriteFile(path, reportWorkbook(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, append(logIn(base, "street", "header.top"),
		chromedp.Navigate(base+"/upload"),
		chromedp.WaitVisible(`input[type=file]`),
		chromedp.SetUploadFiles(`input[type=file]`, []string{path}),
		chromedp.Click(`form[action="/upload"] button`),
		chromedp.WaitVisible(".upload-result"),
	)...); err != nil {
		t.Fatalf("upload through the page: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.querySelector(".outcome").textContent,
		String(document.querySelectorAll("#table-rejected tbody tr").length),
		document.querySelector("#table-rejected tbody tr").textContent,
		document.querySelector('a[href^="/upload/template.xlsx"]') ? "template" : "",
		document.querySelector('a[href*="/rejections.xlsx"]') ? "download" : ""]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "部分入库 8/13" || got[1] != "5" || !strings.Contains(got[2], "5丁四身份证号") || !strings.Contains(got[2], "校验码不符") ||
		got[3] != "template" || got[4] != "download" {
		t.Errorf("upload page shows %q", got)
	}
	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		t.Errorf("screenshot: %v", err)
	} else if dir := os.Getenv("FULLEMP_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "upload.png"), shot, 0o644)
	}
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
}
