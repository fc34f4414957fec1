package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Config is one run of the generator: seed Background users, then create
// Users users and delete them all at Concurrency.
type Config struct {
	BaseURL string
	Key     string
	// PID is the server's process id, for its memory; 0 skips it.
	PID int
	// SystemID is the ACS system to work in; empty picks the first listed.
	SystemID string
	// GroupIDs are the access groups to use; empty lists the system's.
	GroupIDs []string

	// Background users are created first and left in place.
	Background int
	// Credentials and Groups are given to every user, background or not:
	// that many credentials, and memberships in that many access groups.
	Credentials int
	Groups      int
	// AccessMethod is the access_method of the credentials created.
	AccessMethod string

	// Users are created, then deleted at Concurrency.
	Users       int
	Concurrency int
	// SetupConcurrency drives the background and create phases.
	SetupConcurrency int
	// Method is "post" (JSON body) or "delete" (query string).
	Method string
	// Warm creates and deletes that many users before measuring, so a
	// server's caches (and a JIT) are warm; the warm-up is not reported.
	Warm int
	// Reads is how many calls each read phase makes, at Concurrency,
	// between the creates and the deletes: acs/users/get, acs/users/list
	// (limit 20) and acs/credentials/list by user. 0 skips them.
	Reads int
	// PhaseLimit caps the wall time of each phase.
	PhaseLimit time.Duration
}

// Result is what a run measured.
type Result struct {
	BaseURL  string   `json:"base_url"`
	SystemID string   `json:"acs_system_id"`
	Groups   []string `json:"acs_access_group_ids"`
	// Credentials and Groups per user actually used: a server without the
	// routes gets none, and Notes says so.
	Credentials int      `json:"credentials_per_user"`
	GroupsEach  int      `json:"groups_per_user"`
	Phases      []Phase  `json:"phases"`
	Memory      Memory   `json:"memory"`
	Notes       []string `json:"notes,omitempty"`
}

// Phase returns the phase called name, or a zero Phase.
func (r Result) Phase(name string) Phase {
	for _, p := range r.Phases {
		if p.Name == name {
			return p
		}
	}
	return Phase{}
}

// Run executes cfg against its server.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 1
	}
	if cfg.SetupConcurrency <= 0 {
		cfg.SetupConcurrency = max(cfg.Concurrency, 16)
	}
	if cfg.PhaseLimit <= 0 {
		cfg.PhaseLimit = 2 * time.Minute
	}
	if cfg.AccessMethod == "" {
		cfg.AccessMethod = "code"
	}
	switch cfg.Method {
	case "":
		cfg.Method = "post"
	case "post", "delete":
	default:
		return Result{}, fmt.Errorf("method %q: want post or delete", cfg.Method)
	}
	c, err := NewClient(cfg.BaseURL, cfg.Key, max(cfg.Concurrency, cfg.SetupConcurrency))
	if err != nil {
		return Result{}, err
	}
	defer c.Close()
	r := &runner{cfg: cfg, c: c, tag: randomTag()}
	res := Result{BaseURL: cfg.BaseURL}
	if err := r.discover(ctx, &res); err != nil {
		return res, err
	}
	if cfg.Warm > 0 {
		_, ids := r.createPhase(ctx, "warm", cfg.Warm)
		r.deletePhase(ctx, ids)
	}
	mem := startRSS(cfg.PID, 50*time.Millisecond)

	if cfg.Background > 0 {
		p, _ := r.createPhase(ctx, "background", cfg.Background)
		res.Phases = append(res.Phases, p)
	}
	p, ids := r.createPhase(ctx, "create", cfg.Users)
	res.Phases = append(res.Phases, p)
	// Deletes come in no particular order in real use; a server that is
	// fast only for the oldest or the newest rows should not look good.
	mrand.New(mrand.NewPCG(uint64(len(ids)), 7)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	if cfg.Reads > 0 && len(ids) > 0 {
		res.Phases = append(res.Phases, r.readPhases(ctx, ids, &res)...)
	}
	cpu0, _ := ReadCPU(cfg.PID)
	del := r.deletePhase(ctx, ids)
	if cpu1, err := ReadCPU(cfg.PID); err == nil && cfg.PID > 0 && del.Calls > 0 {
		del.ServerCPUus = (cpu1 - cpu0).Seconds() * 1e6 / float64(del.Calls)
	}
	res.Phases = append(res.Phases, del)
	res.Memory = mem.finish()
	return res, ctx.Err()
}

type runner struct {
	cfg    Config
	c      *Client
	tag    string
	system string
	groups []string
	creds  int
	each   int
	seq    atomic.Int64
}

// randomTag keeps the names and emails of one run apart from another's on
// the same database.
func randomTag() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// discover finds the ACS system and access groups to use, then creates and
// deletes one probe user to learn which of the routes the server has.
func (r *runner) discover(ctx context.Context, res *Result) error {
	var systems struct {
		AcsSystems []struct {
			ID string `json:"acs_system_id"`
		} `json:"acs_systems"`
	}
	err := r.call(ctx, "/acs/systems/list", map[string]any{}, &systems)
	switch {
	case isMissingRoute(err) && r.cfg.SystemID != "":
		// A server without the route can still be measured on a system
		// named up front.
		systems.AcsSystems = append(systems.AcsSystems, struct {
			ID string `json:"acs_system_id"`
		}{r.cfg.SystemID})
	case err != nil:
		return err
	}
	for _, s := range systems.AcsSystems {
		if r.cfg.SystemID == "" || s.ID == r.cfg.SystemID {
			r.system = s.ID
			break
		}
	}
	if r.system == "" {
		return fmt.Errorf("no ACS system found (wanted %q among %d)", r.cfg.SystemID, len(systems.AcsSystems))
	}
	res.SystemID = r.system

	if r.cfg.Groups > 0 && len(r.cfg.GroupIDs) > 0 {
		r.groups = r.cfg.GroupIDs
		r.each = min(r.cfg.Groups, len(r.groups))
	} else if r.cfg.Groups > 0 {
		var groups struct {
			AcsAccessGroups []struct {
				ID string `json:"acs_access_group_id"`
			} `json:"acs_access_groups"`
		}
		err := r.call(ctx, "/acs/access_groups/list", map[string]any{"acs_system_id": r.system}, &groups)
		switch {
		case isMissingRoute(err):
			res.Notes = append(res.Notes, "no /acs/access_groups/list: users join no access group")
		case err != nil:
			return err
		}
		for _, g := range groups.AcsAccessGroups {
			r.groups = append(r.groups, g.ID)
		}
		if len(r.groups) < r.cfg.Groups && !isMissingRoute(err) {
			res.Notes = append(res.Notes, fmt.Sprintf("only %d access groups in the system; users join %d", len(r.groups), len(r.groups)))
		}
		r.each = min(r.cfg.Groups, len(r.groups))
	}
	r.creds = r.cfg.Credentials

	// The probe: one user with one credential and one membership, deleted.
	id, err := r.createUser(ctx, "probe")
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	if r.creds > 0 {
		err := r.createCredential(ctx, id, nil)
		if isMissingRoute(err) {
			res.Notes = append(res.Notes, "no /acs/credentials/create: users get no credentials")
			r.creds = 0
		} else if err != nil {
			return fmt.Errorf("probe: %w", err)
		}
	}
	if r.each > 0 {
		err := r.addToGroup(ctx, id, r.groups[0], nil)
		if isMissingRoute(err) {
			res.Notes = append(res.Notes, "no /acs/users/add_to_access_group: users join no access group")
			r.each = 0
		} else if err != nil {
			return fmt.Errorf("probe: %w", err)
		}
	}
	resp, err := r.deleteUser(ctx, id)
	if err != nil {
		return fmt.Errorf("probe delete: %w", err)
	}
	if resp.status != http.StatusOK {
		return fmt.Errorf("probe delete: %w", callError("/acs/users/delete", resp))
	}
	if r.each > 0 {
		res.Groups = r.groups[:r.each]
	}
	res.Credentials, res.GroupsEach = r.creds, r.each
	return nil
}

// errMissingRoute marks a 404 or 501 for a whole route (not for an object).
var errMissingRoute = errors.New("route not implemented")

func isMissingRoute(err error) bool { return errors.Is(err, errMissingRoute) }

// call posts params and decodes a 200 answer into out.
func (r *runner) call(ctx context.Context, path string, params, out any) error {
	resp, err := r.c.post(ctx, path, params)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if resp.status != http.StatusOK {
		if missingRoute(resp) {
			return fmt.Errorf("%s: %w", path, errMissingRoute)
		}
		return callError(path, resp)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("%s: decode: %w", path, err)
	}
	return nil
}

// missingRoute tells "this server has no such route" (501, or a 404 whose
// body names no resource) from "no such object" (a 404 with a
// *_not_found error type).
func missingRoute(resp response) bool {
	if resp.status == http.StatusNotImplemented {
		return true
	}
	if resp.status != http.StatusNotFound {
		return false
	}
	var e struct {
		Error struct {
			Type string `json:"type"`
		} `json:"error"`
	}
	_ = json.Unmarshal(resp.body, &e)
	return !strings.HasSuffix(e.Error.Type, "_not_found") || e.Error.Type == "route_not_found"
}

// createPhase creates n users with their credentials and memberships at the
// setup concurrency; it returns the ids, in creation order, of those made.
func (r *runner) createPhase(ctx context.Context, name string, n int) (Phase, []string) {
	rec := newRecorder(n * (1 + r.creds + r.each))
	ids := make([]string, n)
	took, truncated := runWorkers(ctx, n, r.cfg.SetupConcurrency, r.cfg.PhaseLimit, func(ctx context.Context, i int) {
		id, err := r.createUserRec(ctx, name, rec)
		if err != nil {
			return
		}
		ids[i] = id
		for range r.creds {
			_ = r.createCredential(ctx, id, rec)
		}
		for j := range r.each {
			_ = r.addToGroup(ctx, id, r.groups[(i+j)%len(r.groups)], rec)
		}
	})
	made := ids[:0]
	for _, id := range ids {
		if id != "" {
			made = append(made, id)
		}
	}
	return rec.phase(name, r.cfg.SetupConcurrency, took, truncated), made
}

// deletePhase deletes the users at the configured concurrency and method.
func (r *runner) deletePhase(ctx context.Context, ids []string) Phase {
	rec := newRecorder(len(ids))
	took, truncated := runWorkers(ctx, len(ids), r.cfg.Concurrency, r.cfg.PhaseLimit, func(ctx context.Context, i int) {
		resp, err := r.deleteUser(ctx, ids[i])
		if ctx.Err() != nil {
			return // stopped by the time limit: not a server error
		}
		rec.add(resp, err, resp.status == http.StatusOK)
	})
	return rec.phase("delete", r.cfg.Concurrency, took, truncated)
}

// reads are the read phases: a name and the call for the i-th of them.
var reads = []struct {
	name, path string
	params     func(r *runner, userID string) map[string]any
}{
	{"get", "/acs/users/get", func(_ *runner, u string) map[string]any { return map[string]any{"acs_user_id": u} }},
	{"list", "/acs/users/list", func(r *runner, _ string) map[string]any {
		return map[string]any{"acs_system_id": r.system, "limit": 20}
	}},
	{"cred_list", "/acs/credentials/list", func(_ *runner, u string) map[string]any { return map[string]any{"acs_user_id": u} }},
}

// readPhases runs each read phase the server has, cfg.Reads calls at
// Concurrency over the users of ids; a route the server lacks is a note.
func (r *runner) readPhases(ctx context.Context, ids []string, res *Result) []Phase {
	var out []Phase
	for _, rd := range reads {
		if err := r.call(ctx, rd.path, rd.params(r, ids[0]), nil); isMissingRoute(err) {
			res.Notes = append(res.Notes, "no "+rd.path+": no "+rd.name+" phase")
			continue
		} else if err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("%s phase skipped: %v", rd.name, err))
			continue
		}
		rec := newRecorder(r.cfg.Reads)
		took, truncated := runWorkers(ctx, r.cfg.Reads, r.cfg.Concurrency, r.cfg.PhaseLimit, func(ctx context.Context, i int) {
			resp, err := r.c.post(ctx, rd.path, rd.params(r, ids[i%len(ids)]))
			if ctx.Err() != nil {
				return
			}
			rec.add(resp, err, resp.status == http.StatusOK)
		})
		out = append(out, rec.phase(rd.name, r.cfg.Concurrency, took, truncated))
	}
	return out
}

func (r *runner) createUser(ctx context.Context, kind string) (string, error) {
	return r.createUserRec(ctx, kind, nil)
}

func (r *runner) createUserRec(ctx context.Context, kind string, rec *recorder) (string, error) {
	n := r.seq.Add(1)
	params := map[string]any{
		"acs_system_id": r.system,
		"full_name":     fmt.Sprintf("Bench %s %d", kind, n),
		"email_address": fmt.Sprintf("bench-%s-%s-%d@example.com", r.tag, kind, n),
	}
	resp, err := r.c.post(ctx, "/acs/users/create", params)
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	var out struct {
		AcsUser struct {
			ID string `json:"acs_user_id"`
		} `json:"acs_user"`
	}
	if err == nil && resp.status == http.StatusOK {
		err = json.Unmarshal(resp.body, &out)
		if err == nil && out.AcsUser.ID == "" {
			err = errors.New("/acs/users/create: no acs_user_id in the answer")
		}
	} else if err == nil {
		err = callError("/acs/users/create", resp)
	}
	if rec != nil {
		rec.add(resp, err, resp.status == http.StatusOK)
	}
	return out.AcsUser.ID, err
}

func (r *runner) createCredential(ctx context.Context, userID string, rec *recorder) error {
	params := map[string]any{"acs_user_id": userID, "access_method": r.cfg.AccessMethod}
	return r.record(ctx, rec, "/acs/credentials/create", params)
}

func (r *runner) addToGroup(ctx context.Context, userID, groupID string, rec *recorder) error {
	params := map[string]any{"acs_user_id": userID, "acs_access_group_id": groupID}
	return r.record(ctx, rec, "/acs/users/add_to_access_group", params)
}

// record posts params, records the call in rec when given, and returns an
// error for anything but a 200.
func (r *runner) record(ctx context.Context, rec *recorder, path string, params any) error {
	resp, err := r.c.post(ctx, path, params)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if rec != nil {
		rec.add(resp, err, resp.status == http.StatusOK)
	}
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", path, err)
	case resp.status == http.StatusOK:
		return nil
	case missingRoute(resp):
		return fmt.Errorf("%s: %w", path, errMissingRoute)
	}
	return callError(path, resp)
}

func (r *runner) deleteUser(ctx context.Context, id string) (response, error) {
	if r.cfg.Method == "delete" {
		return r.c.del(ctx, "/acs/users/delete", url.Values{"acs_user_id": {id}})
	}
	return r.c.post(ctx, "/acs/users/delete", map[string]any{"acs_user_id": id})
}
