package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// lockedBuffer collects log output from concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestCredentialCodesNotLogged drives the credential routes with debug
// logging on and searches the log for the PIN codes they carried.
func TestCredentialCodesNotLogged(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		var logs lockedBuffer
		log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		key, err := secret.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		a := app.New(st, key, log)
		srv, err := api.New(a.APIServices(), api.Config{Version: "test", Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		s := &testServer{t: t, st: st, app: a, h: srv}
		ctx := context.Background()
		if err := st.InTx(ctx, func(tx *store.Tx) error {
			s.A, err = seed.Seed(ctx, tx, seed.Options{Name: "A", IsSandbox: true, Systems: testSystems})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		codes := s.A.Systems[1]
		user := codes.AcsUserIDs[0]
		const created, updated, refused = "73195284", "86204917", "55510362"
		r := s.call(http.MethodPost, "/acs/credentials/create", s.A.APIKey, map[string]any{"acs_user_id": user, "access_method": "code", "code": created})
		s.ok(r)
		id := obj(t, r, "acs_credential")["acs_credential_id"]
		s.ok(s.call(http.MethodPatch, "/acs/credentials/update", s.A.APIKey, map[string]any{"acs_credential_id": id, "code": updated}))
		s.wantError(s.call(http.MethodPost, "/acs/credentials/create", s.A.APIKey, map[string]any{"acs_user_id": s.A.Systems[0].AcsUserIDs[0],
			"access_method": "card", "code": refused}), 400, "invalid_input")
		s.ok(s.call(http.MethodGet, "/acs/credentials/list", s.A.APIKey, map[string]any{"search": updated}))
		s.ok(s.call(http.MethodGet, "/acs/credentials/get", s.A.APIKey, map[string]any{"acs_credential_id": id}))
		s.ok(s.call(http.MethodDelete, "/acs/credentials/delete", s.A.APIKey, map[string]any{"acs_credential_id": id}))
		out := logs.String()
		if !strings.Contains(out, `"path":"/acs/credentials/create"`) {
			t.Fatalf("nothing logged; the test would prove nothing: %q", out)
		}
		for _, code := range []string{created, updated, refused} {
			if strings.Contains(out, code) {
				t.Errorf("code %s appears in the log:\n%s", code, out)
			}
		}
	})
}
