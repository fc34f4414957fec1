package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/app"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/job"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// TestUnlockWaitsOnLintel runs the SDK's unlock and WaitForActionAttempt
// against lintel's real routes, on an access system reached through the
// queue: the attempt starts pending and a worker finishes it while the SDK
// polls /action_attempts/get.
func TestUnlockWaitsOnLintel(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		key, err := secret.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		a, err := app.Build(st, key, app.Options{Jobs: job.Config{ReconcileEvery: -1, PollInterval: 20 * time.Millisecond,
			JobTimeout: 10 * time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		remote := connector.SandboxConfig{Mode: connector.SandboxRemote, LatencyMS: 300}
		var ws seed.Workspace
		err = st.InTx(ctx, func(tx *store.Tx) error {
			ws, err = seed.Seed(ctx, tx, seed.Options{Name: "Unlocks", IsSandbox: true, Systems: []seed.System{{
				Name: "Salto KS", ExternalType: "salto_ks_site", AccessMethod: "code", Users: 1, Groups: 1, Entrances: 1,
				CloudKeyEntrances: true, ConnectorConfig: remote.String()}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		wctx, stopWorkers := context.WithCancel(ctx)
		if err := a.Jobs.Start(wctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = a.Jobs.Stop(sctx)
			stopWorkers()
		})
		srv, err := api.New(a.APIServices(), api.Config{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)

		sys := ws.Systems[0]
		c, err := client.New(client.WithEndpoint(hs.URL), client.WithAPIKey(ws.APIKey),
			client.WithActionAttemptWait(client.WaitOptions{PollingInterval: 50 * time.Millisecond, Timeout: 30 * time.Second}))
		if err != nil {
			t.Fatal(err)
		}
		noWait, err := client.New(client.WithEndpoint(hs.URL), client.WithAPIKey(ws.APIKey), client.WithoutActionAttemptWait())
		if err != nil {
			t.Fatal(err)
		}
		cred, err := c.Acs.Credentials.Create(ctx, client.AcsCredentialsCreateParams{AcsUserID: sys.AcsUserIDs[0], AccessMethod: "cloud_key"})
		if err != nil {
			t.Fatal(err)
		}
		params := client.AcsEntrancesUnlockParams{AcsEntranceID: sys.EntranceIDs[0], AcsCredentialID: cred.AcsCredentialID}

		// Without waiting, the attempt is still pending: the worker has not
		// reached the remote system yet.
		pending, err := noWait.Acs.Entrances.Unlock(ctx, params)
		if err != nil || pending.Status != client.ActionAttemptStatusPending || pending.ActionType != "UNLOCK_DOOR" {
			t.Fatalf("Unlock without waiting = %+v, %v; want a pending UNLOCK_DOOR attempt", pending, err)
		}
		done, err := c.WaitForActionAttempt(ctx, pending, client.WaitOptions{PollingInterval: 50 * time.Millisecond, Timeout: 30 * time.Second})
		if err != nil || done.Status != client.ActionAttemptStatusSuccess || done.ActionAttemptID != pending.ActionAttemptID ||
			string(done.Result) != `{"was_confirmed_by_device":true}` || done.Error != nil {
			t.Fatalf("WaitForActionAttempt = %+v (result %s), %v", done, done.Result, err)
		}

		// The client's methods wait by themselves.
		waited, err := c.Acs.Entrances.Unlock(ctx, params)
		if err != nil || waited.Status != client.ActionAttemptStatusSuccess {
			t.Fatalf("Unlock = %+v, %v", waited, err)
		}

		// A refusal ends the attempt in error: the wait returns it as the error.
		user, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{AcsSystemID: sys.AcsSystemID, FullName: "No Groups"})
		if err != nil {
			t.Fatal(err)
		}
		stranger, err := c.Acs.Credentials.Create(ctx, client.AcsCredentialsCreateParams{AcsUserID: user.AcsUserID, AccessMethod: "cloud_key"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Acs.Entrances.Unlock(ctx, client.AcsEntrancesUnlockParams{AcsEntranceID: sys.EntranceIDs[0], AcsCredentialID: stranger.AcsCredentialID})
		var failed *client.ActionAttemptError
		if !errors.As(err, &failed) || failed.Type != "no_access_to_entrance" {
			t.Fatalf("Unlock with a key that does not open the door: %v", err)
		}

		// An unknown attempt is the API's 404.
		_, err = noWait.ActionAttempts.Get(ctx, client.ActionAttemptsGetParams{ActionAttemptID: user.AcsUserID})
		var apiErr *client.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Type != "action_attempt_not_found" {
			t.Fatalf("get an unknown attempt: %v", err)
		}
		all, err := c.ActionAttempts.List(ctx, client.ActionAttemptsListParams{})
		if err != nil || len(all) != 3 {
			t.Fatalf("List = %d attempts, %v; want 3", len(all), err)
		}
	})
}
