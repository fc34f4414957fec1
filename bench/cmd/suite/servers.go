package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is a server the suite started; it is stopped by its pid.
type process struct {
	name string
	url  string
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
	// seeded is set for a lintel whose database seedusers prepared: its
	// users are already present and its system and groups known.
	seeded *seeded
}

// seeded is what seedusers reported about a database it filled.
type seeded struct {
	systemID string
	groupIDs []string
}

// Pid is the server's process id.
func (p *process) Pid() int { return p.cmd.Process.Pid }

// urlLine finds the base URL in a server's "listening on" line.
var urlLine = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startProcess runs cmd, sends its output to logPath, and waits until it
// prints its URL (when announce is true) or answers on fixedURL.
func startProcess(ctx context.Context, name string, cmd *exec.Cmd, logPath, fixedURL string) (*process, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, done: make(chan struct{}), log: logf}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logf, line)
			if m := urlLine.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(logf, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	deadline := time.After(60 * time.Second)
	if fixedURL != "" {
		p.url = fixedURL
		for !answers(fixedURL) {
			select {
			case <-p.done:
				return nil, fmt.Errorf("%s exited during start; see %s", name, logPath)
			case <-deadline:
				p.stop()
				return nil, fmt.Errorf("%s did not answer on %s within 60s; see %s", name, fixedURL, logPath)
			case <-ctx.Done():
				p.stop()
				return nil, ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
		return p, nil
	}
	select {
	case p.url = <-found:
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("%s exited during start; see %s", name, logPath)
	case <-deadline:
		p.stop()
		return nil, fmt.Errorf("%s printed no URL within 60s; see %s", name, logPath)
	case <-ctx.Done():
		p.stop()
		return nil, ctx.Err()
	}
}

// answers reports whether something accepts HTTP at base.
func answers(base string) bool {
	c := &http.Client{Timeout: time.Second}
	res, err := c.Get(base + "/health")
	if err != nil {
		return false
	}
	res.Body.Close()
	return true
}

// stop interrupts the process, waits up to 15 s for it to exit, then kills
// it; always by its own pid.
func (p *process) stop() {
	if p == nil {
		return
	}
	defer p.log.Close()
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// target is one server under test: how to start it fresh.
type target struct {
	name  string
	start func(ctx context.Context, run int) (*process, error)
}

func (s *suite) lintelSQLite() target {
	return target{name: "lintel-sqlite", start: func(ctx context.Context, run int) (*process, error) {
		db := filepath.Join(s.work, fmt.Sprintf("table-sqlite-%d.db", run))
		removeDB(db)
		return s.startSeededLintel(ctx, "lintel-sqlite", db, s.background, fmt.Sprintf("lintel-sqlite-%d.log", run))
	}}
}

// lintelSQLiteProcess is lintel on SQLite with --durability=process: a
// write survives the process being killed, not a power cut.
func (s *suite) lintelSQLiteProcess() target {
	return target{name: "lintel-sqlite-process", start: func(ctx context.Context, run int) (*process, error) {
		db := filepath.Join(s.work, fmt.Sprintf("table-sqlite-process-%d.db", run))
		removeDB(db)
		return s.startSeededLintel(ctx, "lintel-sqlite-process", db, s.background,
			fmt.Sprintf("lintel-sqlite-process-%d.log", run), "--durability=process")
	}}
}

func (s *suite) lintelPostgres() target {
	return target{name: "lintel-postgres", start: func(ctx context.Context, run int) (*process, error) {
		dsn, err := s.pg.freshSchema(ctx)
		if err != nil {
			return nil, err
		}
		return s.startSeededLintel(ctx, "lintel-postgres", dsn, s.background, fmt.Sprintf("lintel-postgres-%d.log", run))
	}}
}

// startSeededLintel fills database with the sandbox workspace (API key
// seam_apikey1_token) and present users, then serves it.
func (s *suite) startSeededLintel(ctx context.Context, name, database string, present int, logName string, extra ...string) (*process, error) {
	sd, err := s.seed(ctx, database, present)
	if err != nil {
		return nil, err
	}
	p, err := s.startLintel(ctx, name, database, logName, extra...)
	if err != nil {
		return nil, err
	}
	p.seeded = sd
	return p, nil
}

// seedLine is seedusers' report of where the users went.
var seedLine = regexp.MustCompile(`acs_system_id (\S+) access groups (\S*)`)

// seed runs seedusers on database: it creates the sandbox workspace if
// needed and adds present users.
func (s *suite) seed(ctx context.Context, database string, present int) (*seeded, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, s.seedusers, "-database", database, "-create", "-n", strconv.Itoa(present),
		"-k", strconv.Itoa(s.credentials), "-g", strconv.Itoa(s.groups))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("seedusers: %w: %s", err, out)
	}
	m := seedLine.FindStringSubmatch(string(out))
	if m == nil {
		return nil, fmt.Errorf("seedusers said: %s", out)
	}
	if present >= 100_000 {
		fmt.Fprintf(s.out, "seeded %d users in %s\n", present, time.Since(start).Round(time.Second))
	}
	sd := &seeded{systemID: m[1]}
	if m[2] != "" {
		sd.groupIDs = strings.Split(m[2], ",")
	}
	return sd, nil
}

// startLintel runs `lintel serve` on database, with -lintel-args and extra.
func (s *suite) startLintel(ctx context.Context, name, database string, logName string, extra ...string) (*process, error) {
	args := []string{"serve", "--addr", "127.0.0.1:0", "--database", database}
	args = append(append(args, s.lintelArgs...), extra...)
	cmd := exec.Command(s.lintel, args...)
	cmd.Env = append(os.Environ(), "LINTEL_SECRET_KEY="+benchSecretKey)
	return startProcess(ctx, name, cmd, filepath.Join(s.work, logName), "")
}

// benchSecretKey is a fixed server key for throwaway bench databases.
const benchSecretKey = "6c696e74656c2062656e63682073656372657420206b6579206e6f7420736563"

func (s *suite) fake() target {
	return target{name: "fake", start: func(ctx context.Context, run int) (*process, error) {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		bin := filepath.Join(s.fakeDir, "node_modules", "@seamapi", "fake-seam-connect", "dist", "server.js")
		if _, err := os.Stat(bin); err != nil {
			return nil, fmt.Errorf("fake not installed: %w", err)
		}
		cmd := exec.Command("node", bin, "--seed")
		cmd.Dir = s.fakeDir
		cmd.Env = append(withoutEnv(os.Environ(), "NODE_OPTIONS", "PORT"),
			fmt.Sprintf("PORT=%d", port), "NODE_OPTIONS=--import="+s.preload)
		return startProcess(ctx, "fake", cmd, filepath.Join(s.work, fmt.Sprintf("fake-%d.log", run)),
			fmt.Sprintf("http://127.0.0.1:%d", port))
	}}
}

func (s *suite) ceilingTarget() target {
	return target{name: "ceiling", start: func(ctx context.Context, run int) (*process, error) {
		cmd := exec.Command(s.ceiling, "-addr", "127.0.0.1:0")
		return startProcess(ctx, "ceiling", cmd, filepath.Join(s.work, fmt.Sprintf("ceiling-%d.log", run)), "")
	}}
}

func withoutEnv(env []string, names ...string) []string {
	out := env[:0:0]
	for _, kv := range env {
		keep := true
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// removeDB deletes a SQLite database and its companion files.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(os.Stderr, "suite:", err)
		}
	}
}
