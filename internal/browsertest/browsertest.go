// Package browsertest drives lintel's pages in a real headless Chromium
// (Debian's chromium package) for the pages' browser tests, and keeps
// their screenshots.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// Browser starts a headless Chromium of width×height for the test, or
// skips the test when there is none — except in CI, where the browser
// tests must run.
func Browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but Chromium is not at %s (apt-get install -y chromium): %v", ChromiumPath, err)
		}
		t.Skipf("no Chromium at %s (apt-get install -y chromium); the browser test runs in CI", ChromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ChromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	// A bound on the whole journey, so a stuck browser fails the test
	// instead of hanging it; it asserts no timing.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// Screenshots is where a journey's screenshots go: $LINTEL_SCREENSHOTS,
// or its folder sub when sub is not empty (kept, e.g. by CI), else a
// temporary directory.
func Screenshots(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("LINTEL_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		t.Fatal(err)
	} else {
		dir = filepath.Join(dir, sub)
	}
	t.Logf("screenshots of the journey: %s", dir)
	return dir
}

// Shot saves a screenshot of the whole page as dir/name.png.
func Shot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// Text returns the visible text of the first element sel matches.
func Text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}
