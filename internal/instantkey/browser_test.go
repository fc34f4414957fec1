package instantkey_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lintel-dev/lintel/internal/browsertest"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestBrowserKey opens an instant key in a real browser: the guest's locks
// are listed, Unlock opens the front door, the last use ends the key, the
// spent key's page says so when opened again, and so does a deleted key's;
// Unlock by a lock that is offline says so and keeps the key's use.
func TestBrowserKey(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Browser(t, 480, 860)
	dir := browsertest.Screenshots(t, "instant_key")
	e := newEnv(t, storetest.SQLite(t))
	k := e.generate(2)

	err := chromedp.Do(ctx,
		chromedp.Navigate(k.InstantKeyURL),
		chromedp.WaitVisible(`button[aria-label="Unlock Front door"]`),
		browsertest.Shot(dir, "01-key"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if locks := browsertest.Text(t, ctx, `section[aria-labelledby="locks"]`); !strings.Contains(locks, "Front door") || !strings.Contains(locks, "Garden gate") {
		t.Errorf("the page lists %q", locks)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(`button[aria-label="Unlock Front door"]`),
		chromedp.WaitVisible(`.notice`),
		browsertest.Shot(dir, "02-front-door-unlocked"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if notice := browsertest.Text(t, ctx, `.notice`); notice != "Front door is unlocked." {
		t.Errorf("after Unlock the page says %q", notice)
	}
	if e.locked(e.frontDoor) {
		t.Errorf("the front door is still locked")
	}

	err = chromedp.Do(ctx,
		chromedp.Click(`button[aria-label="Unlock Garden gate"]`),
		chromedp.WaitVisible(`.result-good`),
		browsertest.Shot(dir, "03-last-use"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := browsertest.Text(t, ctx, `h1`); heading != "Garden gate is unlocked" {
		t.Errorf("after the last use the page says %q", heading)
	}
	if e.locked(e.gate) || e.sessionWorks(k) {
		t.Errorf("gate locked %v, session works %v after the last use", e.locked(e.gate), e.sessionWorks(k))
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(k.InstantKeyURL),
		chromedp.WaitVisible(`.result-bad`),
		browsertest.Shot(dir, "04-spent"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := browsertest.Text(t, ctx, `h1`); heading != "This key has been used up" {
		t.Errorf("a spent key's page says %q", heading)
	}

	deleted := e.generate(1)
	e.call("/instant_keys/delete", e.A.APIKey, map[string]any{"instant_key_id": deleted.InstantKeyID}, nil)
	err = chromedp.Do(ctx,
		chromedp.Navigate(deleted.InstantKeyURL),
		chromedp.WaitVisible(`.result-bad`),
		browsertest.Shot(dir, "05-deleted"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if heading := browsertest.Text(t, ctx, `h1`); heading != "This key is not valid" {
		t.Errorf("a deleted key's page says %q", heading)
	}

	offline := e.generate(1)
	e.call("/devices/simulate/disconnect", e.A.APIKey, map[string]any{"device_id": e.frontDoor}, nil)
	err = chromedp.Do(ctx,
		chromedp.Navigate(offline.InstantKeyURL),
		chromedp.WaitVisible(`button[aria-label="Unlock Front door"]`),
		chromedp.Click(`button[aria-label="Unlock Front door"]`),
		chromedp.WaitVisible(`.alert`),
		browsertest.Shot(dir, "06-offline"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if alert := browsertest.Text(t, ctx, `.alert`); alert != "Front door did not unlock: it is offline." {
		t.Errorf("unlocking the offline front door, the page says %q", alert)
	}
	if page := browsertest.Text(t, ctx, `main`); !strings.Contains(page, "1 unlock left") {
		t.Errorf("a failed unlock spent the key's use: %q", page)
	}
}
