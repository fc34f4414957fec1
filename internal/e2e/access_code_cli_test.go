package e2e

import (
	"testing"
)

// TestCLIAccessCode: `lintel access_codes create --device_id … --code 4821`
// programs a code on a seeded sandbox lock, like the ACS commands; get
// shows it, a second create of the same PIN is refused with the API's
// error and exit 1, delete takes it off, and get then exits 1 with
// access_code_not_found.
func TestCLIAccessCode(t *testing.T) {
	t.Parallel()
	s := startSandbox(t)
	mustOK := func(r cliResult) cliResult {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
		}
		return r
	}
	locks, _ := mustOK(s.lintel(t, "", "locks", "list")).body["devices"].([]any)
	var lock string
	for _, l := range locks {
		d, _ := l.(map[string]any)
		if d["can_program_online_access_codes"] == true {
			lock, _ = d["device_id"].(string)
			break
		}
	}
	if lock == "" {
		t.Fatalf("no seeded lock takes access codes: %v", locks)
	}
	r := mustOK(s.lintel(t, "", "access_codes", "create", "--device_id", lock, "--code", "4821", "--name", "Guest"))
	c, _ := r.body["access_code"].(map[string]any)
	id, _ := c["access_code_id"].(string)
	if c["code"] != "4821" || c["status"] != "set" || c["device_id"] != lock || id == "" {
		t.Fatalf("access_codes create printed %s", r.stdout)
	}
	r = mustOK(s.lintel(t, "", "access_codes", "get", "--access_code_id", id))
	if c, _ := r.body["access_code"].(map[string]any); c["name"] != "Guest" || c["code"] != "4821" {
		t.Errorf("access_codes get printed %s", r.stdout)
	}
	if r := s.lintel(t, "", "access_codes", "create", "--device_id", lock, "--code", "4821"); r.code != 1 || r.errType() != "duplicate_code_on_device" {
		t.Errorf("the same PIN again: exit %d, %s", r.code, r.stdout)
	}
	mustOK(s.lintel(t, "", "access_codes", "delete", "--access_code_id", id))
	if r := s.lintel(t, "", "access_codes", "get", "--access_code_id", id); r.code != 1 || r.errType() != "access_code_not_found" {
		t.Errorf("get after delete: exit %d, %s", r.code, r.stdout)
	}
}
