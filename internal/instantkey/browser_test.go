package instantkey_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium for the test, or skips the test when
// there is none — except in CI, where the browser test must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but Chromium is not at %s (apt-get install -y chromium): %v", chromiumPath, err)
		}
		t.Skipf("no Chromium at %s (apt-get install -y chromium); the browser test runs in CI", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(480, 860),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	// A bound on the whole journey, so a stuck browser fails the test
	// instead of hanging it; it asserts no timing.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// screenshots is where the journey's screenshots go:
// $LINTEL_SCREENSHOTS/instant_key (kept, e.g. by CI), else a temporary
// directory.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LINTEL_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		dir = filepath.Join(dir, "instant_key")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots of the journey: %s", dir)
	return dir
}

// shot saves a screenshot of the whole page as dir/name.png.
func shot(dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// text returns the visible text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}

// TestBrowserKey opens an instant key in a real browser: the guest's locks
// are listed, Unlock opens the front door, the last use ends the key, the
// spent key's page says so when opened again, and so does a deleted key's.
func TestBrowserKey(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	dir := screenshots(t)
	e := newEnv(t, storetest.SQLite(t))
	k := e.generate(2)

	err := chromedp.Do(ctx,
		chromedp.Navigate(k.InstantKeyURL),
		chromedp.WaitVisible(`button[aria-label="Unlock Front door"]`),
		shot(dir, "01-key"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if locks := text(t, ctx, `section[aria-labelledby="locks"]`); !strings.Contains(locks, "Front door") || !strings.Contains(locks, "Garden gate") {
		t.Errorf("the page lists %q", locks)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(`button[aria-label="Unlock Front door"]`),
		chromedp.WaitVisible(`.notice`),
		shot(dir, "02-front-door-unlocked"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if notice := text(t, ctx, `.notice`); notice != "Front door is unlocked." {
		t.Errorf("after Unlock the page says %q", notice)
	}
	if e.locked(e.frontDoor) {
		t.Errorf("the front door is still locked")
	}

	err = chromedp.Do(ctx,
		chromedp.Click(`button[aria-label="Unlock Garden gate"]`),
		chromedp.WaitVisible(`.result-good`),
		shot(dir, "03-last-use"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := text(t, ctx, `h1`); heading != "Garden gate is unlocked" {
		t.Errorf("after the last use the page says %q", heading)
	}
	if e.locked(e.gate) || e.sessionWorks(k) {
		t.Errorf("gate locked %v, session works %v after the last use", e.locked(e.gate), e.sessionWorks(k))
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(k.InstantKeyURL),
		chromedp.WaitVisible(`.result-bad`),
		shot(dir, "04-spent"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := text(t, ctx, `h1`); heading != "This key has been used up" {
		t.Errorf("a spent key's page says %q", heading)
	}

	deleted := e.generate(1)
	e.call("/instant_keys/delete", e.A.APIKey, map[string]any{"instant_key_id": deleted.InstantKeyID}, nil)
	err = chromedp.Do(ctx,
		chromedp.Navigate(deleted.InstantKeyURL),
		chromedp.WaitVisible(`.result-bad`),
		shot(dir, "05-deleted"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := text(t, ctx, `h1`); heading != "This key is not valid" {
		t.Errorf("a deleted key's page says %q", heading)
	}
}
