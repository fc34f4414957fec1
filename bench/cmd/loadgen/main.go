// Command loadgen measures ACS user deletes on any Seam-compatible server on
// this machine: it seeds background users, creates users with credentials
// and access group memberships, deletes them at a given concurrency, and
// prints throughput, latency percentiles, errors by status and the server's
// memory.
//
//	go run ./bench/cmd/loadgen -url http://127.0.0.1:4555 -key seam_apikey1_token -n 5000 -c 16 -pid 1234
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/lintel-dev/lintel/bench/load"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg load.Config
	fs.StringVar(&cfg.BaseURL, "url", "http://127.0.0.1:4555", "base URL of the server (loopback only)")
	fs.StringVar(&cfg.Key, "key", "seam_apikey1_token", "API key")
	fs.IntVar(&cfg.PID, "pid", 0, "server process id, to report its RSS from /proc (0: don't)")
	fs.StringVar(&cfg.SystemID, "acs-system-id", "", "ACS system to use (default: the first listed)")
	groupIDs := fs.String("acs-access-group-ids", "", "comma-separated access groups to use (default: the system's, listed)")
	fs.IntVar(&cfg.Background, "p", 0, "background users to create first and leave in place")
	fs.IntVar(&cfg.Credentials, "k", 2, "credentials per user")
	fs.IntVar(&cfg.Groups, "g", 1, "access groups each user joins")
	fs.StringVar(&cfg.AccessMethod, "access-method", "code", "access_method of the credentials")
	fs.IntVar(&cfg.Users, "n", 2000, "users to create and then delete")
	fs.IntVar(&cfg.Concurrency, "c", 16, "concurrent deletes")
	fs.IntVar(&cfg.SetupConcurrency, "setup-c", 16, "concurrency of the background and create phases")
	fs.StringVar(&cfg.Method, "method", "post", "delete by post (JSON body) or delete (query string)")
	fs.IntVar(&cfg.Warm, "warm", 0, "users created and deleted before measuring (not reported)")
	fs.IntVar(&cfg.Reads, "reads", 0, "calls of each read phase (acs/users/get, acs/users/list limit 20, acs/credentials/list), between the creates and the deletes; 0 skips them")
	fs.DurationVar(&cfg.PhaseLimit, "phase-limit", 2*time.Minute, "wall-time cap of each phase")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *groupIDs != "" {
		cfg.GroupIDs = strings.Split(*groupIDs, ",")
	}
	if cfg.Users <= 0 || cfg.Users > 10_000_000 || cfg.Background < 0 || cfg.Background > 10_000_000 {
		fmt.Fprintln(stderr, "loadgen: -n must be in 1..10,000,000 and -p in 0..10,000,000")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := load.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
		return 0
	}
	fmt.Fprintf(stdout, "server %s  acs_system %s  credentials/user %d  groups/user %d  delete by %s\n",
		res.BaseURL, res.SystemID, res.Credentials, res.GroupsEach, cfg.Method)
	for _, n := range res.Notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	fmt.Fprintln(stdout, load.Header())
	for _, p := range res.Phases {
		fmt.Fprintln(stdout, p.Row())
	}
	if cfg.PID > 0 {
		fmt.Fprintf(stdout, "server RSS: start %.1f MB, max %.1f MB, end %.1f MB\n",
			res.Memory.StartMB, res.Memory.MaxMB, res.Memory.EndMB)
	}
	return 0
}
