package api_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// capabilityFlags are the flags devices/list's include_if accepts: the
// spec's enum, as the params type carries it.
func capabilityFlags(t *testing.T) []string {
	t.Helper()
	f, ok := reflect.TypeOf(client.DevicesListParams{}).FieldByName("IncludeIf")
	if !ok {
		t.Fatal("DevicesListParams has no IncludeIf")
	}
	enum, ok := strings.CutPrefix(f.Tag.Get("v"), "enum=")
	if !ok {
		t.Fatalf("IncludeIf's tag %q has no enum", f.Tag)
	}
	return strings.Split(enum, "|")
}

// TestDevicesListCapabilityFilters: for every capability flag of the
// spec's enum, devices/list with include_if keeps exactly the devices that
// show the flag true, and exclude_if exactly the others — flags the rows
// hold, the hub flags the catalogue holds (an August lock reaches August
// through a hub), and flags no device here has (a thermostat's), which
// read false. Two flags at once must both hold.
func TestDevicesListCapabilityFilters(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		for _, p := range []string{"august", "schlage", "igloohome", "yale", "minut"} {
			s.connect(s.A.WorkspaceID, p, provider.JaneEmail, true)
		}
		s.connect(s.B.WorkspaceID, "august", provider.JaneEmail, true)
		all := list(t, s.call(http.MethodPost, "/devices/list", s.A.APIKey, nil), "devices")
		// holding lists, in list order, the ids of the devices whose flags
		// are all true (want true) or not all true (want false).
		holding := func(want bool, flags ...string) []string {
			out := []string{}
			for _, d := range all {
				has := true
				for _, f := range flags {
					has = has && d[f] == true
				}
				if has == want {
					out = append(out, d["device_id"].(string))
				}
			}
			return out
		}
		seen := map[string]bool{}
		var cases []apiCase
		for _, flag := range capabilityFlags(t) {
			yes, no := holding(true, flag), holding(false, flag)
			seen[flag] = len(yes) > 0 && len(no) > 0
			cases = append(cases,
				apiCase{name: "include_if " + flag, method: http.MethodPost, path: "/devices/list",
					params: map[string]any{"include_if": []string{flag}}, check: wantDevices("devices", yes...)},
				apiCase{name: "exclude_if " + flag, method: http.MethodGet, path: "/devices/list",
					params: map[string]any{"exclude_if": []string{flag}}, check: wantDevices("devices", no...)})
		}
		both := []string{"can_simulate_hub_connection", "can_program_online_access_codes"}
		cases = append(cases,
			apiCase{name: "include_if two flags", method: http.MethodPost, path: "/devices/list",
				params: map[string]any{"include_if": both}, check: wantDevices("devices", holding(true, both...)...)},
			apiCase{name: "include_if one, exclude_if the other", method: http.MethodPost, path: "/devices/list",
				params: map[string]any{"include_if": []string{"can_remotely_lock"}, "exclude_if": []string{"can_simulate_hub_connection"}},
				check:  wantDevices("devices", intersect(holding(true, "can_remotely_lock"), holding(false, "can_simulate_hub_connection"))...)},
			apiCase{name: "a flag not in the enum", method: http.MethodPost, path: "/devices/list",
				params: map[string]any{"include_if": []string{"can_fly"}}, status: 400, errType: "invalid_input", field: "include_if"})
		s.run(cases)
		// The sandbox devices tell the flags apart: each of these has
		// devices with it and devices without.
		for _, flag := range []string{"can_remotely_lock", "can_program_online_access_codes", "can_program_offline_access_codes",
			"can_simulate_hub_connection", "can_simulate_hub_disconnection", "can_configure_auto_lock", "can_unlock_with_code"} {
			if !seen[flag] {
				t.Errorf("%s: the sandbox devices do not tell it apart (all have it or none)", flag)
			}
		}
	})
}

// intersect returns the members of a that b holds too, in a's order.
func intersect(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}
