package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/event"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
	"github.com/lintel-dev/lintel/internal/webhook"
	"github.com/lintel-dev/lintel/internal/workspace"
)

func TestIsPublic(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		addr   string
		public bool
	}{
		{"93.184.216.34", true}, {"2606:2800:220:1:248:1893:25c8:1946", true}, {"1.1.1.1", true},
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"::1", false}, {"0.0.0.0", false}, {"::", false},
		{"10.0.0.1", false}, {"172.16.5.4", false}, {"192.168.1.1", false}, {"169.254.169.254", false},
		{"fe80::1", false}, {"fd00::1", false}, {"100.64.0.1", false}, {"::ffff:127.0.0.1", false},
		{"::ffff:10.1.1.1", false}, {"224.0.0.1", false}, {"255.255.255.255", false}, {"198.18.0.1", false},
		{"64:ff9b::7f00:1", false}, {"2002:7f00:1::", false},
	} {
		if got := webhook.IsPublic(netip.MustParseAddr(c.addr)); got != c.public {
			t.Errorf("IsPublic(%s) = %v, want %v", c.addr, got, c.public)
		}
	}
}

// sentinel is a listener that counts the connections made to it.
type sentinel struct {
	ln       net.Listener
	accepted atomic.Int32
}

func newSentinel(t *testing.T) *sentinel {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sentinel{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.accepted.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func newWorkspace(t *testing.T, st *store.Store, name string) lintel.Principal {
	t.Helper()
	ctx := context.Background()
	var p lintel.Principal
	err := st.InTx(ctx, func(tx *store.Tx) error {
		w, err := workspace.CreateWorkspaceTx(ctx, tx, client.WorkspacesCreateParams{Name: name, CompanyName: name})
		p = lintel.Principal{Kind: lintel.AuthAPIKey, WorkspaceID: w.WorkspaceID, ActorID: "key"}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPrivateAddresses checks that, unless allowed, a webhook aimed at the
// server's own network is refused when it is created, and that a delivery
// never connects to such an address even if the URL got in.
func TestPrivateAddresses(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		t.Parallel()
		key, err := secret.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		dns := map[string][]netip.Addr{
			"internal.example": {netip.MustParseAddr("10.1.2.3")},
			"mixed.example":    {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("127.0.0.1")},
			"public.example":   {netip.MustParseAddr("93.184.216.34")},
		}
		svc := webhook.NewService(st, key, webhook.Config{LookupHost: func(_ context.Context, host string) ([]netip.Addr, error) {
			if a, ok := dns[host]; ok {
				return a, nil
			}
			return nil, errors.New("no such host")
		}})
		p := newWorkspace(t, st, "W")
		s := newSentinel(t)
		port := s.ln.Addr().(*net.TCPAddr).Port
		refused := []string{
			s.ln.Addr().String(), "127.0.0.1", "[::1]", "169.254.169.254", "10.0.0.8", "192.168.0.1",
			"localhost", "app.localhost", "internal.example", "mixed.example", "0.0.0.0", "[::ffff:127.0.0.1]",
		}
		for _, host := range refused {
			url := "http://" + host + "/hook"
			if !strings.Contains(host, ":") || strings.HasPrefix(host, "[") {
				url = "http://" + host + ":" + strconv.Itoa(port) + "/hook"
			}
			_, err := svc.Create(context.Background(), p, client.WebhooksCreateParams{URL: url})
			if lintel.ErrorCode(err) != lintel.EInvalidInput {
				t.Errorf("create %s: %v, want invalid_input", url, err)
			}
		}
		for _, url := range []string{"ftp://public.example/x", "http:///nohost", "not a url", "http://public.example:99999/"} {
			if _, err := svc.Create(context.Background(), p, client.WebhooksCreateParams{URL: url}); lintel.ErrorCode(err) != lintel.EInvalidInput {
				t.Errorf("create %s: %v, want invalid_input", url, err)
			}
		}
		for _, url := range []string{"https://public.example/hook", "https://unresolvable.example/hook", "https://93.184.216.34/x"} {
			if _, err := svc.Create(context.Background(), p, client.WebhooksCreateParams{URL: url}); err != nil {
				t.Errorf("create %s: %v, want it accepted", url, err)
			}
		}

		// A URL that got in (a name re-pointed after creation, or a row
		// written by an older version): the dial guard refuses it.
		sealed, err := key.Seal([]byte("whsec_"+strings.Repeat("A", 32)), "sneaky")
		if err != nil {
			t.Fatal(err)
		}
		var eventID string
		err = st.InTx(context.Background(), func(tx *store.Tx) error {
			if err := tx.InsertWebhook(context.Background(), p.WorkspaceID, store.Webhook{WebhookID: "sneaky",
				URL: "http://" + s.ln.Addr().String() + "/hook", EventTypes: []string{"*"}, SecretSealed: sealed,
				CreatedAt: tx.Now()}); err != nil {
				return err
			}
			eventID = lintel.NewID()
			row, err := event.Row(client.Event{EventID: eventID, EventType: "acs_user.deleted",
				CreatedAt: client.NewTime(tx.Now()), OccurredAt: client.NewTime(tx.Now())})
			if err != nil {
				return err
			}
			return tx.InsertEvent(context.Background(), p.WorkspaceID, row)
		})
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.Deliver(context.Background(), webhook.Delivery{WorkspaceID: p.WorkspaceID, WebhookID: "sneaky", EventID: eventID})
		if err == nil || a.Outcome != webhook.OutcomeFailed || !strings.Contains(err.Error(), "not public") {
			t.Errorf("delivery to a loopback address: %+v, %v; want a refused dial", a, err)
		}
		if n := s.accepted.Load(); n != 0 {
			t.Errorf("%d connections reached the internal address", n)
		}
	})
}

// TestAddressFormsJudgedAlike: every textual form of an address is judged
// as the address it is, at create time as at connect time, by one rule;
// the cloud metadata addresses are refused even where private addresses
// are allowed (--allow-private-webhooks, --seed).
func TestAddressFormsJudgedAlike(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(_ context.Context, host string) ([]netip.Addr, error) {
		switch host {
		case "metadata.google.internal":
			return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
		case "internal.example":
			return []netip.Addr{netip.MustParseAddr("10.1.2.3")}, nil
		}
		return nil, errors.New("no such host")
	}
	p := newWorkspace(t, st, "W")
	strict := webhook.NewService(st, key, webhook.Config{LookupHost: lookup})
	lax := webhook.NewService(st, key, webhook.Config{LookupHost: lookup, AllowPrivate: true})
	create := func(svc *webhook.Service, host string) bool {
		_, err := svc.Create(context.Background(), p, client.WebhooksCreateParams{URL: "http://" + host + ":8080/hook"})
		if err != nil && lintel.ErrorCode(err) != lintel.EInvalidInput {
			t.Fatalf("create %s: %v", host, err)
		}
		return err == nil
	}
	for _, c := range []struct {
		host       string
		addr       string // the address the host is; "" for a name or an invalid host
		strict, ok bool   // accepted without and with private addresses allowed
	}{
		// Loopback in every form inet_aton and browsers read.
		{"127.0.0.1", "127.0.0.1", false, true},
		{"2130706433", "127.0.0.1", false, true},
		{"0x7f000001", "127.0.0.1", false, true},
		{"0X7F000001", "127.0.0.1", false, true},
		{"127.1", "127.0.0.1", false, true},
		{"127.0.1", "127.0.0.1", false, true},
		{"0177.0.0.1", "127.0.0.1", false, true},
		{"0x7f.0.0.1", "127.0.0.1", false, true},
		{"127.0.0.1.", "127.0.0.1", false, true},
		{"[::ffff:127.0.0.1]", "::ffff:127.0.0.1", false, true},
		{"[::ffff:7f00:1]", "::ffff:7f00:1", false, true},
		{"[::127.0.0.1]", "::127.0.0.1", false, true},
		{"[::1]", "::1", false, true},
		{"10.1", "10.0.0.1", false, true},
		{"internal.example", "", false, true},
		// The metadata service, never.
		{"169.254.169.254", "169.254.169.254", false, false},
		{"2852039166", "169.254.169.254", false, false},
		{"0xa9fea9fe", "169.254.169.254", false, false},
		{"169.254.43518", "169.254.169.254", false, false},
		{"0251.0376.0251.0376", "169.254.169.254", false, false},
		{"[::ffff:169.254.169.254]", "::ffff:169.254.169.254", false, false},
		{"[::ffff:a9fe:a9fe]", "::ffff:a9fe:a9fe", false, false},
		{"[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe", false, false},
		{"[fd00:ec2::254]", "fd00:ec2::254", false, false},
		{"[FD00:EC2:0:0:0:0:0:254]", "fd00:ec2::254", false, false},
		{"100.100.100.200", "100.100.100.200", false, false},
		{"metadata.google.internal", "", false, false},
		// Numbers that are no address: refused rather than guessed at.
		{"1.2.3.4.5", "", false, false},
		{"99999999999", "", false, false},
		{"256.1.1.1", "", false, false},
		{"1.2.3.08", "", false, false},
		// Public, in any form.
		{"93.184.216.34", "93.184.216.34", true, true},
		{"1572395042", "93.184.216.34", true, true},
		{"0x5db8d822", "93.184.216.34", true, true},
		{"example.com", "", true, true},
	} {
		if got := create(strict, c.host); got != c.strict {
			t.Errorf("create %s: accepted %v, want %v", c.host, got, c.strict)
		}
		if got := create(lax, c.host); got != c.ok {
			t.Errorf("create %s with private addresses allowed: accepted %v, want %v", c.host, got, c.ok)
		}
		if c.addr == "" {
			continue
		}
		// The connect-time guard sees the address the dialer resolved:
		// it must agree with the create-time verdict.
		a := netip.MustParseAddr(c.addr)
		for _, allow := range []bool{false, true} {
			dialed := webhook.DialGuard(allow)("tcp", netip.AddrPortFrom(a, 8080).String(), nil) == nil
			want := c.strict
			if allow {
				want = c.ok
			}
			if dialed != want {
				t.Errorf("dial %s (private allowed %v): allowed %v, want %v as at create", a, allow, dialed, want)
			}
		}
	}
}
