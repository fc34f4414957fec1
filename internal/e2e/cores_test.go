package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAdaptiveCores reads the served binary's GOMAXPROCS from /metrics: one
// core while requests come one at a time, all of them from the moment a
// request arrives while another is in flight, one again once they come one
// at a time; and whatever GOMAXPROCS the environment gives, untouched.
func TestAdaptiveCores(t *testing.T) {
	t.Parallel()
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU: nothing to govern")
	}
	t.Run("governed", func(t *testing.T) {
		t.Parallel()
		srv := startServer(t, t.TempDir()+"/lintel.db", nil)
		key := printedAPIKey(t, srv)
		awaitProcs(t, srv, func(n int) bool { return n == 1 }, "one core while idle")

		// A request held in flight: its headers and the first byte of its body.
		u, _ := url.Parse(srv.URL)
		conn, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
		body := `{"limit":1}`
		fmt.Fprintf(conn, "POST /acs/users/list HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", u.Host, key, len(body), body[:1])
		// The held request is counted once the server has its headers; a
		// scrape that overlaps it widens the server before it is served.
		awaitProcs(t, srv, func(n int) bool { return n >= 2 }, "all cores while two requests overlap")

		fmt.Fprint(conn, body[1:])
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(got), `"acs_users":[]`) {
			t.Fatalf("the held request: %d %s", resp.StatusCode, got)
		}
		conn.Close()
		awaitProcs(t, srv, func(n int) bool { return n == 1 }, "one core once requests come one at a time again")
	})
	t.Run("GOMAXPROCS set", func(t *testing.T) {
		t.Parallel()
		srv := startServer(t, t.TempDir()+"/lintel.db", []string{"GOMAXPROCS=2"})
		for range 4 { // past an interval of the governor, had it run
			if n := procs(t, srv); n != 2 {
				t.Fatalf("GOMAXPROCS=2 in the environment, the server runs %d", n)
			}
			time.Sleep(150 * time.Millisecond)
		}
	})
}

// procs scrapes the server's GOMAXPROCS.
func procs(t *testing.T, srv *server) int {
	t.Helper()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_sched_gomaxprocs_threads "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("gomaxprocs %q: %v", v, err)
			}
			return int(n)
		}
	}
	t.Fatal("no go_sched_gomaxprocs_threads in /metrics")
	return 0
}

// awaitProcs scrapes until want holds, for up to 5 s.
func awaitProcs(t *testing.T, srv *server, want func(int) bool, what string) {
	t.Helper()
	var n int
	for range 50 {
		if n = procs(t, srv); want(n) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: GOMAXPROCS stayed %d", what, n)
}
