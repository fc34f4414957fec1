package provider_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/page"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// connectFixture is a store with two workspaces and a service whose
// recorder keeps what its hooks (the webhooks' way in) saw.
type connectFixture struct {
	st     *store.Store
	svc    *provider.Service
	a, b   string
	hooked []client.Event
}

func newConnectFixture(t *testing.T, st *store.Store) *connectFixture {
	t.Helper()
	f := &connectFixture{st: st}
	rec := event.NewRecorder()
	rec.OnRecord(func(_ context.Context, _ *store.Tx, events []client.Event) error {
		f.hooked = append(f.hooked, events...)
		return nil
	})
	f.svc = provider.NewService(rec)
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		for _, id := range []*string{&f.a, &f.b} {
			*id = lintel.NewID()
			if err := tx.CreateWorkspace(context.Background(), store.Workspace{WorkspaceID: *id, Name: "w",
				CompanyName: "c", IsSandbox: true, CreatedAt: tx.Now(), IsPublishableKeyAuthEnabled: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *connectFixture) connect(t *testing.T, ws string, in provider.ConnectRequest) (provider.Connected, error) {
	t.Helper()
	var out provider.Connected
	err := f.st.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = f.svc.ConnectTx(context.Background(), tx, ws, in)
		return err
	})
	return out, err
}

func signIn(t *testing.T, key, email string) provider.Login {
	t.Helper()
	p, ok := provider.Lookup(key)
	if !ok {
		t.Fatalf("no provider %s", key)
	}
	l, err := p.SignIn(email, provider.Password)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func eventTypes(events []client.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.EventType)
	}
	return out
}

func TestConnectLocks(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, st)
		webview := lintel.NewID()
		jane, err := f.connect(t, f.a, provider.ConnectRequest{Provider: "august", Login: signIn(t, "august", provider.JaneEmail),
			CustomMetadata: map[string]any{"tenant": "t1", "vip": true}, AutomaticallyManageNewDevices: true,
			ConnectWebviewID: webview})
		if err != nil {
			t.Fatal(err)
		}
		if jane.Reconnected || len(jane.Devices) != 2 || len(jane.Systems) != 0 {
			t.Fatalf("jane's August = %+v", jane)
		}
		if got := eventTypes(f.hooked); !slices.Equal(got, []string{"connected_account.connected", "device.connected", "device.connected"}) {
			t.Errorf("events = %v", got)
		}
		if e := f.hooked[0]; e.ConnectWebviewID != webview || e.ConnectedAccountID != jane.ConnectedAccountID ||
			e.ConnectedAccountCustomMetadata["tenant"] != "t1" || e.WorkspaceID != f.a {
			t.Errorf("connected_account.connected = %+v", e)
		}
		if e := f.hooked[1]; e.DeviceID != jane.Devices[0].DeviceID || e.ConnectedAccountID != jane.ConnectedAccountID {
			t.Errorf("device.connected = %+v", e)
		}
		err = st.View(ctx, func(tx *store.Tx) error {
			ca, err := tx.ConnectedAccount(ctx, f.a, jane.ConnectedAccountID)
			if err != nil {
				return err
			}
			if ca.AccountType != "august" || ca.AccountTypeDisplayName != "August" || ca.UserIdentifierEmail == nil ||
				*ca.UserIdentifierEmail != provider.JaneEmail || ca.CustomMetadata != `{"tenant":"t1","vip":true}` ||
				!ca.AutomaticallyManageNewDevices {
				t.Errorf("account = %+v", ca)
			}
			d, err := tx.Device(ctx, f.a, jane.Devices[0].DeviceID)
			if err != nil {
				return err
			}
			want := signIn(t, "august", provider.JaneEmail).Devices[0]
			if d.DeviceType != "august_lock" || d.Name != want.Name || d.ExternalID != want.Key || !d.IsManaged ||
				d.Locked == nil || *d.Locked != want.Locked || !d.CanRemotelyUnlock ||
				!slices.Equal(d.SupportedCodeLengths, want.Codes.SupportedCodeLengths) ||
				d.MaxActiveCodesSupported == nil || *d.MaxActiveCodesSupported != want.Codes.MaxActiveCodes ||
				d.ConnectedAccountID != jane.ConnectedAccountID {
				t.Errorf("device = %+v", d)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// John's login is another account with other devices.
		f.hooked = nil
		john, err := f.connect(t, f.a, provider.ConnectRequest{Provider: "august", Login: signIn(t, "august", provider.JohnEmail)})
		if err != nil {
			t.Fatal(err)
		}
		if john.ConnectedAccountID == jane.ConnectedAccountID || john.Reconnected || len(john.Devices) != 1 ||
			john.Devices[0].DeviceID == jane.Devices[0].DeviceID {
			t.Errorf("john's August = %+v", john)
		}
		err = st.View(ctx, func(tx *store.Tx) error {
			d, err := tx.Device(ctx, f.a, john.Devices[0].DeviceID)
			if err != nil || d.IsManaged {
				t.Errorf("john's device (account does not manage new devices) = %+v, %v", d, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// Jane again: the same account, reconnected; nothing doubled.
		f.hooked = nil
		again, err := f.connect(t, f.a, provider.ConnectRequest{Provider: "august", Login: signIn(t, "august", "JANE@example.com"),
			CustomMetadata: map[string]any{"tenant": "t2"}})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Reconnected || again.ConnectedAccountID != jane.ConnectedAccountID ||
			!slices.Equal(again.Devices, jane.Devices) {
			t.Errorf("reconnect = %+v, want the account and devices of %+v", again, jane)
		}
		if got := eventTypes(f.hooked); !slices.Equal(got, []string{"connected_account.connected"}) {
			t.Errorf("reconnect events = %v", got)
		}
		err = st.View(ctx, func(tx *store.Tx) error {
			ca, err := tx.ConnectedAccount(ctx, f.a, jane.ConnectedAccountID)
			if err != nil || ca.CustomMetadata != `{"tenant":"t2"}` {
				t.Errorf("after reconnect = %+v, %v", ca, err)
			}
			all, err := tx.ListDevices(ctx, f.a, store.DeviceFilter{}, pageAll())
			if err != nil || len(all) != 3 {
				t.Errorf("devices of W_A = %d, %v; want 3", len(all), err)
			}
			accounts, err := tx.ListConnectedAccounts(ctx, f.a, store.ConnectedAccountFilter{}, pageAll())
			if err != nil || len(accounts) != 2 {
				t.Errorf("accounts of W_A = %d, %v; want 2", len(accounts), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		// Different workspace: Jane in W_B is W_B's own account.
		other, err := f.connect(t, f.b, provider.ConnectRequest{Provider: "august", Login: signIn(t, "august", provider.JaneEmail)})
		if err != nil {
			t.Fatal(err)
		}
		if other.Reconnected || other.ConnectedAccountID == jane.ConnectedAccountID {
			t.Errorf("W_B's connection = %+v", other)
		}
	})
}

func TestConnectAccessSystem(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, st)
		c, err := f.connect(t, f.a, provider.ConnectRequest{Provider: "salto_ks", Login: signIn(t, "salto_ks", provider.JaneEmail)})
		if err != nil {
			t.Fatal(err)
		}
		want := signIn(t, "salto_ks", provider.JaneEmail).Systems[0]
		if len(c.Systems) != 1 || len(c.Devices) != 0 || len(c.Systems[0].EntranceIDs) != len(want.Entrances) ||
			len(c.Systems[0].AccessGroupIDs) != len(want.AccessGroups) {
			t.Fatalf("connected = %+v", c)
		}
		if got := eventTypes(f.hooked); !slices.Equal(got, []string{"connected_account.connected", "acs_system.connected"}) {
			t.Errorf("events = %v", got)
		}
		if e := f.hooked[1]; e.AcsSystemID != c.Systems[0].AcsSystemID || e.ConnectedAccountID != c.ConnectedAccountID {
			t.Errorf("acs_system.connected = %+v", e)
		}
		err = st.View(ctx, func(tx *store.Tx) error {
			sys, err := tx.AcsSystem(ctx, f.a, c.Systems[0].AcsSystemID)
			if err != nil {
				return err
			}
			if sys.ExternalType != "salto_ks_site" || sys.Name != want.Name || sys.Connector != "sandbox" ||
				sys.ConnectedAccountID != c.ConnectedAccountID || sys.TimeZone == nil || *sys.TimeZone != want.TimeZone {
				t.Errorf("system = %+v", sys)
			}
			entrances, err := tx.AcsEntrances(ctx, f.a, store.AcsEntranceFilter{AcsAccessGroupID: c.Systems[0].AccessGroupIDs[0]})
			if err != nil || len(entrances) != len(want.Entrances) || !entrances[0].CanUnlockWithCode || !entrances[0].CanUnlockWithCloudKey {
				t.Errorf("entrances of the first group = %+v, %v", entrances, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		again, err := f.connect(t, f.a, provider.ConnectRequest{Provider: "salto_ks", Login: signIn(t, "salto_ks", provider.JaneEmail)})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Reconnected || !slices.EqualFunc(again.Systems, c.Systems, func(x, y provider.ConnectedSystem) bool {
			return x.AcsSystemID == y.AcsSystemID && slices.Equal(x.EntranceIDs, y.EntranceIDs) &&
				slices.Equal(x.AccessGroupIDs, y.AccessGroupIDs)
		}) {
			t.Errorf("reconnect = %+v, want the systems of %+v", again, c)
		}
	})
}

func TestConnectRefusesUnknownProviderOrLogin(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	f := newConnectFixture(t, st)
	for _, in := range []provider.ConnectRequest{
		{Provider: "nope", Login: provider.Login{Email: provider.JaneEmail}},
		{Provider: "august", Login: provider.Login{Email: "mallory@example.com"}},
	} {
		if _, err := f.connect(t, f.a, in); !errors.Is(err, provider.ErrUnknownProvider) {
			t.Errorf("%+v: err = %v, want ErrUnknownProvider", in, err)
		}
	}
	err := st.View(context.Background(), func(tx *store.Tx) error {
		accounts, err := tx.ListConnectedAccounts(context.Background(), f.a, store.ConnectedAccountFilter{}, pageAll())
		if err != nil || len(accounts) != 0 || len(f.hooked) != 0 {
			t.Errorf("after refused connections: %d accounts, %d events, %v", len(accounts), len(f.hooked), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func pageAll() page.Request { return page.Request{Limit: page.MaxLimit} }
