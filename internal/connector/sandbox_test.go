package connector_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

func system(c connector.SandboxConfig) store.AcsSystem {
	return store.AcsSystem{AcsSystemID: "s", WorkspaceID: "w", Connector: connector.SandboxName, ConnectorConfig: c.String()}
}

func TestSandboxModes(t *testing.T) {
	t.Parallel()
	var sb connector.Sandbox
	for _, tc := range []struct {
		doc    string
		inline bool
	}{{"", true}, {"{}", true}, {`{"mode":"inline"}`, true}, {`{"mode":"remote"}`, false}, {"not json", true}} {
		if got := sb.Inline(store.AcsSystem{ConnectorConfig: tc.doc}); got != tc.inline {
			t.Errorf("Inline(%q) = %v, want %v", tc.doc, got, tc.inline)
		}
	}
	for _, bad := range []connector.SandboxConfig{{Mode: "sideways"}, {LatencyMS: -1}, {FailRate: 1.01}, {FailRate: -0.1}, {OutageUntil: -5}} {
		if bad.Check() == nil {
			t.Errorf("Check(%+v) = nil, want an error", bad)
		}
	}
	ok := connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 200, FailRate: 0.3, OutageUntil: 1}
	back, err := connector.ParseSandboxConfig(ok.String())
	if err != nil || back != ok || ok.Check() != nil {
		t.Errorf("round trip %+v → %+v, %v", ok, back, err)
	}
}

func TestSandboxFaults(t *testing.T) {
	t.Parallel()
	now := time.UnixMilli(1_000_000)
	draw := 0.5
	sb := connector.Sandbox{Now: func() time.Time { return now }, Rand: func() float64 { return draw }}
	m := connector.Mutation{Kind: connector.DeleteUser, UserExternalID: "x"}
	ctx := context.Background()

	outage := system(connector.SandboxConfig{Mode: connector.SandboxRemote, OutageUntil: now.Add(time.Minute).UnixMilli()})
	if err := sb.Send(ctx, outage, m); !errors.Is(err, connector.ErrUnavailable) {
		t.Errorf("Send during an outage: %v, want ErrUnavailable", err)
	}
	now = now.Add(time.Minute)
	if err := sb.Send(ctx, outage, m); err != nil {
		t.Errorf("Send once the outage is over: %v", err)
	}

	flaky := system(connector.SandboxConfig{Mode: connector.SandboxRemote, FailRate: 0.3})
	draw = 0.29
	if err := sb.Send(ctx, flaky, m); !errors.Is(err, connector.ErrUnavailable) {
		t.Errorf("Send with a failing draw: %v", err)
	}
	draw = 0.31
	if err := sb.Send(ctx, flaky, m); err != nil {
		t.Errorf("Send with a passing draw: %v", err)
	}
	// An inline system injects nothing, whatever its faults say.
	draw = 0
	if err := sb.Send(ctx, system(connector.SandboxConfig{FailRate: 1}), m); err != nil {
		t.Errorf("Send on an inline system: %v", err)
	}

	// Latency honours cancellation: a worker that stops is not held.
	slow := system(connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: time.Hour.Milliseconds()})
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := sb.Send(cctx, slow, m); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send with an hour of latency and a short deadline: %v", err)
	}
}

func TestMutationSubject(t *testing.T) {
	t.Parallel()
	ext := "u-ext"
	for _, m := range []connector.Mutation{
		{AcsSystemID: "s", Kind: connector.DeleteUser, UserExternalID: ext, ObjectID: "u"},
		{AcsSystemID: "s", Kind: connector.CreateUser, User: &connector.ProviderUser{ExternalID: ext}, ObjectID: "u"},
		{AcsSystemID: "s", Kind: connector.IssueCredential, Credential: &connector.ProviderCredential{UserExternalID: &ext}, ObjectID: "c"},
	} {
		if got := m.Subject(); got != "s/user/u-ext" {
			t.Errorf("%s: subject %q, want the user's", m.Kind, got)
		}
	}
	if got := (connector.Mutation{AcsSystemID: "s", Kind: connector.RevokeCredential, ObjectID: "c"}).Subject(); got != "s/object/c" {
		t.Errorf("subject without a user: %q", got)
	}
}
