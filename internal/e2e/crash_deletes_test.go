package e2e

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"
)

// The crash tests of access codes and access grants create and delete the
// same way: concurrently, in rounds that a SIGKILL cuts short (then, for
// deletions, a clean run for the rest). This file is that shared part.

// createsSurviveSIGKILL sends reqs in two rounds, each on a server started
// on dsn and killed by create, which sends the requests it is given and
// returns those answered 200 (key → the created object's id); a request
// not answered 200 is sent again in the next round. check(created) runs
// after each kill. It returns every acknowledged creation, by key.
func createsSurviveSIGKILL[R any](t *testing.T, dsn string, reqs []R, key func(R) string,
	create func(srv *server, reqs []R) map[string]string, check func(created map[string]string)) map[string]string {
	t.Helper()
	created := map[string]string{}
	remaining := reqs
	for round := range 2 {
		srv := startServer(t, dsn, nil)
		got := create(srv, remaining)
		for k, id := range got {
			created[k] = id
		}
		t.Logf("create round %d: %d creations acknowledged before SIGKILL", round, len(got))
		check(created)
		var next []R
		for _, r := range remaining {
			if _, ok := got[key(r)]; !ok {
				next = append(next, r)
			}
		}
		remaining = next
	}
	return created
}

// deleteRoute is how a crash test deletes one kind of object: the route,
// the id's parameter, the error type of an id already gone, how long a
// request may take, and the API key the requests carry. With both, half
// the requests, at random, are DELETEs with the id in the query string
// (strict), the others POSTs with a JSON body.
type deleteRoute struct {
	path, idParam, notFound string
	timeout                 time.Duration
	key                     string
	both                    bool
}

// deleteObjectsConcurrently deletes ids through r with c workers, killing the
// server once killAfter answers have arrived (never if negative). It
// returns the ids answered 200, and those whose request the kill cut off.
func deleteObjectsConcurrently(t *testing.T, srv *server, r deleteRoute, ids []string, c, killAfter int) (acked, cut map[string]bool) {
	t.Helper()
	client := &http.Client{Timeout: r.timeout}
	var mu sync.Mutex
	acked, cut = map[string]bool{}, map[string]bool{}
	runConcurrently(srv, ids, c, killAfter, func(id string) bool {
		method, path, body := http.MethodPost, r.path, `{"`+r.idParam+`":"`+id+`"}`
		if r.both && rand.IntN(2) == 0 {
			method, path, body = http.MethodDelete, r.path+"?"+r.idParam+"="+id+"&_strict=true", ""
		}
		status, raw, ok := crashCall(client, srv, r.key, method, path, body)
		if !ok {
			mu.Lock()
			cut[id] = true
			mu.Unlock()
			return false
		}
		var e struct {
			Error struct{ Type string } `json:"error"`
		}
		switch {
		case status == http.StatusOK:
			mu.Lock()
			acked[id] = true
			mu.Unlock()
		case status == http.StatusNotFound && json.Unmarshal(raw, &e) == nil && e.Error.Type == r.notFound:
		default:
			t.Errorf("delete %s: status %d: %s", id, status, raw)
		}
		return true
	})
	return acked, cut
}

// deletesSurviveSIGKILL deletes the ids of created through r in two rounds, each killed
// after killAfter() answers, restarting the server on dsn before each and
// calling check(deleted, unsure) after each kill: deleted holds the ids
// whose deletion was answered 200, unsure those whose request a kill cut
// off (gone or not). A clean run then deletes the rest; an unsure id that
// committed() says is gone counts as deleted. It returns the deleted ids.
func deletesSurviveSIGKILL(t *testing.T, dsn string, r deleteRoute, created map[string]string, c int, killAfter func() int,
	committed func(id string) bool, check func(deleted, unsure map[string]bool)) map[string]bool {
	t.Helper()
	deleted, unsure := map[string]bool{}, map[string]bool{}
	var left []string
	for _, id := range created {
		left = append(left, id)
	}
	for round := range 2 {
		srv := startServer(t, dsn, nil)
		got, cut := deleteObjectsConcurrently(t, srv, r, left, c, killAfter())
		for id := range got {
			deleted[id] = true
			delete(unsure, id)
		}
		for id := range cut {
			unsure[id] = true
		}
		t.Logf("delete round %d: %d deletions acknowledged before SIGKILL", round, len(got))
		check(deleted, unsure)
		var next []string
		for _, id := range left {
			if !got[id] {
				next = append(next, id)
			}
		}
		left = next
	}
	// A clean run deletes the rest; an id whose deletion's outcome was
	// unknown answers 200, or not found if that deletion was committed.
	srv := startServer(t, dsn, nil)
	got, _ := deleteObjectsConcurrently(t, srv, r, left, c, -1)
	for id := range got {
		deleted[id] = true
	}
	for id := range unsure {
		if committed(id) {
			deleted[id] = true
		}
	}
	srv.stop(t)
	return deleted
}

// wantNoRows reports each count query of checks (query → what it counts)
// that finds rows.
func wantNoRows(t *testing.T, dsn string, checks map[string]string) {
	t.Helper()
	for q, what := range checks {
		if n := countRows(t, dsn, q); n != 0 {
			t.Errorf("%d %s", n, what)
		}
	}
}
