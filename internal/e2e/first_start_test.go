package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var printedKey = regexp.MustCompile(`^\s+(seam_[1-9A-HJ-NP-Za-km-z]+_[1-9A-HJ-NP-Za-km-z]+)\s*$`)

// TestFirstStartPrintsAWorkingKey is the README's promise: the first start on
// an empty database prints an API key, once, and it works.
func TestFirstStartPrintsAWorkingKey(t *testing.T) {
	t.Parallel()
	db := t.TempDir() + "/lintel.db"
	srv := startServer(t, db, nil)
	key := printedAPIKey(t, srv)
	req, _ := http.NewRequest("POST", srv.URL+"/workspaces/get", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"workspace":{"workspace_id":`) || !strings.HasSuffix(string(body), `"ok":true}`) {
		t.Fatalf("workspaces/get with the printed key: %d %s", resp.StatusCode, body)
	}
	// Without a token: 401 in the envelope, with a request id.
	resp, err = http.Post(srv.URL+"/workspaces/get", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("seam-request-id") == "" || !strings.Contains(string(body), `"type":"unauthorized"`) {
		t.Fatalf("no token: %d %s", resp.StatusCode, body)
	}
	srv.stop(t)
	// A second start prints no key.
	again := startServer(t, db, nil)
	for _, l := range again.Stdout {
		if strings.Contains(l, "seam_") {
			t.Errorf("second start printed a key: %q", l)
		}
	}
}

// printedAPIKey is the API key a first start printed.
func printedAPIKey(t *testing.T, srv *server) string {
	t.Helper()
	for _, l := range srv.Stdout {
		if m := printedKey.FindStringSubmatch(l); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no API key printed:\n%s", strings.Join(srv.Stdout, "\n"))
	return ""
}
