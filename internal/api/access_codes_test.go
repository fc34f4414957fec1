package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// Required fields of an access code, from the spec.
var accessCodeFields = []string{"workspace_id", "common_code_key", "type", "access_code_id", "device_id", "name", "code",
	"created_at", "errors", "warnings", "is_managed", "status", "is_backup_access_code_available",
	"is_external_modification_allowed", "is_one_time_use", "is_offline_access_code", "pending_mutations"}

var unmanagedCodeFields = []string{"workspace_id", "type", "access_code_id", "device_id", "name", "code", "created_at",
	"errors", "warnings", "is_managed", "status"}

// wantCodes checks the ids, in order, of the access codes of a response.
func wantCodes(want ...*string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		w := []string{}
		for _, id := range want {
			w = append(w, *id)
		}
		if got := ids(list(t, r, "access_codes"), "access_code_id"); !slices.Equal(got, w) {
			t.Errorf("access_codes = %v, want %v", got, w)
		}
	}
}

// sandboxCodes lists the codes on a simulated lock, by code.
func (s *testServer) sandboxCodes(ws, deviceID string) []string {
	s.t.Helper()
	var out []string
	s.sandbox(func(tx *store.Tx) error {
		ctx := context.Background()
		d, err := tx.Device(ctx, ws, deviceID)
		if err != nil {
			return err
		}
		codes, err := tx.SandboxAccessCodes(ctx, ws, d.ConnectedAccountID, d.ExternalID)
		for _, c := range codes {
			out = append(out, c.Code)
		}
		return err
	})
	slices.Sort(out)
	return out
}

func TestAccessCodes(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		schlage := s.connect(s.A.WorkspaceID, "schlage", provider.JaneEmail, true)
		igloo := s.connect(s.A.WorkspaceID, "igloohome", provider.JohnEmail, true)
		other := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, back, shed := august.Devices[0].DeviceID, schlage.Devices[0].DeviceID, igloo.Devices[0].DeviceID
		keyless := august.Devices[1].DeviceID
		bDevice := other.Devices[0].DeviceID
		ws := s.A.WorkspaceID
		byCode := store.EventFilter{}
		future := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
		later := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
		var ongoing, timed, generated, unmanagedID, shared1, shared2, pooled, backupID string
		s.run([]apiCase{
			{name: "create an ongoing code", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "4821", "name": "Guest"},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					requireFields(t, c, accessCodeFields...)
					aa := obj(t, r, "action_attempt")
					ongoing = c["access_code_id"].(string)
					if c["status"] != "set" || c["type"] != "ongoing" || c["code"] != "4821" || c["name"] != "Guest" ||
						c["is_managed"] != true || c["device_id"] != front || len(c["pending_mutations"].([]any)) != 0 {
						t.Errorf("access_code = %v", c)
					}
					if aa["status"] != "success" || aa["action_type"] != "CREATE_ACCESS_CODE" {
						t.Errorf("action_attempt = %v", aa)
					}
					if got := s.sandboxCodes(ws, front); !slices.Equal(got, []string{"4821"}) {
						t.Errorf("codes on the lock = %v", got)
					}
					byCode.AccessCodeIDs = []string{ongoing}
					for _, e := range []string{"access_code.created", "access_code.set_on_device"} {
						if n := s.events(ws, e, byCode); n != 1 {
							t.Errorf("%d %s events", n, e)
						}
					}
				}},
			{name: "the same code again", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "4821"}, status: 400, errType: "duplicate_code_on_device"},
			{name: "letters", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "12ab"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "too short", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "123"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "a length the lock does not take", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "123456789"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "starts_at alone", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "starts_at": future}, status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "ends before it starts", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "starts_at": later, "ends_at": future}, status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "ends in the past", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2020-01-02T00:00:00Z"},
				status: 400, errType: "invalid_input", field: "ends_at"},
			{name: "not a date", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "starts_at": "tomorrow", "ends_at": later}, status: 400, errType: "invalid_input", field: "starts_at"},
			{name: "no device", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"code": "5555"}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "a lock without a keypad", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": keyless, "code": "5555"}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "a name longer than the lock takes", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": back, "name": "Ten chars!"}, status: 400, errType: "invalid_input", field: "name"},
			{name: "W_B's device", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": bDevice, "code": "5555"}, status: 404, errType: "device_not_found"},
			{name: "offline on a lock without offline codes", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "is_offline_access_code": true, "starts_at": future, "ends_at": later},
				status: 400, errType: "invalid_input", field: "is_offline_access_code"},
			{name: "a time-bound code waits for its start", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": front, "code": "7391", "starts_at": future, "ends_at": later},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					timed = c["access_code_id"].(string)
					pm := c["pending_mutations"].([]any)
					if c["status"] != "unset" || c["type"] != "time_bound" || len(pm) != 1 ||
						pm[0].(map[string]any)["mutation_code"] != "deferring_creation" {
						t.Errorf("access_code = %v", c)
					}
					if got := s.sandboxCodes(ws, front); slices.Contains(got, "7391") {
						t.Errorf("the lock holds the code before its start: %v", got)
					}
				}},
			{name: "a generated code", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": back},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					generated = c["access_code_id"].(string)
					code, _ := c["code"].(string)
					if len(code) != 4 || strings.Trim(code, "0123456789") != "" || c["status"] != "set" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "get", method: http.MethodGet, path: "/access_codes/get", params: map[string]any{"access_code_id": &ongoing},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "access_code"); c["code"] != "4821" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "get by device and code", method: http.MethodPost, path: "/access_codes/get",
				params: map[string]any{"device_id": front, "code": "4821"},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "access_code"); c["access_code_id"] != ongoing {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "get with nothing", method: http.MethodPost, path: "/access_codes/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "access_code_id"},
			{name: "list by device", method: http.MethodGet, path: "/access_codes/list", params: map[string]any{"device_id": front},
				check: wantCodes(&ongoing, &timed)},
			{name: "list by ids", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"access_code_ids": []*string{&ongoing, &generated}}, check: wantCodes(&ongoing, &generated)},
			{name: "list with no filter", method: http.MethodPost, path: "/access_codes/list", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "device_id"},
			{name: "search", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"device_id": front, "search": "gues"}, check: wantCodes(&ongoing)},
			{name: "list a page", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"device_id": front, "limit": 1},
				check: func(t *testing.T, r response) {
					wantCodes(&ongoing)(t, r)
					if pg := obj(t, r, "pagination"); pg["has_next_page"] != true {
						t.Errorf("pagination = %v", pg)
					}
				}},
			{name: "update the name and code", method: http.MethodPatch, path: "/access_codes/update",
				params: map[string]any{"access_code_id": &ongoing, "name": "Guest 2", "code": "4822"},
				check: func(t *testing.T, r response) {
					if aa := obj(t, r, "action_attempt"); aa["status"] != "success" || aa["action_type"] != "UPDATE_ACCESS_CODE" {
						t.Errorf("action_attempt = %v", aa)
					}
					if got := s.sandboxCodes(ws, front); !slices.Equal(got, []string{"4822"}) {
						t.Errorf("codes on the lock = %v", got)
					}
					if n := s.events(ws, "access_code.changed", byCode); n != 1 {
						t.Errorf("%d access_code.changed", n)
					}
				}},
			{name: "the code typed on the keypad names the access code", method: http.MethodPost, path: "/locks/simulate/keypad_code_entry",
				params: map[string]any{"device_id": front, "code": "4822"},
				check: func(t *testing.T, r response) {
					if n := s.events(ws, "lock.unlocked", byCode); n != 1 {
						t.Errorf("%d lock.unlocked naming the access code", n)
					}
				}},
			{name: "update to a code the lock holds", method: http.MethodPost, path: "/access_codes/update",
				params: map[string]any{"access_code_id": &timed, "code": "4822"}, status: 400, errType: "duplicate_code_on_device"},
			{name: "update from W_B", method: http.MethodPost, path: "/access_codes/update", token: s.B.APIKey,
				params: map[string]any{"access_code_id": &ongoing, "name": "x"}, status: 404, errType: "access_code_not_found"},
			{name: "generate_code", method: http.MethodGet, path: "/access_codes/generate_code", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "generated_code")
					if code, _ := c["code"].(string); len(code) < 4 || code == "4822" || c["device_id"] != front {
						t.Errorf("generated_code = %v", c)
					}
				}},
			{name: "report_device_constraints", method: http.MethodPost, path: "/access_codes/report_device_constraints",
				params: map[string]any{"device_id": back, "min_code_length": 6, "max_code_length": 6}},
			{name: "a length no longer reported", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": back, "code": "5678"}, status: 400, errType: "invalid_input", field: "code"},
			{name: "constraints both ways", method: http.MethodPost, path: "/access_codes/report_device_constraints",
				params: map[string]any{"device_id": back, "min_code_length": 6, "supported_code_lengths": []int{6}},
				status: 400, errType: "invalid_input", field: "supported_code_lengths"},
			{name: "create_multiple", method: http.MethodPost, path: "/access_codes/create_multiple",
				params: map[string]any{"device_ids": []string{front, back}, "name": "Shared"},
				check: func(t *testing.T, r response) {
					codes := list(t, r, "access_codes")
					if len(codes) != 2 || codes[0]["code"] != codes[1]["code"] || codes[0]["common_code_key"] == nil ||
						codes[0]["common_code_key"] != codes[1]["common_code_key"] || len(codes[0]["code"].(string)) != 6 {
						t.Fatalf("access_codes = %v", codes)
					}
					shared1, shared2 = codes[0]["access_code_id"].(string), codes[1]["access_code_id"].(string)
				}},
			{name: "update_multiple", method: http.MethodPatch, path: "/access_codes/update_multiple",
				params: map[string]any{"common_code_key": "no such key", "name": "x"}},
			{name: "simulate an unmanaged code", method: http.MethodPost, path: "/access_codes/simulate/create_unmanaged_access_code",
				params: map[string]any{"device_id": front, "code": "9911", "name": "Neighbour"},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					requireFields(t, c, unmanagedCodeFields...)
					unmanagedID = c["access_code_id"].(string)
					if c["is_managed"] != false || c["status"] != "set" {
						t.Errorf("access_code = %v", c)
					}
					if n := s.events(ws, "access_code.unmanaged.created", store.EventFilter{AccessCodeIDs: []string{unmanagedID}}); n != 1 {
						t.Errorf("%d access_code.unmanaged.created", n)
					}
				}},
			{name: "unmanaged codes are not listed as managed", method: http.MethodPost, path: "/access_codes/list",
				params: map[string]any{"device_id": front}, check: wantCodes(&ongoing, &timed, &shared1)},
			{name: "unmanaged/list", method: http.MethodGet, path: "/access_codes/unmanaged/list",
				params: map[string]any{"device_id": front}, check: wantCodes(&unmanagedID)},
			{name: "unmanaged/get", method: http.MethodGet, path: "/access_codes/unmanaged/get",
				params: map[string]any{"access_code_id": &unmanagedID},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "access_code"); c["code"] != "9911" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "a managed code is not an unmanaged one", method: http.MethodGet, path: "/access_codes/unmanaged/get",
				params: map[string]any{"access_code_id": &ongoing}, status: 404, errType: "access_code_not_found"},
			{name: "unmanaged/list needs the device", method: http.MethodGet, path: "/access_codes/unmanaged/list",
				params: map[string]any{}, status: 400, errType: "invalid_input", field: "device_id"},
			{name: "convert_to_managed", method: http.MethodPatch, path: "/access_codes/unmanaged/convert_to_managed",
				params: map[string]any{"access_code_id": &unmanagedID},
				check: func(t *testing.T, r response) {
					if n := s.events(ws, "access_code.unmanaged.converted_to_managed", store.EventFilter{AccessCodeIDs: []string{unmanagedID}}); n != 1 {
						t.Errorf("%d converted events", n)
					}
				}},
			{name: "converted, it is managed", method: http.MethodGet, path: "/access_codes/get", params: map[string]any{"access_code_id": &unmanagedID},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "access_code"); c["is_managed"] != true || c["status"] != "set" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "delete", method: http.MethodDelete, path: "/access_codes/delete", params: map[string]any{"access_code_id": &ongoing},
				check: func(t *testing.T, r response) {
					if aa := obj(t, r, "action_attempt"); aa["status"] != "success" || aa["action_type"] != "DELETE_ACCESS_CODE" {
						t.Errorf("action_attempt = %v", aa)
					}
					if got := s.sandboxCodes(ws, front); slices.Contains(got, "4822") {
						t.Errorf("the lock still holds the deleted code: %v", got)
					}
					for _, e := range []string{"access_code.removed_from_device", "access_code.deleted"} {
						if n := s.events(ws, e, byCode); n != 1 {
							t.Errorf("%d %s events", n, e)
						}
					}
				}},
			{name: "deleted, it is not found", method: http.MethodGet, path: "/access_codes/get", params: map[string]any{"access_code_id": &ongoing},
				status: 404, errType: "access_code_not_found"},
			{name: "delete again", method: http.MethodPost, path: "/access_codes/delete", params: map[string]any{"access_code_id": &ongoing},
				status: 404, errType: "access_code_not_found"},
			{name: "the timeline outlives the code", method: http.MethodGet, path: "/access_codes/get_timeline",
				params: map[string]any{"access_code_id": &ongoing},
				check: func(t *testing.T, r response) {
					var types []string
					for _, e := range list(t, r, "timeline_events") {
						types = append(types, e["event_type"].(string))
					}
					want := []string{"access_code.created", "access_code.set_on_device", "access_code.changed",
						"access_code.set_on_device", "access_code.removed_from_device", "access_code.deleted"}
					if !slices.Equal(types, want) {
						t.Errorf("timeline = %v, want %v", types, want)
					}
				}},
			{name: "an offline code", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": shed, "is_offline_access_code": true, "starts_at": time.Now().UTC().Format(time.RFC3339), "ends_at": later},
				check: func(t *testing.T, r response) {
					if c := obj(t, r, "access_code"); c["is_offline_access_code"] != true || c["status"] != "set" {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "a code with a backup pool", method: http.MethodPost, path: "/access_codes/create",
				params: map[string]any{"device_id": back, "starts_at": future, "ends_at": later, "use_backup_access_code_pool": true},
				check: func(t *testing.T, r response) {
					c := obj(t, r, "access_code")
					pooled = c["access_code_id"].(string)
					if c["is_backup_access_code_available"] != true {
						t.Errorf("access_code = %v", c)
					}
				}},
			{name: "pull a backup code", method: http.MethodPost, path: "/access_codes/pull_backup_access_code",
				params: map[string]any{"access_code_id": &pooled},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "access_code")
					backupID, _ = b["access_code_id"].(string)
					if b["is_backup"] != true || b["status"] != "set" || b["ends_at"] == nil || obj(t, r, "backup_access_code")["access_code_id"] != backupID {
						t.Errorf("backup = %s", r.Raw)
					}
				}},
			{name: "pull again: the same backup", method: http.MethodPost, path: "/access_codes/pull_backup_access_code",
				params: map[string]any{"access_code_id": &pooled},
				check: func(t *testing.T, r response) {
					if b := obj(t, r, "access_code"); b["access_code_id"] != backupID {
						t.Errorf("backup = %v, want %s", b, backupID)
					}
				}},
			{name: "no backup for an ongoing code", method: http.MethodPost, path: "/access_codes/pull_backup_access_code",
				params: map[string]any{"access_code_id": &shared2}, status: 400, errType: "invalid_input", field: "access_code_id"},
			{name: "unmanaged/delete", method: http.MethodPost, path: "/access_codes/simulate/create_unmanaged_access_code",
				params: map[string]any{"device_id": back, "code": "991122", "name": "Old"},
				check: func(t *testing.T, r response) {
					id := obj(t, r, "access_code")["access_code_id"].(string)
					s.ok(s.call(http.MethodDelete, "/access_codes/unmanaged/delete", s.A.APIKey, map[string]any{"access_code_id": id}))
					s.wantError(s.call(http.MethodGet, "/access_codes/unmanaged/get", s.A.APIKey, map[string]any{"access_code_id": id}),
						404, "access_code_not_found")
					if got := s.sandboxCodes(ws, back); slices.Contains(got, "991122") {
						t.Errorf("the lock still holds the deleted code: %v", got)
					}
				}},
		})
	})
}
