package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// testBridgeSession is an unpaired session whose pairing code is valid for
// three minutes from created.
func testBridgeSession(short, code string, created time.Time) store.BridgeClientSession {
	return store.BridgeClientSession{BridgeClientSessionID: lintel.NewID(), ShortToken: short,
		LongTokenHash: []byte("hash-of-" + short), TokenSealed: "sealed-" + short, Name: "bridge " + short,
		TimeZone: "America/Los_Angeles", MachineIdentifierKey: "machine-" + short, TailscaleHostname: "bridge-" + short,
		PairingCode: code, PairingCodeExpiresAt: created.Add(3 * time.Minute), CreatedAt: created}
}

// TestBridgeClientSessions covers the sessions themselves, which belong to
// no workspace: each is reached by its own id or token only, and one
// session's writes never touch another's.
func TestBridgeClientSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var one, two store.BridgeClientSession
		inTx(t, st, func(tx *store.Tx) error {
			one, two = testBridgeSession("one", "123456", tx.Now()), testBridgeSession("two", "654321", tx.Now())
			for _, s := range []store.BridgeClientSession{one, two} {
				if err := tx.InsertBridgeClientSession(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.BridgeClientSession(ctx, one.BridgeClientSessionID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, one) {
				t.Errorf("BridgeClientSession = %+v, want %+v", got, one)
			}
			if got, err := tx.BridgeClientSessionByShortToken(ctx, "two"); err != nil || got.BridgeClientSessionID != two.BridgeClientSessionID {
				t.Errorf("BridgeClientSessionByShortToken(two) = %+v, %v", got, err)
			}
			if _, err := tx.BridgeClientSessionByShortToken(ctx, "three"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("an unknown short token: %v, want ErrNotFound", err)
			}
			if got, err := tx.BridgeClientSessionByPairingCode(ctx, "123456", one.CreatedAt); err != nil || got.BridgeClientSessionID != one.BridgeClientSessionID {
				t.Errorf("BridgeClientSessionByPairingCode(live) = %+v, %v", got, err)
			}
			if _, err := tx.BridgeClientSessionByPairingCode(ctx, "123456", one.PairingCodeExpiresAt); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("an expired pairing code: %v, want ErrNotFound", err)
			}
			return nil
		})

		// Writes are scoped by the session: one's changes leave two as it was.
		reported := one.CreatedAt.Add(time.Second)
		connected, ip := true, "100.64.0.7"
		inTx(t, st, func(tx *store.Tx) error {
			if err := tx.SetBridgePairingCode(ctx, one.BridgeClientSessionID, "111111", reported.Add(time.Minute)); err != nil {
				return err
			}
			if err := tx.SetBridgeTailscaleAuthKey(ctx, one.BridgeClientSessionID, "sealed-key"); err != nil {
				return err
			}
			if err := tx.SetBridgeTelemetryToken(ctx, one.BridgeClientSessionID, "sealed-telemetry", reported.Add(time.Hour)); err != nil {
				return err
			}
			return tx.RecordBridgeStatus(ctx, one.BridgeClientSessionID, &connected, &ip, reported)
		})
		unknown := lintel.NewID()
		err := st.InTx(ctx, func(tx *store.Tx) error { return tx.SetBridgePairingCode(ctx, unknown, "222222", reported) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetBridgePairingCode of an unknown session: %v, want ErrNotFound", err)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.RecordBridgeStatus(ctx, unknown, nil, nil, reported) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("RecordBridgeStatus of an unknown session: %v, want ErrNotFound", err)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.SetBridgeTailscaleAuthKey(ctx, unknown, "x") })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetBridgeTailscaleAuthKey of an unknown session: %v, want ErrNotFound", err)
		}
		err = st.InTx(ctx, func(tx *store.Tx) error { return tx.SetBridgeTelemetryToken(ctx, unknown, "x", reported) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetBridgeTelemetryToken of an unknown session: %v, want ErrNotFound", err)
		}
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.BridgeClientSession(ctx, one.BridgeClientSessionID)
			if err != nil {
				t.Fatal(err)
			}
			if got.PairingCode != "111111" || !got.PairingCodeExpiresAt.Equal(reported.Add(time.Minute)) ||
				got.IsTailscaleConnected == nil || !*got.IsTailscaleConnected || got.TailscaleIPv4 == nil ||
				*got.TailscaleIPv4 != ip || got.LastStatusReportAt == nil || !got.LastStatusReportAt.Equal(reported) ||
				got.TailscaleAuthKeySealed == nil || *got.TailscaleAuthKeySealed != "sealed-key" ||
				got.TelemetryTokenSealed == nil || *got.TelemetryTokenSealed != "sealed-telemetry" ||
				got.TelemetryTokenExpiresAt == nil || !got.TelemetryTokenExpiresAt.Equal(reported.Add(time.Hour)) {
				t.Errorf("after the changes: %+v", got)
			}
			if got, _ := tx.BridgeClientSession(ctx, two.BridgeClientSessionID); !reflect.DeepEqual(got, two) {
				t.Errorf("the other session changed: %+v, want %+v", got, two)
			}
			if _, err := tx.BridgeClientSessionByPairingCode(ctx, "123456", one.CreatedAt); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the replaced pairing code still finds a session: %v", err)
			}
			return nil
		})
	})
}

func TestBridges(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := seededPair(t, st)
		var sa, sb store.BridgeClientSession
		var bridgeA, bridgeB store.Bridge
		inTx(t, st, func(tx *store.Tx) error {
			sa, sb = testBridgeSession("a", "100001", tx.Now()), testBridgeSession("b", "100002", tx.Now())
			for _, s := range []store.BridgeClientSession{sa, sb} {
				if err := tx.InsertBridgeClientSession(ctx, s); err != nil {
					return err
				}
			}
			bridgeA = store.Bridge{BridgeID: lintel.NewID(), BridgeClientSessionID: sa.BridgeClientSessionID, CreatedAt: tx.Now()}
			bridgeB = store.Bridge{BridgeID: lintel.NewID(), BridgeClientSessionID: sb.BridgeClientSessionID, CreatedAt: tx.Now()}
			if err := tx.InsertBridge(ctx, a.WorkspaceID, bridgeA); err != nil {
				return err
			}
			return tx.InsertBridge(ctx, b.WorkspaceID, bridgeB)
		})
		bridgeA.WorkspaceID, bridgeB.WorkspaceID = a.WorkspaceID, b.WorkspaceID

		// A session is paired once: W_B cannot take W_A's, nor W_A twice.
		for _, ws := range []string{b.WorkspaceID, a.WorkspaceID} {
			again := store.Bridge{BridgeID: lintel.NewID(), BridgeClientSessionID: sa.BridgeClientSessionID, CreatedAt: bridgeA.CreatedAt}
			err := st.InTx(ctx, func(tx *store.Tx) error { return tx.InsertBridge(ctx, ws, again) })
			if !errors.Is(err, store.ErrConflict) {
				t.Errorf("pairing W_A's session again in %s: %v, want ErrConflict", ws, err)
			}
		}
		err := st.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertBridge(ctx, b.WorkspaceID, store.Bridge{BridgeID: lintel.NewID(), BridgeClientSessionID: lintel.NewID(), CreatedAt: bridgeA.CreatedAt})
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("pairing an unknown session: %v, want ErrNotFound", err)
		}

		// Reads: each workspace sees its own bridge only.
		view(t, st, func(tx *store.Tx) error {
			if got, err := tx.Bridge(ctx, a.WorkspaceID, bridgeA.BridgeID); err != nil || !reflect.DeepEqual(got, bridgeA) {
				t.Errorf("Bridge(W_A) = %+v, %v; want %+v", got, err, bridgeA)
			}
			if _, err := tx.Bridge(ctx, b.WorkspaceID, bridgeA.BridgeID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("W_B reads W_A's bridge: %v, want ErrNotFound", err)
			}
			for _, c := range []struct {
				ws   string
				want store.Bridge
			}{{a.WorkspaceID, bridgeA}, {b.WorkspaceID, bridgeB}} {
				got, err := tx.ListBridges(ctx, c.ws)
				if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], c.want) {
					t.Errorf("ListBridges(%s) = %+v, %v; want [%+v]", c.ws, got, err, c.want)
				}
			}
			paired, err := tx.BridgeClientSession(ctx, sa.BridgeClientSessionID)
			if err != nil || paired.BridgeID == nil || *paired.BridgeID != bridgeA.BridgeID || *paired.WorkspaceID != a.WorkspaceID {
				t.Errorf("the paired session = %+v, %v", paired, err)
			}
			return nil
		})

		// Accounts behind bridges: W_B can neither move W_A's account nor
		// put its own behind W_A's bridge.
		accountA, accountB := a.Systems[0].ConnectedAccountID, b.Systems[0].ConnectedAccountID
		for _, c := range []struct {
			name, ws, account, bridge string
		}{
			{"W_B moves W_A's account", b.WorkspaceID, accountA, bridgeB.BridgeID},
			{"W_B puts its account behind W_A's bridge", b.WorkspaceID, accountB, bridgeA.BridgeID},
		} {
			err := st.InTx(ctx, func(tx *store.Tx) error {
				return tx.SetConnectedAccountBridge(ctx, c.ws, c.account, &c.bridge)
			})
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", c.name, err)
			}
		}
		view(t, st, func(tx *store.Tx) error {
			for _, s := range []string{sa.BridgeClientSessionID, sb.BridgeClientSessionID} {
				if got, err := tx.BridgeConnectedSystems(ctx, s); err != nil || len(got) != 0 {
					t.Errorf("no account is behind a bridge yet, yet %s reaches %+v, %v", s, got, err)
				}
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			return tx.SetConnectedAccountBridge(ctx, a.WorkspaceID, accountA, &bridgeA.BridgeID)
		})
		view(t, st, func(tx *store.Tx) error {
			got, err := tx.BridgeConnectedSystems(ctx, sa.BridgeClientSessionID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(a.Systems) {
				t.Fatalf("W_A's bridge reaches %d systems, want %d: %+v", len(got), len(a.Systems), got)
			}
			for _, c := range got {
				if c.BridgeID != bridgeA.BridgeID || c.ConnectedAccountID != accountA || c.WorkspaceID != a.WorkspaceID ||
					c.WorkspaceName != "A" || c.AcsSystemName == "" || !c.BridgeCreatedAt.Equal(bridgeA.CreatedAt) {
					t.Errorf("connected system = %+v", c)
				}
			}
			if got, err := tx.BridgeConnectedSystems(ctx, sb.BridgeClientSessionID); err != nil || len(got) != 0 {
				t.Errorf("W_B's bridge reaches %+v, %v; want nothing", got, err)
			}
			return nil
		})
		inTx(t, st, func(tx *store.Tx) error {
			return tx.SetConnectedAccountBridge(ctx, a.WorkspaceID, accountA, nil)
		})
		view(t, st, func(tx *store.Tx) error {
			if got, err := tx.BridgeConnectedSystems(ctx, sa.BridgeClientSessionID); err != nil || len(got) != 0 {
				t.Errorf("after taking the account from behind the bridge: %+v, %v", got, err)
			}
			return nil
		})
	})
}
