// Command ceiling is the least a server can do to answer the load
// generator: ACS users, credentials and group memberships in maps behind one
// mutex, nothing durable, no validation beyond what the routes need. Its
// throughput is the ceiling of HTTP on this machine, against which lintel's
// is read.
//
//	go run ./bench/cmd/ceiling -addr 127.0.0.1:0
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (loopback)")
	key := flag.String("key", "seam_apikey1_token", "the API key it accepts")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintln(os.Stderr, "ceiling: -addr must be a loopback address")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
	s := newServer(*key)
	fmt.Printf("ceiling listening on http://%s\n", ln.Addr())
	srv := &http.Server{Handler: s.routes()}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		srv.Close()
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

const (
	systemID = "00000000-0000-7000-8000-000000000001"
	groupID  = "00000000-0000-7000-8000-000000000002"
)

type user struct {
	id          string
	credentials []string
	groups      []string
}

// userJSON is a user as the reads answer it: the fields of Seam's acs_user
// that a client reads, so an answer weighs about what a real one does.
func userJSON(u *user) string {
	return `{"acs_user_id":"` + u.id + `","acs_system_id":"` + systemID + `","workspace_id":"` + systemID +
		`","connected_account_id":"` + groupID + `","created_at":"2026-01-01T00:00:00.000Z","display_name":"Bench user",` +
		`"full_name":"Bench user","email_address":"bench@example.com","is_managed":true,"is_suspended":false,` +
		`"external_type":"salto_ks_user","external_type_display_name":"Salto KS user","errors":[],"warnings":[],` +
		`"pending_mutations":[],"access_schedule":{"starts_at":"2026-01-01T00:00:00.000Z","ends_at":null}}`
}

type server struct {
	key   string
	mu    sync.Mutex
	seq   uint64
	users map[string]*user
	// members counts the users of each access group.
	members map[string]map[string]struct{}
	creds   map[string]string // credential id → user id
	// order holds the users in creation order, deleted ones included
	// (skipped by list), for a list's first page.
	order []*user
}

func newServer(key string) *server {
	return &server{key: key, users: map[string]*user{},
		members: map[string]map[string]struct{}{groupID: {}}, creds: map[string]string{}}
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/acs/systems/list", s.authed(func(w http.ResponseWriter, _ params) {
		io.WriteString(w, `{"acs_systems":[{"acs_system_id":"`+systemID+`","name":"Ceiling"}],"ok":true}`)
	}))
	mux.HandleFunc("/acs/access_groups/list", s.authed(func(w http.ResponseWriter, _ params) {
		io.WriteString(w, `{"acs_access_groups":[{"acs_access_group_id":"`+groupID+`","name":"Ceiling"}],"ok":true}`)
	}))
	mux.HandleFunc("/acs/users/create", s.authed(s.createUser))
	mux.HandleFunc("/acs/credentials/create", s.authed(s.createCredential))
	mux.HandleFunc("/acs/users/add_to_access_group", s.authed(s.addToGroup))
	mux.HandleFunc("/acs/users/delete", s.authed(s.deleteUser))
	mux.HandleFunc("/acs/users/get", s.authed(s.getUser))
	mux.HandleFunc("/acs/users/list", s.authed(s.listUsers))
	mux.HandleFunc("/acs/credentials/list", s.authed(s.listCredentials))
	return mux
}

// params are the few parameters the routes read.
type params struct {
	AcsUserID        string `json:"acs_user_id"`
	AcsAccessGroupID string `json:"acs_access_group_id"`
}

// authed checks the key and decodes the parameters: the JSON body, or the
// query string for GET and DELETE.
func (s *server) authed(h func(http.ResponseWriter, params)) http.HandlerFunc {
	want := "Bearer " + s.key
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != want {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"type":"unauthorized","message":"Unauthorized"},"ok":false}`)
			return
		}
		var p params
		if r.Method == http.MethodGet || r.Method == http.MethodDelete {
			q := r.URL.Query()
			p.AcsUserID, p.AcsAccessGroupID = q.Get("acs_user_id"), q.Get("acs_access_group_id")
		} else if err := json.NewDecoder(r.Body).Decode(&p); err != nil && err != io.EOF {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"invalid_input","message":"Invalid JSON"},"ok":false}`)
			return
		}
		h(w, p)
	}
}

func notFound(w http.ResponseWriter, what string) {
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, `{"error":{"type":"`+what+`_not_found","message":"Not found"},"ok":false}`)
}

// nextID returns a new id; the caller holds mu.
func (s *server) nextID() string {
	s.seq++
	return "00000000-0000-7000-9000-" + fmt.Sprintf("%012x", s.seq)
}

func (s *server) createUser(w http.ResponseWriter, _ params) {
	s.mu.Lock()
	id := s.nextID()
	s.users[id] = &user{id: id}
	s.order = append(s.order, s.users[id])
	s.mu.Unlock()
	io.WriteString(w, `{"acs_user":{"acs_user_id":"`+id+`","acs_system_id":"`+systemID+`"},"ok":true}`)
}

func (s *server) createCredential(w http.ResponseWriter, p params) {
	s.mu.Lock()
	u, ok := s.users[p.AcsUserID]
	if !ok {
		s.mu.Unlock()
		notFound(w, "acs_user")
		return
	}
	id := s.nextID()
	u.credentials = append(u.credentials, id)
	s.creds[id] = p.AcsUserID
	s.mu.Unlock()
	io.WriteString(w, `{"acs_credential":{"acs_credential_id":"`+id+`"},"ok":true}`)
}

func (s *server) addToGroup(w http.ResponseWriter, p params) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[p.AcsUserID]
	if !ok {
		notFound(w, "acs_user")
		return
	}
	g, ok := s.members[p.AcsAccessGroupID]
	if !ok {
		notFound(w, "acs_access_group")
		return
	}
	if _, in := g[p.AcsUserID]; !in {
		g[p.AcsUserID] = struct{}{}
		u.groups = append(u.groups, p.AcsAccessGroupID)
	}
	io.WriteString(w, `{"ok":true}`)
}

func (s *server) deleteUser(w http.ResponseWriter, p params) {
	s.mu.Lock()
	u, ok := s.users[p.AcsUserID]
	if !ok {
		s.mu.Unlock()
		notFound(w, "acs_user")
		return
	}
	for _, c := range u.credentials {
		delete(s.creds, c)
	}
	for _, g := range u.groups {
		delete(s.members[g], p.AcsUserID)
	}
	delete(s.users, p.AcsUserID)
	s.mu.Unlock()
	io.WriteString(w, `{"ok":true}`)
}

func (s *server) getUser(w http.ResponseWriter, p params) {
	s.mu.Lock()
	u, ok := s.users[p.AcsUserID]
	var body string
	if ok {
		body = userJSON(u)
	}
	s.mu.Unlock()
	if !ok {
		notFound(w, "acs_user")
		return
	}
	io.WriteString(w, `{"acs_user":`+body+`,"ok":true}`)
}

// listUsers answers the first page of 20 live users, in creation order.
func (s *server) listUsers(w http.ResponseWriter, _ params) {
	var b strings.Builder
	b.WriteString(`{"acs_users":[`)
	s.mu.Lock()
	for len(s.order) > 0 && s.users[s.order[0].id] != s.order[0] {
		s.order = s.order[1:] // deleted: never listed again
	}
	n := 0
	for _, u := range s.order {
		if n == 20 {
			break
		}
		if s.users[u.id] != u {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(userJSON(u))
		n++
	}
	s.mu.Unlock()
	b.WriteString(`],"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null},"ok":true}`)
	io.WriteString(w, b.String())
}

func (s *server) listCredentials(w http.ResponseWriter, p params) {
	var b strings.Builder
	b.WriteString(`{"acs_credentials":[`)
	s.mu.Lock()
	if u, ok := s.users[p.AcsUserID]; ok {
		for i, c := range u.credentials {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"acs_credential_id":"` + c + `","acs_user_id":"` + u.id + `","acs_system_id":"` + systemID +
				`","access_method":"code","code":"123456","is_managed":true,"created_at":"2026-01-01T00:00:00.000Z",` +
				`"errors":[],"warnings":[]}`)
		}
	}
	s.mu.Unlock()
	b.WriteString(`],"ok":true}`)
	io.WriteString(w, b.String())
}
