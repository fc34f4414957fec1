package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/cli"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// syncBuffer is an io.Writer the server goroutine writes while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// serve starts `lintel serve` with args on a free loopback port and returns
// its base URL, its output and a function that stops it and returns its
// exit code.
func serve(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...),
			func(string) string { return "" }, strings.NewReader(""), out, errOut)
	}()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(30 * time.Second):
			t.Fatal("server did not stop")
			return -1
		}
	}
	// A bound, not a timing assertion: seeding under -race on a loaded
	// two-core machine has taken longer than 30 s.
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			return m[1], out, stop
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s\n%s", code, out, errOut)
		case <-time.After(20 * time.Millisecond):
		}
	}
	stop()
	t.Fatalf("serve did not start:\n%s\n%s", out, errOut)
	return "", nil, nil
}

// post sends a JSON body like `curl --json` does.
func post(t *testing.T, url, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST %s: %v: %s", url, err, raw)
	}
	return res.StatusCode, out
}

// TestServeSeedReadmeFlow runs the README's sandbox walk-through against
// the real `lintel serve --seed`: list the seeded users, delete the one the
// server printed with the curl command the README shows, and see it gone.
func TestServeSeedReadmeFlow(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.URL(t)
			keyFile := t.TempDir() + "/lintel.key"
			base, out, stop := serve(t, "--seed", "--database", dsn, "--key-file", keyFile)
			text := out.String()
			for _, tok := range []string{"seam_apikey1_token", "seam_apikey2_token", "seam_cst1_token", "seam_at1_longtoken", "seam_pk1_token"} {
				if !strings.Contains(text, tok) {
					t.Errorf("seed output does not name %s:\n%s", tok, text)
				}
			}
			if !strings.Contains(text, "exist only because this") {
				t.Errorf("seed output does not say the tokens exist only in seed mode:\n%s", text)
			}
			m := regexp.MustCompile(`acs_user_id ([0-9a-f-]{36})\n`).FindStringSubmatch(text)
			ws := regexp.MustCompile(`"My Workspace"\s+([0-9a-f-]{36})`).FindStringSubmatch(text)
			if m == nil || ws == nil {
				t.Fatalf("no seeded user or workspace id in the output:\n%s", text)
			}
			user := m[1]
			auth := []string{"Authorization", "Bearer seam_apikey1_token"}

			// The README's first step: list the users.
			status, body := post(t, base+"/acs/users/list", `{"limit": 100}`, auth...)
			if status != 200 || !strings.Contains(mustJSON(t, body["acs_users"]), user) {
				t.Fatalf("acs/users/list: %d %v", status, body)
			}
			// The README's curl: delete the printed user.
			status, body = post(t, base+"/acs/users/delete", `{"acs_user_id": "`+user+`"}`, auth...)
			if status != 200 || body["ok"] != true {
				t.Fatalf("acs/users/delete: %d %v", status, body)
			}
			status, body = post(t, base+"/acs/users/get", `{"acs_user_id": "`+user+`"}`, auth...)
			if e, _ := body["error"].(map[string]any); status != 404 || e["type"] != "acs_user_not_found" {
				t.Fatalf("acs/users/get after delete: %d %v", status, body)
			}

			// The other well-known tokens work as the fake's do.
			if status, body = post(t, base+"/workspaces/get", `{}`, "Authorization", "Bearer seam_apikey2_token"); status != 200 {
				t.Errorf("seam_apikey2_token: %d %v", status, body)
			} else if w := body["workspace"].(map[string]any); w["name"] != "Empty Workspace" {
				t.Errorf("seam_apikey2_token's workspace = %v", w)
			}
			if status, body = post(t, base+"/workspaces/get", `{}`, "Authorization", "Bearer seam_at1_longtoken", "seam-workspace", ws[1]); status != 200 {
				t.Errorf("seam_at1_longtoken: %d %v", status, body)
			}
			status, body = post(t, base+"/acs/users/list", `{}`, "Authorization", "Bearer seam_cst1_token", "client-session-token", "seam_cst1_token")
			if status != 200 || len(body["acs_users"].([]any)) != 2 {
				t.Errorf("seam_cst1_token sees: %d %v", status, body)
			}
			status, body = post(t, base+"/client_sessions/get_or_create", `{"user_identifier_key": "john_user_identifier_key"}`,
				"seam-publishable-key", "seam_pk1_token")
			if cs, _ := body["client_session"].(map[string]any); status != 200 || cs["token"] != "seam_cst1_token" {
				t.Errorf("seam_pk1_token get_or_create: %d %v", status, body)
			}
			if code := stop(); code != 0 {
				t.Errorf("serve exited with %d", code)
			}

			// --seed on a database that holds data does nothing, and says so.
			_, out, stop = serve(t, "--seed", "--database", dsn, "--key-file", keyFile)
			if text := out.String(); !strings.Contains(text, "nothing was seeded") || strings.Contains(text, "seam_apikey1_token") {
				t.Errorf("second --seed said:\n%s", text)
			}
			stop()
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
