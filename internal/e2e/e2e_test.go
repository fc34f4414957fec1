// Package e2e holds end-to-end tests that run the real lintel binary as a
// child process: what only a separate process can show, such as surviving
// SIGKILL.
package e2e

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lintel-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "lintel")
	build := exec.Command("go", "build", "-o", binary, "github.com/lintel-dev/lintel/cmd/lintel")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build lintel:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running lintel process.
type server struct {
	cmd *exec.Cmd
	URL string
	// exited is closed once the process has ended; err is its Wait result.
	exited chan struct{}
	err    error
	logs   *strings.Builder
	// Stdout holds what the server printed before it listened.
	Stdout []string
	// pgDSN and pgApp name the PostgreSQL database the process uses and the
	// application_name its connections carry, so that kill can wait for
	// them to end.
	pgDSN, pgApp string
}

// tagPostgres gives the connections of a process started on PostgreSQL an
// application_name of their own, and returns the database and that name
// ("" on SQLite).
func tagPostgres(args []string) (dsn, app string) {
	for i := 0; i+1 < len(args); i++ {
		if args[i] != "--database" || !strings.HasPrefix(args[i+1], "postgres") {
			continue
		}
		dsn = args[i+1]
		app = "lintel-e2e-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		args[i+1] = dsn + sep + "application_name=" + app
		return dsn, app
	}
	return "", ""
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

// startServer runs `lintel serve` on a free loopback port and waits until it
// listens. extra are more arguments.
func startServer(t *testing.T, database string, env []string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--database", database, "--log-level", "warn"}, extra...)
	return startProcess(t, env, listening, args...)
}

// startProcess runs the binary with args and waits until a line of its
// output matches ready; the line's first submatch, if any, becomes URL.
func startProcess(t *testing.T, env []string, ready *regexp.Regexp, args ...string) *server {
	t.Helper()
	args = slices.Clone(args)
	pgDSN, pgApp := tagPostgres(args)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	cmd.Stderr = &lockedWriter{w: logs}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{}), logs: logs, pgDSN: pgDSN, pgApp: pgApp}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		var lines []string
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if m := ready.FindStringSubmatch(sc.Text()); m != nil {
				s.Stdout = lines
				urlc <- append(m, "")[1]
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	select {
	case s.URL = <-urlc:
	case <-s.exited:
		t.Fatalf("lintel %s exited before it was ready: %v\n%s", args[0], s.err, logs.String())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("lintel %s was not ready in time\n%s", args[0], logs.String())
	}
	t.Cleanup(func() { s.kill() })
	return s
}

// running reports whether the process is still alive.
func (s *server) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL and waits for the process to end.
func (s *server) kill() {
	if !s.running() {
		return
	}
	_ = s.cmd.Process.Kill()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
	}
	s.awaitBackends()
}

// awaitBackends waits (up to 30 s) until PostgreSQL has ended every
// connection of a killed process. Until a backend notices its client is
// gone it goes on with what it was sent: a COMMIT that arrived just before
// the kill still commits, and a check of the database that started
// earlier would see the transaction half in one query, whole in the next.
func (s *server) awaitBackends() {
	if s.pgApp == "" {
		return
	}
	db, err := sql.Open("pgx", s.pgDSN)
	if err != nil {
		return
	}
	defer db.Close()
	for range 300 {
		var n int
		err := db.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1`, s.pgApp).Scan(&n)
		if err != nil || n == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop asks the server to shut down gracefully.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(os.Interrupt)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	select {
	case <-s.exited:
	case <-ctx.Done():
		s.kill()
		t.Error("server did not stop on SIGINT")
	}
}

// lockedWriter collects a child's stderr safely.
type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
