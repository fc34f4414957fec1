package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
)

// seedLocks seeds a sandbox and a production workspace, each with Jane's
// August, in a new SQLite file and returns the file and a lock of each.
func seedLocks(t *testing.T) (db, sandboxLock, productionLock string) {
	t.Helper()
	db, sb, prod := seedSandboxAndProduction(t, seed.Options{Accounts: []seed.Account{{Provider: "august"}}})
	return db, sb.Accounts[0].DeviceIDs[0], prod.Accounts[0].DeviceIDs[0]
}

// storedLock reads a device's connector configuration and whether its
// simulated lock is online.
func storedLock(t *testing.T, db, deviceID string) (connector.SandboxConfig, bool) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var c connector.SandboxConfig
	var online bool
	err = st.View(ctx, func(tx *store.Tx) error {
		d, err := tx.FindDevice(ctx, deviceID)
		if err != nil {
			return err
		}
		lock, err := tx.SandboxDevice(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID)
		if err != nil {
			return err
		}
		online = lock.Online
		c, err = connector.ParseSandboxConfig(d.ConnectorConfig)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, online
}

func TestSandboxSetFaultsOfADevice(t *testing.T) {
	t.Parallel()
	db, lock, production := seedLocks(t)
	code, out, errOut := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--device_id", lock,
		"--latency", "150ms", "--fail-rate", "0.2", "--offline")
	if code != 0 {
		t.Fatalf("set-faults: exit %d: %s %s", code, out, errOut)
	}
	var printed map[string]any
	if err := json.Unmarshal([]byte(out), &printed); err != nil || printed["mode"] != "remote" ||
		printed["device_id"] != lock || printed["online"] != false {
		t.Errorf("printed %s", out)
	}
	c, online := storedLock(t, db, lock)
	if c.Mode != connector.SandboxRemote || c.LatencyMS != 150 || c.FailRate != 0.2 || online {
		t.Errorf("stored %+v, online %v", c, online)
	}
	// Only the flags given change.
	if code, out, errOut := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--device_id", lock, "--offline=false"); code != 0 {
		t.Fatalf("back online: exit %d: %s %s", code, out, errOut)
	}
	if c, online := storedLock(t, db, lock); !online || c.LatencyMS != 150 || c.Mode != connector.SandboxRemote {
		t.Errorf("after --offline=false: %+v, online %v", c, online)
	}
	if code, _, _ := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--device_id", lock, "--mode", "inline"); code != 0 {
		t.Fatal("back to inline failed")
	}
	if c, _ := storedLock(t, db, lock); c.Mode != connector.SandboxInline {
		t.Errorf("after --mode inline: %+v", c)
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"production workspace", []string{"--device_id", production, "--latency", "1s"}, 1, "only sandbox devices"},
		{"unknown device", []string{"--device_id", "0190a0b2-0000-7000-8000-000000000000", "--latency", "1s"}, 1, "not found"},
		{"not a uuid", []string{"--device_id", "nope"}, 2, "UUID"},
		{"both", []string{"--device_id", lock, "--acs_system_id", lock}, 2, "one of"},
		{"neither", []string{"--latency", "1s"}, 2, "one of"},
		{"offline of a system", []string{"--acs_system_id", lock, "--offline"}, 2, "--offline applies to a device"},
	} {
		code, _, errOut := runCLI(t, nil, append([]string{"sandbox", "set-faults", "--database", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q", tc.name, code, errOut, tc.code, tc.want)
		}
	}
	if c, online := storedLock(t, db, production); c != (connector.SandboxConfig{}) || !online {
		t.Errorf("the production lock was changed: %+v, online %v", c, online)
	}
}

// TestReconcileDevices: `lintel reconcile --device_id` compares the devices
// of the lock's connected account with the provider's account at once: a
// lock gone from it is removed, a code that appeared on a lock becomes an
// unmanaged code; the other workspace's account is untouched. A second run
// finds nothing.
func TestReconcileDevices(t *testing.T) {
	t.Parallel()
	db, lock, production := seedLocks(t)
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var gone string
	err = st.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.FindDevice(ctx, lock)
		if err != nil {
			return err
		}
		if err := tx.SandboxPutAccessCode(ctx, d.WorkspaceID, d.ConnectedAccountID, d.ExternalID,
			store.SandboxAccessCode{ExternalID: "found", Code: "7777"}); err != nil {
			return err
		}
		devices, err := tx.DevicesOfConnectedAccount(ctx, d.WorkspaceID, d.ConnectedAccountID)
		if err != nil {
			return err
		}
		for _, o := range devices {
			if o.DeviceID != lock {
				gone = o.DeviceID
				return tx.SandboxDeleteDevice(ctx, o.WorkspaceID, o.ConnectedAccountID, o.ExternalID)
			}
		}
		return nil
	})
	st.Close()
	if err != nil || gone == "" {
		t.Fatalf("setting up the drift: %v (gone %q)", err, gone)
	}
	type report struct {
		Devices struct {
			Checked, Removed int
		} `json:"devices_reconciliation"`
	}
	run := func() report {
		t.Helper()
		code, out, errOut := runCLI(t, nil, "reconcile", "--database", db, "--device_id", lock)
		var r report
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("reconcile: exit %d: %s %s", code, out, errOut)
		}
		return r
	}
	if r := run(); r.Devices.Checked != 2 || r.Devices.Removed != 1 {
		t.Errorf("first run = %+v; want 2 checked, 1 removed", r)
	}
	if r := run(); r.Devices.Checked != 1 || r.Devices.Removed != 0 {
		t.Errorf("second run = %+v; want 1 checked, nothing removed", r)
	}
	st, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.View(ctx, func(tx *store.Tx) error {
		if _, err := tx.FindDevice(ctx, gone); err != store.ErrNotFound {
			t.Errorf("the lock gone from the account: %v; want not found", err)
		}
		d, err := tx.FindDevice(ctx, lock)
		if err != nil {
			return err
		}
		codes, err := tx.AccessCodesOfDevice(ctx, d.WorkspaceID, lock)
		if err != nil || len(codes) != 1 || codes[0].IsManaged || codes[0].Code == nil || *codes[0].Code != "7777" {
			t.Errorf("codes of the lock = %+v, %v; want the found code, unmanaged", codes, err)
		}
		p, err := tx.FindDevice(ctx, production)
		if err != nil {
			return err
		}
		others, err := tx.DevicesOfConnectedAccount(ctx, p.WorkspaceID, p.ConnectedAccountID)
		if err == nil && len(others) != 2 {
			t.Errorf("the other workspace's account has %d devices, want 2", len(others))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown device", []string{"--device_id", "0190a0b2-0000-7000-8000-000000000000"}, 1, "no device"},
		{"not a uuid", []string{"--device_id", "nope"}, 2, "UUID"},
		{"both", []string{"--device_id", lock, "--acs_system_id", lock}, 2, "one of"},
		{"neither", nil, 2, "one of"},
	} {
		code, _, errOut := runCLI(t, nil, append([]string{"reconcile", "--database", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q", tc.name, code, errOut, tc.code, tc.want)
		}
	}
}
