package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/cli"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/seed"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// seedTwo seeds a sandbox and a production workspace of one system each in
// a new SQLite file and returns the file and both systems.
func seedTwo(t *testing.T) (db, sandboxSystem, productionSystem string) {
	t.Helper()
	systems := []seed.System{{Name: "S", ExternalType: "salto_ks_site", ExternalTypeDisplayName: "Salto KS site", AccessMethod: "code", Users: 1}}
	db, sb, prod := seedSandboxAndProduction(t, seed.Options{Systems: systems})
	return db, sb.Systems[0].AcsSystemID, prod.Systems[0].AcsSystemID
}

// seedSandboxAndProduction seeds a sandbox and a production workspace,
// each as o says, in a new SQLite file.
func seedSandboxAndProduction(t *testing.T, o seed.Options) (db string, sandbox, production seed.Workspace) {
	t.Helper()
	db = storetest.SQLiteURL(t)
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		o.Name, o.IsSandbox = "Sandbox", true
		if sandbox, err = seed.Seed(ctx, tx, o); err != nil {
			return err
		}
		o.Name, o.IsSandbox = "Production", false
		production, err = seed.Seed(ctx, tx, o)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, sandbox, production
}

func storedSandboxConfig(t *testing.T, db, system string) connector.SandboxConfig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var c connector.SandboxConfig
	err = st.View(ctx, func(tx *store.Tx) error {
		s, err := tx.FindAcsSystem(ctx, system)
		if err != nil {
			return err
		}
		c, err = connector.ParseSandboxConfig(s.ConnectorConfig)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSandboxSetFaults(t *testing.T) {
	t.Parallel()
	db, sandbox, production := seedTwo(t)
	before := time.Now()
	code, out, errOut := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--acs_system_id", sandbox,
		"--latency", "200ms", "--fail-rate", "0.3", "--outage", "10m")
	if code != 0 {
		t.Fatalf("set-faults: exit %d: %s %s", code, out, errOut)
	}
	var printed map[string]any
	if err := json.Unmarshal([]byte(out), &printed); err != nil || printed["mode"] != "remote" || printed["latency_ms"] != 200.0 {
		t.Errorf("printed %s", out)
	}
	c := storedSandboxConfig(t, db, sandbox)
	until := time.UnixMilli(c.OutageUntil)
	if c.Mode != connector.SandboxRemote || c.LatencyMS != 200 || c.FailRate != 0.3 ||
		until.Before(before.Add(10*time.Minute)) || until.After(time.Now().Add(10*time.Minute)) {
		t.Errorf("stored %+v", c)
	}

	// Only the flags given change; --outage 0 ends the outage.
	if code, out, errOut := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--acs_system_id", sandbox, "--outage", "0"); code != 0 {
		t.Fatalf("end the outage: exit %d: %s %s", code, out, errOut)
	}
	if c := storedSandboxConfig(t, db, sandbox); c.OutageUntil != 0 || c.LatencyMS != 200 || c.Mode != connector.SandboxRemote {
		t.Errorf("after --outage 0: %+v", c)
	}
	if code, _, _ := runCLI(t, nil, "sandbox", "set-faults", "--database", db, "--acs_system_id", sandbox, "--mode", "inline"); code != 0 {
		t.Fatal("back to inline failed")
	}
	if c := storedSandboxConfig(t, db, sandbox); c.Mode != connector.SandboxInline {
		t.Errorf("after --mode inline: %+v", c)
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"production workspace", []string{"--acs_system_id", production, "--latency", "1s"}, 1, "only sandbox systems"},
		{"unknown system", []string{"--acs_system_id", "0190a0b2-0000-7000-8000-000000000000", "--latency", "1s"}, 1, "not found"},
		{"not a uuid", []string{"--acs_system_id", "nope"}, 2, "UUID"},
		{"bad fail rate", []string{"--acs_system_id", sandbox, "--fail-rate", "1.5"}, 1, "between 0 and 1"},
		{"bad mode", []string{"--acs_system_id", sandbox, "--mode", "sideways"}, 1, "mode"},
	} {
		code, _, errOut := runCLI(t, nil, append([]string{"sandbox", "set-faults", "--database", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q", tc.name, code, errOut, tc.code, tc.want)
		}
	}
	if c := storedSandboxConfig(t, db, production); c != (connector.SandboxConfig{}) {
		t.Errorf("the production system was changed: %+v", c)
	}
}

// TestWorkerCommand starts `lintel worker`, waits until it works, and stops
// it as a signal would.
func TestWorkerCommand(t *testing.T) {
	t.Parallel()
	db, _, _ := seedTwo(t)
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"worker", "--database", db, "--key-file", t.TempDir() + "/k", "--log-level", "warn"},
			func(string) string { return "" }, strings.NewReader(""), out, errOut)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "worker started") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the worker did not start: %s %s", out, errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("worker exited %d: %s", code, errOut)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the worker did not stop")
	}
}

// TestServeWebhooksAndMetrics runs `lintel serve --seed`: its in-process
// workers deliver a signed event to a webhook on this machine (allowed in
// seed mode), and /metrics counts the delivery. Without --seed, the same
// webhook is refused.
func TestServeWebhooksAndMetrics(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []http.Header
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
	}))
	defer recv.Close()

	base, out, stop := serve(t, "--seed", "--database", storetest.SQLiteURL(t), "--key-file", t.TempDir()+"/k")
	defer stop()
	auth := []string{"Authorization", "Bearer seam_apikey1_token"}
	status, body := post(t, base+"/webhooks/create", `{"url": "`+recv.URL+`/hook", "event_types": ["acs_user.deleted"]}`, auth...)
	if status != 200 {
		t.Fatalf("webhooks/create in seed mode: %d %v", status, body)
	}
	user := regexpUser.FindStringSubmatch(out.String())
	if user == nil {
		t.Fatalf("no seeded user in:\n%s", out)
	}
	if status, body := post(t, base+"/acs/users/delete", `{"acs_user_id": "`+user[1]+`"}`, auth...); status != 200 {
		t.Fatalf("delete: %d %v", status, body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the webhook received nothing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	h := got[0]
	mu.Unlock()
	if h.Get("svix-id") == "" || !strings.HasPrefix(h.Get("svix-signature"), "v1,") || h.Get("svix-timestamp") == "" {
		t.Errorf("delivery headers %v", h)
	}
	// The job's outcome reaches the metrics just after the job ends.
	wants := []string{`lintel_webhook_delivery_attempts_total{outcome="delivered"} 1`, `lintel_job_queue_depth{kind="connector_mutation",state="available"}`,
		`lintel_jobs_total{kind="webhook_endpoint",outcome="completed"} 1`}
	var metrics string
	for deadline := time.Now().Add(30 * time.Second); ; {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		metrics = string(raw)
		missing := false
		for _, w := range wants {
			missing = missing || !strings.Contains(metrics, w)
		}
		if res.StatusCode == 200 && !missing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics: %d, want %q in:\n%s", res.StatusCode, wants, metrics)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Without --seed, a webhook on this machine is refused.
	base2, out2, stop2 := serve(t, "--database", storetest.SQLiteURL(t), "--key-file", t.TempDir()+"/k")
	defer stop2()
	key := regexpKey.FindStringSubmatch(out2.String())
	if key == nil {
		t.Fatalf("no API key printed:\n%s", out2)
	}
	status, body = post(t, base2+"/webhooks/create", `{"url": "`+recv.URL+`/hook"}`, "Authorization", "Bearer "+key[1])
	if status != 400 {
		t.Errorf("webhooks/create to loopback without --seed: %d %v, want 400", status, body)
	}
}

var (
	regexpUser = regexp.MustCompile(`acs_user_id ([0-9a-f-]{36})\n`)
	regexpKey  = regexp.MustCompile(`\s(seam_[1-9A-HJ-NP-Za-km-z]+_[1-9A-HJ-NP-Za-km-z]+)\s`)
)
