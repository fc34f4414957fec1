package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

func TestWebhooksRoutes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		a, b := s.A.APIKey, s.B.APIKey

		r := s.call(http.MethodPost, "/webhooks/create", a, map[string]any{"url": "https://hooks.example.com/lintel"})
		s.ok(r)
		w := r.Body["webhook"].(map[string]any)
		id, _ := w["webhook_id"].(string)
		sec, _ := w["secret"].(string)
		if !strings.HasPrefix(sec, "whsec_") || len(sec) < 20 {
			t.Fatalf("secret %q, want whsec_…", sec)
		}
		if types, _ := w["event_types"].([]any); len(types) != 1 || types[0] != "*" {
			t.Errorf("event_types %v, want [*] by default", w["event_types"])
		}
		var sealed string
		if err := st.DB().QueryRowContext(context.Background(), `SELECT secret_sealed FROM webhooks WHERE webhook_id = $1`, id).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sealed, strings.TrimPrefix(sec, "whsec_")) {
			t.Error("the webhook secret is stored in clear")
		}

		r = s.call(http.MethodGet, "/webhooks/get", a, map[string]any{"webhook_id": id})
		s.ok(r)
		if got := r.Body["webhook"].(map[string]any); got["secret"] != sec || got["url"] != "https://hooks.example.com/lintel" {
			t.Errorf("get: %s", r.Raw)
		}
		r = s.call(http.MethodGet, "/webhooks/list", a, nil)
		s.ok(r)
		if hooks := r.Body["webhooks"].([]any); len(hooks) != 1 {
			t.Errorf("list: %s", r.Raw)
		}
		r = s.call(http.MethodGet, "/webhooks/list", b, nil)
		s.ok(r)
		if hooks := r.Body["webhooks"].([]any); len(hooks) != 0 {
			t.Errorf("workspace B lists workspace A's webhooks: %s", r.Raw)
		}

		// Another workspace cannot see, change or delete it.
		s.wantError(s.call(http.MethodGet, "/webhooks/get", b, map[string]any{"webhook_id": id}), 404, "webhook_not_found")
		s.wantError(s.call(http.MethodPut, "/webhooks/update", b, map[string]any{"webhook_id": id, "event_types": []string{"acs_user.deleted"}}), 404, "webhook_not_found")
		s.wantError(s.call(http.MethodDelete, "/webhooks/delete", b, map[string]any{"webhook_id": id}), 404, "webhook_not_found")

		s.ok(s.call(http.MethodPut, "/webhooks/update", a, map[string]any{"webhook_id": id, "event_types": []string{"acs_user.deleted", "acs_credential.deleted"}}))
		r = s.call(http.MethodPost, "/webhooks/get", a, map[string]any{"webhook_id": id})
		if types, _ := r.Body["webhook"].(map[string]any)["event_types"].([]any); len(types) != 2 || types[0] != "acs_user.deleted" {
			t.Errorf("after update: %s", r.Raw)
		}
		s.wantError(s.call(http.MethodPut, "/webhooks/update", a, map[string]any{"webhook_id": id, "event_types": []string{"acs_user.exploded"}}), 400, "invalid_input")
		s.wantError(s.call(http.MethodPut, "/webhooks/update", a, map[string]any{"webhook_id": id}), 400, "invalid_input")
		s.wantError(s.call(http.MethodGet, "/webhooks/get", a, map[string]any{"webhook_id": "nope"}), 400, "invalid_input")
		s.wantError(s.call(http.MethodPost, "/webhooks/create", a, map[string]any{"url": "https://hooks.example.com/x", "event_types": []string{"nope"}}), 400, "invalid_input")
		s.wantError(s.call(http.MethodPost, "/webhooks/create", a, map[string]any{}), 400, "invalid_input")

		// Private addresses are refused unless the server allows them.
		for _, url := range []string{"http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/x", "http://169.254.169.254/latest", "http://10.0.0.1/"} {
			s.wantError(s.call(http.MethodPost, "/webhooks/create", a, map[string]any{"url": url}), 400, "invalid_input")
		}

		s.ok(s.call(http.MethodDelete, "/webhooks/delete", a, map[string]any{"webhook_id": id}))
		s.wantError(s.call(http.MethodGet, "/webhooks/get", a, map[string]any{"webhook_id": id}), 404, "webhook_not_found")
		s.wantError(s.call(http.MethodPost, "/webhooks/delete", a, map[string]any{"webhook_id": id}), 404, "webhook_not_found")
		var audits []store.AuditRecord
		err := st.View(context.Background(), func(tx *store.Tx) error {
			var err error
			audits, err = tx.AuditRecords(context.Background(), s.A.WorkspaceID, id)
			return err
		})
		if err != nil || len(audits) != 1 || audits[0].Action != "webhook.delete" {
			t.Errorf("audit of the deletion: %+v, %v", audits, err)
		}
	})
}
