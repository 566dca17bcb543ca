package api

import (
	"context"
	"net"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// serveLoopback serves f's app on a free loopback port until the test ends and returns
// its base URL.
func serveLoopback(t *testing.T, f *fixture) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	go f.srv.Serve(ctx, ln)
	return "http://" + ln.Addr().String()
}

// startChromium starts Debian's headless Chromium with a window width wide (0: its
// default) and the flags that keep it off the network, stopped when the test ends. The
// returned context has no deadline: the first action starts the browser, and a deadline
// on it would kill the browser.
func startChromium(t *testing.T, wide int) context.Context {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium not found (%v): `make deps` installs it (Debian package chromium, with fonts-wqy-microhei)", err)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir())}
	if wide > 0 {
		opts = append(opts, chromedp.WindowSize(wide, 1000))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// waitUntil evaluates the JavaScript condition cond every 100 ms until it is true, for up
// to 30 s. It is for what follows a click that navigates: chromedp.Poll fails when the
// page it polls is replaced, and a WaitVisible can be met by the page being left.
func waitUntil(ctx context.Context, t *testing.T, cond string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("at %s, still not %s (last error: %v)", loc, cond, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logIn is the browser's log-in of user (password testPassword) at base, done once the
// page it lands on shows landed: a selector only a signed-in page has (the log-in page has
// a main too, so waiting for one could be met by the page being left).
func logIn(base, user, landed string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + "/login"), chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", user), chromedp.SendKeys("#password", testPassword),
		chromedp.Submit("#username"), chromedp.WaitVisible(landed)}
}
