package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestAccessCodesLeaveWithTheirDevice: a device that leaves lintel takes
// its access codes with it, each recording its end in the same
// transaction — access_code.deleted for a managed code,
// access_code.unmanaged.removed for an unmanaged one — whether the device
// was deleted (devices/delete), removed by a simulation
// (devices/simulate/remove), found gone from its account by a
// reconciliation, or went with its connected account
// (connected_accounts/delete). The other workspace's codes stay.
func TestAccessCodesLeaveWithTheirDevice(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ws := s.A.WorkspaceID
		august := s.connect(ws, "august", provider.JaneEmail, true)
		schlage := s.connect(ws, "schlage", provider.JaneEmail, true)
		johns := s.connect(ws, "schlage", provider.JohnEmail, true)
		johnsAugust := s.connect(ws, "august", provider.JohnEmail, true)
		other := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, back, johnsDoor := august.Devices[0].DeviceID, schlage.Devices[0].DeviceID, johns.Devices[0].DeviceID
		code := func(token, deviceID, pin string) string {
			return s.postOK("/access_codes/create", token, map[string]any{"device_id": deviceID, "code": pin})["access_code"].(map[string]any)["access_code_id"].(string)
		}
		unmanaged := func(deviceID, pin string) string {
			return s.postOK("/access_codes/simulate/create_unmanaged_access_code", s.A.APIKey,
				map[string]any{"device_id": deviceID, "code": pin, "name": "Found"})["access_code"].(map[string]any)["access_code_id"].(string)
		}
		// wantGone checks that the codes are not found and recorded their end
		// once each.
		wantGone := func(t *testing.T, managed, foreign []string) {
			t.Helper()
			for _, id := range managed {
				s.wantError(s.call(http.MethodPost, "/access_codes/get", s.A.APIKey, map[string]any{"access_code_id": id}), 404, "access_code_not_found")
				if n := s.events(ws, "access_code.deleted", store.EventFilter{AccessCodeIDs: []string{id}}); n != 1 {
					t.Errorf("code %s: %d access_code.deleted, want 1", id, n)
				}
			}
			for _, id := range foreign {
				s.wantError(s.call(http.MethodPost, "/access_codes/unmanaged/get", s.A.APIKey, map[string]any{"access_code_id": id}), 404, "access_code_not_found")
				if n := s.events(ws, "access_code.unmanaged.removed", store.EventFilter{AccessCodeIDs: []string{id}}); n != 1 {
					t.Errorf("unmanaged code %s: %d access_code.unmanaged.removed, want 1", id, n)
				}
			}
		}
		bCode := code(s.B.APIKey, other.Devices[0].DeviceID, "4821")

		t.Run("devices/delete", func(t *testing.T) {
			managed, found := code(s.A.APIKey, front, "4821"), unmanaged(front, "9911")
			s.ok(s.call(http.MethodPost, "/devices/delete", s.A.APIKey, map[string]any{"device_id": front}))
			wantGone(t, []string{managed}, []string{found})
		})
		t.Run("devices/simulate/remove", func(t *testing.T) {
			managed := code(s.A.APIKey, back, "5821")
			s.ok(s.call(http.MethodPost, "/devices/simulate/remove", s.A.APIKey, map[string]any{"device_id": back}))
			wantGone(t, []string{managed}, nil)
		})
		t.Run("gone from its account, found by reconciliation", func(t *testing.T) {
			managed, found := code(s.A.APIKey, johnsDoor, "6821"), unmanaged(johnsDoor, "9922")
			ctx := context.Background()
			err := st.InTx(ctx, func(tx *store.Tx) error {
				d, err := tx.Device(ctx, ws, johnsDoor)
				if err != nil {
					return err
				}
				return tx.SandboxDeleteDevice(ctx, ws, d.ConnectedAccountID, d.ExternalID)
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep, err := s.app.Devices.Reconcile(ctx, ws, johns.ConnectedAccountID); err != nil || rep.Removed != 1 {
				t.Fatalf("Reconcile = %+v, %v; want the lock removed", rep, err)
			}
			wantGone(t, []string{managed}, []string{found})
		})
		t.Run("connected_accounts/delete", func(t *testing.T) {
			d := johnsAugust.Devices[0].DeviceID
			managed, found := code(s.A.APIKey, d, "7821"), unmanaged(d, "9933")
			s.ok(s.call(http.MethodPost, "/connected_accounts/delete", s.A.APIKey, map[string]any{"connected_account_id": johnsAugust.ConnectedAccountID}))
			wantGone(t, []string{managed}, []string{found})
		})
		t.Run("the other workspace's code stays", func(t *testing.T) {
			s.ok(s.call(http.MethodPost, "/access_codes/get", s.B.APIKey, map[string]any{"access_code_id": bCode}))
			if n := s.events(s.B.WorkspaceID, "access_code.deleted", store.EventFilter{}); n != 0 {
				t.Errorf("W_B recorded %d access_code.deleted", n)
			}
		})
	})
}
