package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// wantSpace checks the space under "space": its name, key and counts.
func wantSpace(name, key string, devices, entrances int) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		sp := obj(t, r, "space")
		requireFields(t, sp, "space_id", "workspace_id", "name", "display_name", "created_at", "device_count", "acs_entrance_count")
		if sp["name"] != name || sp["display_name"] != name || sp["device_count"] != float64(devices) ||
			sp["acs_entrance_count"] != float64(entrances) {
			t.Errorf("space = %v, want %s with %d devices and %d entrances", sp, name, devices, entrances)
		}
		if k, _ := sp["space_key"].(string); k != key {
			t.Errorf("space_key = %q, want %q", k, key)
		}
	}
}

// spaceEvent returns the newest event of a type about a space.
func (s *testServer) spaceEvents(ws, eventType, spaceID string) []map[string]any {
	s.t.Helper()
	r := s.call(http.MethodPost, "/events/list", s.keyOf(ws), map[string]any{"since": "2000-01-01T00:00:00.000Z",
		"event_types": []string{eventType}})
	s.ok(r)
	var out []map[string]any
	for _, e := range list(s.t, r, "events") {
		if e["space_id"] == spaceID {
			out = append(out, e)
		}
	}
	return out
}

func (s *testServer) keyOf(ws string) string {
	if ws == s.B.WorkspaceID {
		return s.B.APIKey
	}
	return s.A.APIKey
}

func TestSpaces(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		bAugust := s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		front, back := august.Devices[0].DeviceID, august.Devices[1].DeviceID
		entrance, entrance2 := s.A.Systems[0].EntranceIDs[0], s.A.Systems[0].EntranceIDs[1]
		bDevice, bEntrance := bAugust.Devices[0].DeviceID, s.B.Systems[0].EntranceIDs[0]
		var unit, floor string
		s.runVars(map[string]*string{"$unit": &unit, "$floor": &floor}, []apiCase{
			{name: "create", method: http.MethodPost, path: "/spaces/create", params: map[string]any{"name": "Unit 12",
				"space_key": "unit-12", "device_ids": []string{front}, "acs_entrance_ids": []string{entrance, entrance},
				"connected_account_ids": []string{august.ConnectedAccountID}, "customer_key": "cust-1",
				"customer_data": map[string]any{"default_checkin_time": "15:00", "address": nil}},
				check: func(t *testing.T, r response) {
					wantSpace("Unit 12", "unit-12", 1, 1)(t, r)
					sp := obj(t, r, "space")
					unit = sp["space_id"].(string)
					if sp["workspace_id"] != s.A.WorkspaceID || sp["customer_key"] != "cust-1" {
						t.Errorf("space = %v", sp)
					}
					if cd := sp["customer_data"].(map[string]any); cd["default_checkin_time"] != "15:00" {
						t.Errorf("customer_data = %v", cd)
					}
					evs := s.spaceEvents(s.A.WorkspaceID, "space.created", unit)
					if len(evs) != 1 || !slices.Equal(toStrings(evs[0]["device_ids"]), []string{front}) ||
						!slices.Equal(toStrings(evs[0]["acs_entrance_ids"]), []string{entrance}) || evs[0]["space_key"] != "unit-12" {
						t.Errorf("space.created events = %v", evs)
					}
				}},
			{name: "create another", method: http.MethodPost, path: "/spaces/create", params: map[string]any{"name": "Floor 1"},
				check: func(t *testing.T, r response) {
					wantSpace("Floor 1", "", 0, 0)(t, r)
					floor = obj(t, r, "space")["space_id"].(string)
					evs := s.spaceEvents(s.A.WorkspaceID, "space.created", floor)
					if len(evs) != 1 || evs[0]["device_ids"] == nil || len(evs[0]["device_ids"].([]any)) != 0 {
						t.Errorf("space.created events = %v", evs)
					}
				}},
			{name: "create with a taken key", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "Again", "space_key": "unit-12"}, status: 409, errType: "conflict"},
			{name: "create with W_B's device", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "Stolen", "device_ids": []string{bDevice}}, status: 404, errType: "device_not_found"},
			{name: "create with W_B's entrance", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "Stolen", "acs_entrance_ids": []string{bEntrance}}, status: 404, errType: "acs_entrance_not_found"},
			{name: "create with W_B's account", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "Stolen", "connected_account_ids": []string{bAugust.ConnectedAccountID}},
				status: 404, errType: "connected_account_not_found"},
			{name: "create without a name", method: http.MethodPost, path: "/spaces/create", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "name"},
			{name: "create with a bad time", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "x", "customer_data": map[string]any{"default_checkout_time": "25:00"}},
				status: 400, errType: "invalid_input", field: "customer_data"},
			{name: "create with a number in customer_data", method: http.MethodPost, path: "/spaces/create",
				params: map[string]any{"name": "x", "customer_data": map[string]any{"floor": 3}},
				status: 400, errType: "invalid_input", field: "customer_data"},
			{name: "nothing was created by the refused calls", method: http.MethodGet, path: "/spaces/list",
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{unit, floor}) {
						t.Errorf("spaces = %v", got)
					}
				}},

			{name: "get by id", method: http.MethodGet, path: "/spaces/get", params: map[string]any{"space_id": "$unit"},
				check: wantSpace("Unit 12", "unit-12", 1, 1)},
			{name: "get by key", method: http.MethodPost, path: "/spaces/get", params: map[string]any{"space_key": "unit-12"},
				check: wantSpace("Unit 12", "unit-12", 1, 1)},
			{name: "get by nothing", method: http.MethodPost, path: "/spaces/get", params: map[string]any{},
				status: 400, errType: "invalid_input", field: "space_id"},
			{name: "get unknown", method: http.MethodPost, path: "/spaces/get", params: map[string]any{"space_id": lintel.NewID()},
				status: 404, errType: "space_not_found"},
			{name: "W_B gets A's by key", method: http.MethodPost, path: "/spaces/get", token: s.B.APIKey,
				params: map[string]any{"space_key": "unit-12"}, status: 404, errType: "space_not_found"},

			{name: "list by search", method: http.MethodPost, path: "/spaces/list", params: map[string]any{"search": "floor"},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{floor}) {
						t.Errorf("spaces = %v", got)
					}
				}},
			{name: "list by account", method: http.MethodGet, path: "/spaces/list", params: map[string]any{"connected_account_id": august.ConnectedAccountID},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{unit}) {
						t.Errorf("spaces = %v", got)
					}
				}},
			{name: "list by customer key", method: http.MethodGet, path: "/spaces/list", params: map[string]any{"customer_key": "cust-1"},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{unit}) {
						t.Errorf("spaces = %v", got)
					}
				}},
			{name: "list a page", method: http.MethodGet, path: "/spaces/list", params: map[string]any{"limit": 1},
				check: func(t *testing.T, r response) {
					pg := r.Body["pagination"].(map[string]any)
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{unit}) || pg["has_next_page"] != true {
						t.Errorf("spaces = %v, pagination %v", got, pg)
					}
				}},
			{name: "W_B lists none of A's", method: http.MethodGet, path: "/spaces/list", token: s.B.APIKey,
				check: func(t *testing.T, r response) {
					if got := list(t, r, "spaces"); len(got) != 0 {
						t.Errorf("spaces = %v", got)
					}
				}},

			{name: "add devices", method: http.MethodPut, path: "/spaces/add_devices",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{back, front}},
				check: func(t *testing.T, r response) {
					evs := s.spaceEvents(s.A.WorkspaceID, "space.device_membership_changed", unit)
					if len(evs) != 1 || !slices.Equal(toStrings(evs[0]["device_ids"]), sorted(front, back)) {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "add the same again records nothing", method: http.MethodPost, path: "/spaces/add_devices",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{back}},
				check: func(t *testing.T, r response) {
					if evs := s.spaceEvents(s.A.WorkspaceID, "space.device_membership_changed", unit); len(evs) != 1 {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "add W_B's device", method: http.MethodPost, path: "/spaces/add_devices",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{bDevice}}, status: 404, errType: "device_not_found"},
			{name: "add no devices", method: http.MethodPost, path: "/spaces/add_devices",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{}}, status: 400, errType: "invalid_input", field: "device_ids"},
			{name: "add entrances", method: http.MethodPut, path: "/spaces/add_acs_entrances",
				params: map[string]any{"space_id": "$unit", "acs_entrance_ids": []string{entrance2}}},
			{name: "remove an entrance", method: http.MethodDelete, path: "/spaces/remove_acs_entrances",
				params: map[string]any{"space_id": "$unit", "acs_entrance_ids": []string{entrance}}},
			{name: "remove a device", method: http.MethodDelete, path: "/spaces/remove_devices",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{front}}},
			{name: "what it holds now", method: http.MethodGet, path: "/spaces/get", params: map[string]any{"space_id": "$unit"},
				check: wantSpace("Unit 12", "unit-12", 1, 1)},
			{name: "remove the account", method: http.MethodDelete, path: "/spaces/remove_connected_account",
				params: map[string]any{"space_id": "$unit", "connected_account_id": august.ConnectedAccountID},
				check: func(t *testing.T, r response) {
					r = s.call(http.MethodPost, "/spaces/list", s.A.APIKey, map[string]any{"connected_account_id": august.ConnectedAccountID})
					if got := list(t, r, "spaces"); len(got) != 0 {
						t.Errorf("spaces of the account = %v", got)
					}
				}},
			{name: "add the account", method: http.MethodPut, path: "/spaces/add_connected_account",
				params: map[string]any{"space_id": "$floor", "connected_account_id": august.ConnectedAccountID}},
			{name: "add W_B's account", method: http.MethodPut, path: "/spaces/add_connected_account",
				params: map[string]any{"space_id": "$floor", "connected_account_id": bAugust.ConnectedAccountID},
				status: 404, errType: "connected_account_not_found"},

			{name: "update", method: http.MethodPatch, path: "/spaces/update", params: map[string]any{"space_id": "$unit",
				"name": "Unit 12B", "parent_space_id": "$floor", "device_ids": []string{front}},
				check: func(t *testing.T, r response) {
					wantSpace("Unit 12B", "unit-12", 1, 1)(t, r)
					if sp := obj(t, r, "space"); sp["parent_space_id"] != floor {
						t.Errorf("space = %v", sp)
					}
				}},
			{name: "list children", method: http.MethodGet, path: "/spaces/list", params: map[string]any{"parent_space_id": "$floor"},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "spaces"), "space_id"); !slices.Equal(got, []string{unit}) {
						t.Errorf("spaces = %v", got)
					}
				}},
			{name: "a space cannot be its own ancestor", method: http.MethodPatch, path: "/spaces/update",
				params: map[string]any{"space_id": "$floor", "parent_space_id": "$unit"}, status: 400, errType: "invalid_input", field: "parent_space_id"},
			{name: "update with W_B's device", method: http.MethodPatch, path: "/spaces/update",
				params: map[string]any{"space_id": "$unit", "device_ids": []string{bDevice}}, status: 404, errType: "device_not_found"},
			{name: "the refused update changed nothing", method: http.MethodGet, path: "/spaces/get", params: map[string]any{"space_id": "$unit"},
				check: wantSpace("Unit 12B", "unit-12", 1, 1)},

			{name: "get_related", method: http.MethodGet, path: "/spaces/get_related", params: map[string]any{"space_ids": []string{"$unit"}},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "batch")
					if got := ids(items(t, b, "spaces"), "space_id"); !slices.Equal(got, []string{unit}) {
						t.Errorf("spaces = %v", got)
					}
					if got := ids(items(t, b, "devices"), "device_id"); !slices.Equal(got, []string{front}) {
						t.Errorf("devices = %v", got)
					}
					if got := ids(items(t, b, "acs_entrances"), "acs_entrance_id"); !slices.Equal(got, []string{entrance2}) {
						t.Errorf("acs_entrances = %v", got)
					}
					if got := ids(items(t, b, "acs_systems"), "acs_system_id"); !slices.Equal(got, []string{s.A.Systems[0].AcsSystemID}) {
						t.Errorf("acs_systems = %v", got)
					}
					if got := ids(items(t, b, "connected_accounts"), "connected_account_id"); len(got) != 2 {
						t.Errorf("connected_accounts = %v", got)
					}
				}},
			{name: "get_related by key, only devices", method: http.MethodPost, path: "/spaces/get_related",
				params: map[string]any{"space_keys": []string{"unit-12"}, "include": []string{"devices", "spaces"}, "exclude": []string{"spaces"}},
				check: func(t *testing.T, r response) {
					b := obj(t, r, "batch")
					if _, ok := b["spaces"]; ok {
						t.Errorf("batch has spaces: %v", b)
					}
					if got := ids(items(t, b, "devices"), "device_id"); !slices.Equal(got, []string{front}) {
						t.Errorf("devices = %v", got)
					}
				}},
			{name: "get_related with a bad kind", method: http.MethodPost, path: "/spaces/get_related",
				params: map[string]any{"space_ids": []string{"$unit"}, "include": []string{"toasters"}}, status: 400, errType: "invalid_input", field: "include"},

			{name: "delete", method: http.MethodDelete, path: "/spaces/delete", params: map[string]any{"space_id": "$unit"},
				check: func(t *testing.T, r response) {
					evs := s.spaceEvents(s.A.WorkspaceID, "space.deleted", unit)
					if len(evs) != 1 || !slices.Equal(toStrings(evs[0]["device_ids"]), []string{front}) {
						t.Errorf("space.deleted events = %v", evs)
					}
				}},
			{name: "deleted is not found", method: http.MethodGet, path: "/spaces/get", params: map[string]any{"space_id": "$unit"},
				status: 404, errType: "space_not_found"},
			{name: "delete again", method: http.MethodPost, path: "/spaces/delete", params: map[string]any{"space_id": "$unit"},
				status: 404, errType: "space_not_found"},
			{name: "its devices stay", method: http.MethodGet, path: "/devices/get", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) { obj(t, r, "device") }},
			{name: "the key is free again", method: http.MethodPost, path: "/spaces/create", params: map[string]any{"name": "New", "space_key": "unit-12"},
				check: wantSpace("New", "unit-12", 0, 0)},
		})
	})
}

// items returns the array under key of an object.
func items(t *testing.T, o map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := o[key].([]any)
	if !ok {
		t.Fatalf("no array under %q: %v", key, o)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// runVars plays the cases in order like run, first replacing in each
// case's parameters the names of vars ("$unit") by their values at the
// time: ids that earlier cases created.
func (s *testServer) runVars(vars map[string]*string, cases []apiCase) {
	s.t.Helper()
	sub := func(v string) string {
		if p, ok := vars[v]; ok {
			return *p
		}
		return v
	}
	for _, c := range cases {
		params := map[string]any{}
		for k, v := range c.params {
			switch v := v.(type) {
			case string:
				params[k] = sub(v)
			case []string:
				out := make([]string, len(v))
				for i, x := range v {
					out[i] = sub(x)
				}
				params[k] = out
			default:
				params[k] = v
			}
		}
		if c.params == nil {
			params = nil
		}
		c.params = params
		s.run([]apiCase{c})
	}
}

// TestSpaceMembersShowTheirSpaces: a device and an entrance in a space
// name it in space_ids; devices/list and connected_accounts/list filter by
// space_id, and events/list finds the space's events by space_id.
func TestSpaceMembersShowTheirSpaces(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		august := s.connect(s.A.WorkspaceID, "august", provider.JaneEmail, true)
		yale := s.connect(s.A.WorkspaceID, "yale", provider.JaneEmail, true)
		front, entrance := august.Devices[0].DeviceID, s.A.Systems[0].EntranceIDs[0]
		unit := s.postOK("/spaces/create", s.A.APIKey, map[string]any{"name": "Unit", "device_ids": []string{front},
			"acs_entrance_ids": []string{entrance}, "connected_account_ids": []string{august.ConnectedAccountID}})["space"].(map[string]any)["space_id"].(string)
		s.run([]apiCase{
			{name: "device", method: http.MethodGet, path: "/devices/get", params: map[string]any{"device_id": front},
				check: func(t *testing.T, r response) {
					if got := toStrings(obj(t, r, "device")["space_ids"]); !slices.Equal(got, []string{unit}) {
						t.Errorf("space_ids = %v", got)
					}
				}},
			{name: "a device in no space", method: http.MethodGet, path: "/devices/get", params: map[string]any{"device_id": yale.Devices[0].DeviceID},
				check: func(t *testing.T, r response) {
					if got, ok := obj(t, r, "device")["space_ids"].([]any); !ok || len(got) != 0 {
						t.Errorf("space_ids = %v", got)
					}
				}},
			{name: "entrance", method: http.MethodGet, path: "/acs/entrances/get", params: map[string]any{"acs_entrance_id": entrance},
				check: func(t *testing.T, r response) {
					if got := toStrings(obj(t, r, "acs_entrance")["space_ids"]); !slices.Equal(got, []string{unit}) {
						t.Errorf("space_ids = %v", got)
					}
				}},
			{name: "devices in the space", method: http.MethodGet, path: "/devices/list", params: map[string]any{"space_id": unit},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "devices"), "device_id"); !slices.Equal(got, []string{front}) {
						t.Errorf("devices = %v", got)
					}
				}},
			{name: "accounts in the space", method: http.MethodGet, path: "/connected_accounts/list", params: map[string]any{"space_id": unit},
				check: func(t *testing.T, r response) {
					if got := ids(list(t, r, "connected_accounts"), "connected_account_id"); !slices.Equal(got, []string{august.ConnectedAccountID}) {
						t.Errorf("connected_accounts = %v", got)
					}
				}},
			{name: "events of the space", method: http.MethodPost, path: "/events/list", params: map[string]any{"since": "2000-01-01T00:00:00.000Z", "space_id": unit},
				check: func(t *testing.T, r response) {
					evs := list(t, r, "events")
					if len(evs) != 1 || evs[0]["event_type"] != "space.created" {
						t.Errorf("events = %v", evs)
					}
				}},
			{name: "events of another space", method: http.MethodPost, path: "/events/list", params: map[string]any{"since": "2000-01-01T00:00:00.000Z", "space_ids": []string{lintel.NewID()}},
				check: func(t *testing.T, r response) {
					if evs := list(t, r, "events"); len(evs) != 0 {
						t.Errorf("events = %v", evs)
					}
				}},
		})
	})
}
