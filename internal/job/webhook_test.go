package job_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/webhook"
)

// receiver is a webhook endpoint that answers each attempt as its script
// says and records what it got.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	answer func(attempt int) int // the status of the nth attempt (1-based)
	// hold, if set, is called during the first attempt before answering.
	hold func()

	mu       sync.Mutex
	attempts []attempt
	location string // where a 3xx answer points
}

type attempt struct {
	at     time.Time
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, answer func(attempt int) int) *receiver {
	r := &receiver{t: t, answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.attempts = append(r.attempts, attempt{at: time.Now(), header: req.Header.Clone(), body: body})
		n, location := len(r.attempts), r.location
		r.mu.Unlock()
		if n == 1 && r.hold != nil {
			r.hold()
		}
		status := r.answer(n)
		if status >= 300 && status < 400 {
			w.Header().Set("Location", location)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, "thanks")
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() []attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]attempt(nil), r.attempts...)
}

// failFirst answers 500 to the first k attempts, then 204.
func failFirst(k int) func(int) int {
	return func(n int) int {
		if n <= k {
			return http.StatusInternalServerError
		}
		return http.StatusNoContent
	}
}

func always(status int) func(int) int { return func(int) int { return status } }

func (e *env) createWebhook(ws seed.Workspace, url string, types ...string) client.Webhook {
	e.t.Helper()
	w, err := e.app.Webhooks.Create(context.Background(), principal(ws), client.WebhooksCreateParams{URL: url, EventTypes: types})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// settleDeliveries waits until no delivery of workspaces A and B waits:
// each was delivered or failed.
func (e *env) settleDeliveries() {
	e.t.Helper()
	e.eventually("deliveries settled", func() (bool, error) {
		waiting, _, err := e.deliveries()
		return waiting == 0, err
	})
}

// deliveries counts the deliveries of workspaces A and B still waiting, and
// those failed for good.
func (e *env) deliveries() (waiting, failed int, err error) {
	ctx := context.Background()
	err = e.st.View(ctx, func(tx *store.Tx) error {
		for _, ws := range []string{e.A.WorkspaceID, e.B.WorkspaceID} {
			hooks, err := tx.Webhooks(ctx, ws)
			if err != nil {
				return err
			}
			for _, h := range hooks {
				ds, err := tx.WebhookDeliveries(ctx, ws, h.WebhookID)
				if err != nil {
					return err
				}
				for _, d := range ds {
					if d.FailedAt == nil {
						waiting++
					} else {
						failed++
					}
				}
			}
		}
		return nil
	})
	return waiting, failed, err
}

// TestWebhookDelivery drives deliveries through receivers that fail the
// first k attempts (k = 0…7), always fail, redirect, or answer 410, on the
// real schedule scaled down 100,000 times.
func TestWebhookDelivery(t *testing.T) {
	t.Parallel()
	schedule := job.DefaultWebhookSchedule.Scaled(1e-5)
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		e := newEnv(t, st, envOptions{schedule: schedule, webhooks: webhook.Config{AllowPrivate: true}})
		type hook struct {
			name string
			rcv  *receiver
			wh   client.Webhook
		}
		var hooks []hook
		add := func(name string, answer func(int) int, types ...string) *hook {
			r := newReceiver(t, answer)
			hooks = append(hooks, hook{name: name, rcv: r, wh: e.createWebhook(e.A, r.srv.URL+"/hook", types...)})
			return &hooks[len(hooks)-1]
		}
		for k := range 8 {
			add("fail first "+strconv.Itoa(k), failFirst(k), event.AcsUserDeleted)
		}
		add("always 500", always(http.StatusInternalServerError), event.AcsUserDeleted)
		redirected := add("302", always(http.StatusFound), event.AcsUserDeleted)
		target := newReceiver(t, always(http.StatusOK))
		redirected.rcv.mu.Lock()
		redirected.rcv.location = target.srv.URL + "/elsewhere"
		redirected.rcv.mu.Unlock()
		add("410", always(http.StatusGone), event.AcsUserDeleted)
		all := add("every type", always(http.StatusOK))
		deleted := make(chan struct{})
		gone := newReceiver(t, always(http.StatusInternalServerError))
		goneHook := e.createWebhook(e.A, gone.srv.URL, event.AcsUserDeleted)
		gone.hold = func() {
			if err := e.app.Webhooks.Delete(context.Background(), principal(e.A), goneHook.WebhookID); err != nil {
				t.Error(err)
			}
			close(deleted)
		}
		other := newReceiver(t, always(http.StatusOK))
		e.createWebhook(e.B, other.srv.URL) // workspace B, every type

		user := e.A.Systems[0].AcsUserIDs[0]
		if err := e.app.Acs.DeleteUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: user}); err != nil {
			t.Fatal(err)
		}
		<-deleted
		e.settleDeliveries()

		var ev client.Event
		e.view(func(ctx context.Context, tx *store.Tx) error {
			evs, err := tx.ListEvents(ctx, e.A.WorkspaceID, store.EventFilter{EventTypes: []string{event.AcsUserDeleted}, Limit: 10})
			if len(evs) == 1 && err == nil {
				ev, err = event.Present(evs[0])
			}
			return err
		})
		if ev.EventID == "" {
			t.Fatal("no acs_user.deleted event")
		}
		for k := range 8 {
			h := hooks[k]
			got := h.rcv.got()
			if len(got) != k+1 {
				t.Errorf("%s: %d attempts, want %d", h.name, len(got), k+1)
				continue
			}
			checkAttempts(t, h.name, h.wh.Secret, ev, got, schedule)
		}
		wantAttempts := map[string]int{"always 500": 8, "302": 8, "410": 1, "every type": 3}
		for _, h := range hooks[8:] {
			if got := len(h.rcv.got()); got != wantAttempts[h.name] {
				t.Errorf("%s: %d attempts, want %d", h.name, got, wantAttempts[h.name])
			}
		}
		for _, a := range all.rcv.got() {
			var body map[string]any
			if err := json.Unmarshal(a.body, &body); err != nil || body["event_id"] == nil || body["event_type"] == nil {
				t.Errorf("every type: body %s is not a bare event", a.body)
			}
		}
		if n := len(gone.got()); n != 1 {
			t.Errorf("deleted webhook: %d attempts, want 1 (none after its deletion)", n)
		}
		if n := len(target.got()); n != 0 {
			t.Errorf("a redirect was followed %d times", n)
		}
		if n := len(other.got()); n != 0 {
			t.Errorf("workspace B's webhook got %d deliveries of workspace A's events", n)
		}
		e.view(func(ctx context.Context, tx *store.Tx) error {
			w, err := tx.Webhook(ctx, e.A.WorkspaceID, hooks[10].wh.WebhookID)
			if err == nil && w.DisabledAt == nil {
				t.Error("the webhook whose receiver answered 410 is not disabled")
			}
			return err
		})
		_, failed, err := e.deliveries()
		if err != nil {
			t.Fatal(err)
		}
		if failed != 2 {
			t.Errorf("%d deliveries marked failed, want 2 (always 500, 302)", failed)
		}
		// A receiver that failed the whole schedule is disabled, saying why.
		for _, h := range []hook{hooks[8], hooks[9], hooks[10]} {
			got, err := e.app.Webhooks.Get(context.Background(), principal(e.A), h.wh.WebhookID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Warnings) != 1 || got.Warnings[0].WarningCode != "webhook_disabled" || got.Warnings[0].Message == "" {
				t.Errorf("%s: webhook warnings %+v, want webhook_disabled", h.name, got.Warnings)
			}
		}
		if got, _ := e.app.Webhooks.Get(context.Background(), principal(e.A), hooks[0].wh.WebhookID); len(got.Warnings) != 0 {
			t.Errorf("a healthy webhook has warnings %+v", got.Warnings)
		}

		// A second event: the disabled webhook gets nothing more.
		if err := e.app.Acs.DeleteUser(context.Background(), principal(e.A), acs.UserRef{AcsUserID: e.A.Systems[0].AcsUserIDs[1]}); err != nil {
			t.Fatal(err)
		}
		e.eventually("second event delivered", func() (bool, error) { return len(hooks[0].rcv.got()) == 2, nil })
		e.settleDeliveries()
		if n := len(hooks[10].rcv.got()); n != 1 {
			t.Errorf("410 webhook: %d attempts after it was disabled, want 1 in all", n)
		}
	})
}

// checkAttempts checks that every attempt carried the event, the same
// svix-id and a valid signature, and came no earlier than the schedule.
func checkAttempts(t *testing.T, name, whsec string, ev client.Event, got []attempt, schedule job.Schedule) {
	t.Helper()
	for i, a := range got {
		if id := a.header.Get("svix-id"); id != ev.EventID {
			t.Errorf("%s attempt %d: svix-id %q, want the event id %q", name, i+1, id, ev.EventID)
		}
		ts, err := strconv.ParseInt(a.header.Get("svix-timestamp"), 10, 64)
		if err != nil || time.Since(time.Unix(ts, 0)).Abs() > 5*time.Minute {
			t.Errorf("%s attempt %d: svix-timestamp %q", name, i+1, a.header.Get("svix-timestamp"))
		}
		want, err := secret.SignWebhook(whsec, ev.EventID, time.Unix(ts, 0), a.body)
		if err != nil || a.header.Get("svix-signature") != want {
			t.Errorf("%s attempt %d: signature %q does not verify", name, i+1, a.header.Get("svix-signature"))
		}
		var body client.Event
		if err := json.Unmarshal(a.body, &body); err != nil || body.EventID != ev.EventID || body.EventType != ev.EventType {
			t.Errorf("%s attempt %d: body %s, want the event", name, i+1, a.body)
		}
		if i > 0 {
			floor := time.Duration(float64(schedule.Delays[i]) * (1 - schedule.Jitter))
			if gap := a.at.Sub(got[i-1].at); gap < floor {
				t.Errorf("%s attempt %d: %v after the previous one, earlier than the schedule's %v", name, i+1, gap, floor)
			}
		}
	}
}
