package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lintel-dev/lintel/internal/api"
	"github.com/lintel-dev/lintel/internal/openapi"
	"github.com/lintel-dev/lintel/internal/param"
)

type thingSchedule struct {
	StartsAt string  `json:"starts_at" v:"datetime"`
	EndsAt   *string `json:"ends_at" v:"datetime"`
}

type thingParams struct {
	AcsUserID string         `json:"acs_user_id,omitempty" v:"uuid"`
	Tags      []string       `json:"tags,omitempty"`
	Limit     int            `json:"limit,omitempty"`
	Ratio     float64        `json:"ratio,omitempty"`
	Flag      bool           `json:"flag,omitempty"`
	Schedule  *thingSchedule `json:"schedule,omitempty"`
	Meta      map[string]any `json:"meta,omitempty"`
}

type shadowParams struct {
	WorkspaceID string `json:"workspace_id"`
}

var testOps = []openapi.Operation{
	{Path: "/things/create", Methods: []string{"POST"}, Params: reflect.TypeFor[thingParams](), ResponseKey: "thing", Summary: "Create a thing"},
	{Path: "/things/delete", Methods: []string{"DELETE", "POST"}, Params: reflect.TypeFor[thingParams](), Summary: "Delete a thing"},
	{Path: "/things/shadow", Methods: []string{"POST"}, Params: reflect.TypeFor[shadowParams](), Summary: "Take a workspace"},
	{Path: "/things/deep/get", Methods: []string{"POST"}, Params: reflect.TypeFor[shadowParams](), ResponseKey: "thing", Summary: "Get deep"},
}

// fakeAPI records the requests the CLI sends and answers each with reply.
type fakeAPI struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	status   int
	reply    string
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.bodies = append(f.bodies, string(b))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("seam-request-id", "rid-1")
	w.WriteHeader(f.status)
	io.WriteString(w, f.reply)
}

type result struct {
	code           int
	stdout, stderr string
}

// runWith runs the CLI with testOps as its routes.
func runWith(t *testing.T, environ map[string]string, stdin io.Reader, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{ctx: context.Background(), getenv: func(k string) string { return environ[k] }, stdin: stdin, stdout: &stdout, stderr: &stderr}
	root, err := e.rootCommand(testOps)
	if err != nil {
		t.Fatal(err)
	}
	code := e.execute(root, args)
	return result{code, stdout.String(), stderr.String()}
}

func newFakeAPI(t *testing.T, status int, reply string) (*fakeAPI, map[string]string) {
	t.Helper()
	f := &fakeAPI{status: status, reply: reply}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, map[string]string{"LINTEL_ENDPOINT": srv.URL, "SEAM_API_KEY": "seam_env_key"}
}

func TestRouteCommandRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"flags of every kind", "", []string{"things", "create", "--acs_user_id", "U", "--tags", "a,b", "--tags", "c",
			"--limit", "5", "--ratio", "0.5", "--flag", "--schedule.starts_at", "T", "--meta", `{"k":[1,2]}`},
			`{"acs_user_id":"U","flag":true,"limit":5,"meta":{"k":[1,2]},"ratio":0.5,"schedule":{"starts_at":"T"},"tags":["a,b","c"]}`},
		{"dashes for underscores", "", []string{"things", "create", "--acs-user-id", "U", "--schedule.starts-at", "T"},
			`{"acs_user_id":"U","schedule":{"starts_at":"T"}}`},
		{"an object as JSON, then a member", "", []string{"things", "create", "--schedule", `{"starts_at":"A","ends_at":null}`, "--schedule.starts_at", "B"},
			`{"schedule":{"ends_at":null,"starts_at":"B"}}`},
		{"false is sent when given", "", []string{"things", "create", "--flag=false"}, `{"flag":false}`},
		{"raw, with a flag on top", "", []string{"things", "create", "--raw", `{"acs_user_id":"R","limit":1,"other":12345678901234567890}`, "--limit", "2"},
			`{"acs_user_id":"R","limit":2,"other":12345678901234567890}`},
		{"stdin without flags", `{"acs_user_id":"S"}`, []string{"things", "create"}, `{"acs_user_id":"S"}`},
		{"stdin is not read when flags are given", `{"acs_user_id":"S"}`, []string{"things", "create", "--limit", "1"}, `{"limit":1}`},
		{"nothing at all", "", []string{"things", "create"}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, environ := newFakeAPI(t, 200, `{"thing":{"b":1,"a":2},"ok":true}`)
			r := runWith(t, environ, strings.NewReader(tt.stdin), tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			if len(f.requests) != 1 {
				t.Fatalf("%d requests", len(f.requests))
			}
			req := f.requests[0]
			if req.Method != "POST" || req.URL.Path != "/things/create" || req.Header.Get("Authorization") != "Bearer seam_env_key" {
				t.Errorf("sent %s %s with %q", req.Method, req.URL.Path, req.Header.Get("Authorization"))
			}
			if got := canonicalJSON(t, f.bodies[0]); got != tt.want {
				t.Errorf("body\n got %s\nwant %s", got, tt.want)
			}
			// The answer keeps the server's order of keys and drops "ok".
			if want := "{\n  \"thing\": {\n    \"b\": 1,\n    \"a\": 2\n  }\n}\n"; r.stdout != want {
				t.Errorf("stdout\n got %q\nwant %q", r.stdout, want)
			}
		})
	}
}

func canonicalJSON(t *testing.T, s string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRouteCommandOutcomes(t *testing.T) {
	t.Parallel()
	t.Run("a route without a response key prints {}", func(t *testing.T) {
		t.Parallel()
		_, environ := newFakeAPI(t, 200, `{"ok":true}`)
		r := runWith(t, environ, nil, "things", "delete", "--acs_user_id", "U")
		if r.code != 0 || r.stdout != "{}\n" {
			t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("an API error prints the envelope and exits 1", func(t *testing.T) {
		t.Parallel()
		_, environ := newFakeAPI(t, 404, `{"error":{"type":"acs_user_not_found","message":"Not found","request_id":"x"},"ok":false}`)
		r := runWith(t, environ, nil, "things", "delete", "--acs_user_id", "U")
		want := "{\n  \"error\": {\n    \"type\": \"acs_user_not_found\",\n    \"message\": \"Not found\",\n    \"request_id\": \"rid-1\"\n  }\n}\n"
		if r.code != 1 || r.stdout != want {
			t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("an unreachable server exits 1", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		r := runWith(t, map[string]string{"LINTEL_ENDPOINT": srv.URL}, nil, "things", "delete")
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "connect") {
			t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
		}
	})
	usage := []struct {
		name string
		args []string
		want string
	}{
		{"misspelt flag", []string{"things", "delete", "--acs_usr_id", "U"}, "unknown flag: --acs_usr_id"},
		{"bad integer", []string{"things", "create", "--limit", "many"}, "invalid argument"},
		{"raw is not an object", []string{"things", "create", "--raw", "[1]"}, "one JSON object"},
		{"raw is not JSON", []string{"things", "create", "--raw", "{"}, "one JSON object"},
		{"object flag is not JSON", []string{"things", "create", "--meta", "{"}, "--meta: not JSON"},
		{"an argument", []string{"things", "delete", "U"}, `unexpected argument "U"`},
		{"misspelt command", []string{"things", "dlete"}, `unknown command "dlete" for "lintel things"`},
		{"misspelt group", []string{"thngs"}, `unknown command "thngs"`},
		{"bad endpoint", []string{"things", "delete", "--endpoint", "localhost:1"}, "absolute http"},
	}
	for _, tt := range usage {
		t.Run("usage: "+tt.name, func(t *testing.T) {
			t.Parallel()
			f, environ := newFakeAPI(t, 200, `{"ok":true}`)
			r := runWith(t, environ, nil, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "Usage:") && tt.name != "misspelt group" {
				t.Errorf("exit %d, stderr %s", r.code, r.stderr)
			}
			if len(f.requests) != 0 {
				t.Errorf("%d requests sent", len(f.requests))
			}
		})
	}
	t.Run("a group alone prints its commands", func(t *testing.T) {
		t.Parallel()
		r := runWith(t, nil, nil, "things")
		if r.code != 0 || !strings.Contains(r.stdout, "create      Create a thing") || !strings.Contains(r.stdout, "deep        Call the API routes under /things/deep") {
			t.Errorf("exit %d, stdout %s", r.code, r.stdout)
		}
	})
	t.Run("--help lists commands with their summaries", func(t *testing.T) {
		t.Parallel()
		r := runWith(t, nil, nil, "things", "--help")
		if r.code != 0 || !strings.Contains(r.stdout, "delete      Delete a thing") {
			t.Errorf("exit %d, stdout %s", r.code, r.stdout)
		}
	})
}

func TestConnectionSettings(t *testing.T) {
	t.Parallel()
	f, environ := newFakeAPI(t, 200, `{"ok":true}`)
	other, _ := newFakeAPI(t, 200, `{"ok":true}`)
	environ["SEAM_WORKSPACE_ID"] = "ws-env"
	srv := httptest.NewServer(other)
	t.Cleanup(srv.Close)

	// Flags win over the environment; dashes work for them too.
	r := runWith(t, environ, nil, "things", "delete", "--endpoint", srv.URL, "--api-key", "seam_flag_key")
	if r.code != 0 || len(other.requests) != 1 || len(f.requests) != 0 {
		t.Fatalf("exit %d, stderr %s; %d/%d requests", r.code, r.stderr, len(other.requests), len(f.requests))
	}
	if h := other.requests[0].Header; h.Get("Authorization") != "Bearer seam_flag_key" || h.Get("seam-workspace") != "" {
		t.Errorf("headers %v", h)
	}
	// A personal access token takes the workspace from the flag, else the environment.
	runWith(t, environ, nil, "things", "delete", "--api_key", "seam_at1_pat")
	runWith(t, environ, nil, "things", "delete", "--api_key", "seam_at1_pat", "--workspace_id", "ws-flag")
	if len(f.requests) != 2 {
		t.Fatalf("%d requests", len(f.requests))
	}
	for i, want := range []string{"ws-env", "ws-flag"} {
		if got := f.requests[i].Header.Get("seam-workspace"); got != want {
			t.Errorf("request %d: seam-workspace %q, want %q", i, got, want)
		}
	}
	// A parameter named like a connection flag is the parameter.
	runWith(t, environ, nil, "things", "shadow", "--workspace_id", "param")
	if len(f.bodies) != 3 || f.bodies[2] != `{"workspace_id":"param"}` || f.requests[2].Header.Get("seam-workspace") != "" {
		t.Errorf("shadow sent %q", f.bodies)
	}
}

// TestEveryRouteHasACommand checks the real route table: each route is a
// command at its path, with a flag per parameter.
func TestEveryRouteHasACommand(t *testing.T) {
	t.Parallel()
	e := &env{ctx: context.Background(), getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
	ops := api.Operations()
	root, err := e.rootCommand(ops)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		cmd, rest, err := root.Find(strings.Split(strings.TrimPrefix(op.Path, "/"), "/"))
		if err != nil || len(rest) != 0 || cmd.RunE == nil || cmd.Short != op.Summary && !strings.HasPrefix(cmd.Short, op.Summary+" (") {
			t.Errorf("%s: command %v, rest %v, err %v", op.Path, cmd.CommandPath(), rest, err)
			continue
		}
		for _, f := range param.Fields(op.Params) {
			if cmd.Flag(f.Name) == nil {
				t.Errorf("%s: no flag for the parameter %s", op.Path, f.Name)
			}
		}
		for _, name := range []string{"raw", "endpoint", "api_key", "workspace_id"} {
			if cmd.Flag(name) == nil {
				t.Errorf("%s: no --%s", op.Path, name)
			}
		}
	}
}
