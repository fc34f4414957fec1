package instantkey_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestKeyPage drives a key's page over HTTP as a browser without
// JavaScript would: it lists what the guest may open, each Unlock spends
// a use and unlocks the lock, an Unlock that fails at once (an offline
// lock) spends none, the last use ends the key and its client session,
// and a deleted or revoked key's page says so.
func TestKeyPage(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		k := e.generate(2)
		token := strings.TrimPrefix(k.InstantKeyURL[strings.Index(k.InstantKeyURL, "token="):], "token=")

		p := e.open(k.InstantKeyURL)
		if p.Status != http.StatusOK || !p.Has("Front door") || !p.Has("Garden gate") || !p.Has("2 unlocks left") {
			t.Fatalf("the key's page: %d %s", p.Status, p.Body)
		}
		if n := strings.Count(p.Body, `class="item entrance"`); n != 2 {
			t.Errorf("the page lists %d entrances, want the 2 of the guest's access group: %s", n, p.Body)
		}
		if strings.Contains(p.Body, e.storage) || strings.Contains(p.Body, e.bLock) {
			t.Errorf("the page offers a lock the guest may not open: %s", p.Body)
		}
		if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") ||
			p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("headers: %v", p.Header)
		}
		for _, sheet := range []string{"style.css", "base.css"} {
			if css := e.open(e.srv.URL + "/instant_keys/view/assets/" + sheet); css.Status != http.StatusOK || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
				t.Errorf("%s: %d %s", sheet, css.Status, css.Header.Get("Content-Type"))
			}
		}

		t.Run("refused forms cost no use", func(t *testing.T) {
			action, form := unlockForm(t, p, e.frontDoor)
			forged := url.Values{"device_id": {e.frontDoor}, "csrf_token": {"1.AAAA"}}
			if r := e.post(action, forged); r.Status != http.StatusForbidden {
				t.Errorf("a forged CSRF token: %d", r.Status)
			}
			for _, other := range []string{e.storage, e.bLock} {
				form.Set("device_id", other)
				if r := e.post(action, form); r.Status != http.StatusOK || !r.Has("This key does not open that lock") {
					t.Errorf("unlocking %s: %d %s", other, r.Status, r.Body)
				}
			}
			if again := e.open(k.InstantKeyURL); !again.Has("2 unlocks left") {
				t.Errorf("after refused forms: %s", again.Body)
			}
		})

		p = e.unlock(p, e.frontDoor)
		if p.Status != http.StatusOK || !p.Has("Front door is unlocked.") || !p.Has("1 unlock left") {
			t.Fatalf("after the first unlock: %d %s", p.Status, p.Body)
		}
		// The unlock answered with a redirect to a page that shows its
		// outcome: reloading it unlocks nothing and spends no use.
		if p.URL.Query().Get("unlocked") != e.frontDoor {
			t.Errorf("the unlock led to %s; want a redirect naming the front door", p.URL)
		}
		if again := e.open(p.URL.String()); !again.Has("Front door is unlocked.") || !again.Has("1 unlock left") {
			t.Errorf("reloading after the unlock: %s", again.Body)
		}
		// An outcome url naming a lock that is not the key's shows nothing.
		if forged := e.open(k.InstantKeyURL + "&unlocked=" + e.bLock + "&status=success"); forged.Has("is unlocked") {
			t.Errorf("a forged outcome is shown: %s", forged.Body)
		}
		if e.locked(e.frontDoor) || !e.locked(e.gate) {
			t.Errorf("front door locked %v, gate locked %v; want the front door alone unlocked", e.locked(e.frontDoor), e.locked(e.gate))
		}
		if !e.sessionWorks(k) {
			t.Errorf("the key's client session stopped before its last use")
		}

		p = e.unlock(p, e.gate)
		if p.Status != http.StatusOK || !p.Has("Garden gate is unlocked") || !p.Has("This key has now been used up") {
			t.Fatalf("after the last unlock: %d %s", p.Status, p.Body)
		}
		if e.locked(e.gate) {
			t.Errorf("the gate is still locked")
		}
		if e.sessionWorks(k) {
			t.Errorf("the spent key's client session still works")
		}
		if p = e.open(k.InstantKeyURL); p.Status != http.StatusGone || !p.Has("This key has been used up") || strings.Contains(p.Body, "<form") {
			t.Errorf("a spent key's page: %d %s", p.Status, p.Body)
		}

		t.Run("a lock known to be offline costs no use", func(t *testing.T) {
			k := e.generate(1)
			e.call("/devices/simulate/disconnect", e.A.APIKey, map[string]any{"device_id": e.frontDoor}, nil)
			p := e.open(k.InstantKeyURL)
			if !p.Has("Offline") {
				t.Errorf("the page does not say the front door is offline: %s", p.Body)
			}
			p = e.unlock(p, e.frontDoor)
			if p.Status != http.StatusOK || !p.Has("Front door did not unlock: it is offline.") || !p.Has("1 unlock left") {
				t.Fatalf("after unlocking the offline front door: %d %s", p.Status, p.Body)
			}
			if !e.sessionWorks(k) {
				t.Errorf("a failed unlock ended the key's client session")
			}
			e.call("/devices/simulate/connect", e.A.APIKey, map[string]any{"device_id": e.frontDoor}, nil)
			e.call("/locks/lock_door", e.A.APIKey, map[string]any{"device_id": e.frontDoor}, nil)
			p = e.unlock(e.open(k.InstantKeyURL), e.frontDoor)
			if p.Status != http.StatusOK || !p.Has("Front door is unlocked") || !p.Has("This key has now been used up") {
				t.Fatalf("unlocking once the front door is back: %d %s", p.Status, p.Body)
			}
			if e.locked(e.frontDoor) {
				t.Errorf("the front door is still locked")
			}
		})

		t.Run("a key whose client session was revoked has expired", func(t *testing.T) {
			k := e.generate(1)
			e.call("/client_sessions/revoke", e.A.APIKey, map[string]any{"client_session_id": k.ClientSessionID}, nil)
			if p := e.open(k.InstantKeyURL); p.Status != http.StatusGone || !p.Has("This key has expired") {
				t.Errorf("page: %d %s", p.Status, p.Body)
			}
		})

		t.Run("a deleted key's page is not valid", func(t *testing.T) {
			k := e.generate(1)
			open := e.open(k.InstantKeyURL)
			e.call("/instant_keys/delete", e.A.APIKey, map[string]any{"instant_key_id": k.InstantKeyID}, nil)
			if p := e.open(k.InstantKeyURL); p.Status != http.StatusNotFound || !p.Has("This key is not valid") {
				t.Errorf("page: %d %s", p.Status, p.Body)
			}
			// A page opened before the deletion unlocks nothing.
			if p := e.unlock(open, e.frontDoor); p.Status != http.StatusNotFound {
				t.Errorf("unlock after the deletion: %d %s", p.Status, p.Body)
			}
			if p := e.open(e.srv.URL + "/instant_keys/view"); p.Status != http.StatusNotFound {
				t.Errorf("no token: %d", p.Status)
			}
		})

		t.Run("a device given to the guest directly is on the page", func(t *testing.T) {
			k := e.generate(1)
			e.call("/user_identities/grant_access_to_device", e.A.APIKey, map[string]any{"user_identity_id": e.guest, "device_id": e.storage}, nil)
			p := e.open(k.InstantKeyURL)
			if p.Status != http.StatusOK || !strings.Contains(p.Body, `value="`+e.storage+`"`) {
				t.Errorf("page: %d %s", p.Status, p.Body)
			}
		})

		// The token is a secret: the access log records paths only.
		if strings.Contains(e.logs.String(), token) {
			t.Errorf("a key's token is in the log")
		}
	})
}
