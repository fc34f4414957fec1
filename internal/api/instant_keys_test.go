package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/instantkey"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/store/storetest"
)

// instantKeyFields are the fields the spec requires of an instant_key.
var instantKeyFields = []string{"instant_key_id", "workspace_id", "created_at", "instant_key_url", "client_session_id",
	"user_identity_id", "expires_at"}

// keyToken reads the token of an instant key's url.
func keyToken(t *testing.T, k map[string]any) string {
	t.Helper()
	u, err := url.Parse(k["instant_key_url"].(string))
	if err != nil || u.Path != instantkey.ViewPath || len(u.Query().Get("token")) < 40 {
		t.Fatalf("instant_key_url = %v", k["instant_key_url"])
	}
	return u.Query().Get("token")
}

// sessionToken returns the token of a live client session of A.
func (s *testServer) sessionToken(clientSessionID string) string {
	s.t.Helper()
	r := s.call(http.MethodPost, "/client_sessions/get", s.A.APIKey, map[string]any{"client_session_id": clientSessionID})
	s.ok(r)
	return r.Body["client_session"].(map[string]any)["token"].(string)
}

func TestInstantKeys(t *testing.T) {
	t.Parallel()
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		s := newTestServer(t, st)
		ctx := context.Background()
		f := s.grantFixture(s.A.WorkspaceID)
		grant := bodyObj(t, s.postOK("/access_grants/create", s.A.APIKey, map[string]any{"user_identity_id": f.identity,
			"device_ids": []string{f.lock}, "space_ids": []string{f.space}, "requested_access_methods": []map[string]any{{"mode": "code"}}}), "access_grant")
		method := toStrings(grant["access_method_ids"])[0]
		other := s.postOK("/user_identities/create", s.A.APIKey, map[string]any{"full_name": "No grants"})["user_identity"].(map[string]any)["user_identity_id"].(string)
		bIdentity := s.B.Systems[0].UserIdentityIDs[0]
		bLock := s.grantFixture(s.B.WorkspaceID).lock
		// W_B's own key, which W_A must never reach.
		bKey := bodyObj(t, s.postOK("/user_identities/generate_instant_key", s.B.APIKey, map[string]any{"user_identity_id": bIdentity}), "instant_key")
		bID := bKey["instant_key_id"].(string)

		var once, twice map[string]any
		var onceID, onceSession, twiceID, twiceURL, spareID string
		vars := map[string]*string{"$once": &onceID, "$onceSession": &onceSession, "$twiceURL": &twiceURL}
		s.runVars(vars, []apiCase{
			{name: "generate with the default use count", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": f.identity},
				check: func(t *testing.T, r response) {
					once = obj(t, r, "instant_key")
					requireFields(t, once, instantKeyFields...)
					onceID, onceSession = once["instant_key_id"].(string), once["client_session_id"].(string)
					keyToken(t, once)
					created, _ := time.Parse(time.RFC3339, once["created_at"].(string))
					expires, _ := time.Parse(time.RFC3339, once["expires_at"].(string))
					if once["workspace_id"] != s.A.WorkspaceID || once["user_identity_id"] != f.identity ||
						expires.Sub(created) != instantkey.TTL {
						t.Errorf("instant key = %v", once)
					}
				}},
			{name: "its client session acts for the identity", method: http.MethodPost, path: "/client_sessions/get",
				params: map[string]any{"client_session_id": "$onceSession"},
				check: func(t *testing.T, r response) {
					cs := obj(t, r, "client_session")
					if cs["client_session_id"] != once["client_session_id"] || !slices.Equal(toStrings(cs["user_identity_ids"]), []string{f.identity}) ||
						cs["expires_at"] != once["expires_at"] {
						t.Errorf("client session = %v, key = %v", cs, once)
					}
				}},
			{name: "get_or_create makes the identity a session of its own", method: http.MethodPost, path: "/client_sessions/get_or_create",
				params: map[string]any{"user_identity_id": f.identity},
				check: func(t *testing.T, r response) {
					if cs := obj(t, r, "client_session"); cs["client_session_id"] == once["client_session_id"] {
						t.Errorf("get_or_create answered the key's session %v: spending the key would end it", cs["client_session_id"])
					}
				}},
			{name: "generate with two uses", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": f.identity, "max_use_count": 2},
				check: func(t *testing.T, r response) {
					twice = obj(t, r, "instant_key")
					twiceID, twiceURL = twice["instant_key_id"].(string), twice["instant_key_url"].(string)
					if twice["instant_key_url"] == once["instant_key_url"] || twice["client_session_id"] == once["client_session_id"] {
						t.Errorf("two keys share a url or a session: %v, %v", once, twice)
					}
				}},
			{name: "generate for an identity that will be deleted", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": other},
				check: func(t *testing.T, r response) {
					spareID = obj(t, r, "instant_key")["instant_key_id"].(string)
				}},
			{name: "generate without an identity", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{}, status: http.StatusBadRequest, errType: "invalid_input", field: "user_identity_id"},
			{name: "generate with an identity that is no uuid", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": "guest"}, status: http.StatusBadRequest, errType: "invalid_input", field: "user_identity_id"},
			{name: "generate with no use", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": f.identity, "max_use_count": 0}, status: http.StatusBadRequest, errType: "invalid_input", field: "max_use_count"},
			{name: "generate with half a use", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": f.identity, "max_use_count": 1.5}, status: http.StatusBadRequest, errType: "invalid_input", field: "max_use_count"},
			{name: "generate with a customization profile", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": f.identity, "customization_profile_id": lintel.NewID()},
				status: http.StatusBadRequest, errType: "invalid_input", field: "customization_profile_id"},
			{name: "generate for an unknown identity", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": lintel.NewID()}, status: http.StatusNotFound, errType: "user_identity_not_found"},
			{name: "generate for W_B's identity", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				params: map[string]any{"user_identity_id": bIdentity}, status: http.StatusNotFound, errType: "user_identity_not_found"},
			{name: "generate with a client session", method: http.MethodPost, path: "/user_identities/generate_instant_key",
				token: s.sessionToken(bodyObj(t, s.postOK("/client_sessions/create", s.A.APIKey,
					map[string]any{"user_identity_id": f.identity}), "client_session")["client_session_id"].(string)),
				params: map[string]any{"user_identity_id": f.identity}, status: http.StatusUnauthorized, errType: "unauthorized"},

			{name: "get by id", method: http.MethodGet, path: "/instant_keys/get", params: map[string]any{"instant_key_id": "$once"},
				check: func(t *testing.T, r response) {
					if k := obj(t, r, "instant_key"); k["instant_key_url"] != once["instant_key_url"] || k["expires_at"] != once["expires_at"] {
						t.Errorf("get = %v, want %v", k, once)
					}
				}},
			{name: "get by url", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{"instant_key_url": "$twiceURL"},
				check: func(t *testing.T, r response) {
					if k := obj(t, r, "instant_key"); k["instant_key_id"] != twiceID {
						t.Errorf("get by url = %v, want %s", k, twiceID)
					}
				}},
			{name: "get with neither", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{},
				status: http.StatusBadRequest, errType: "invalid_input", field: "instant_key_id"},
			{name: "get an unknown id", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{"instant_key_id": lintel.NewID()},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "get a url that is no key's", method: http.MethodPost, path: "/instant_keys/get",
				params: map[string]any{"instant_key_url": "https://example.com/instant_keys/view?token=nope"},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "get W_B's key by id", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{"instant_key_id": bID},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "get W_B's key by url", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{"instant_key_url": bKey["instant_key_url"]},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "list", method: http.MethodGet, path: "/instant_keys/list", params: map[string]any{},
				check: func(t *testing.T, r response) {
					if ids := keyIDs(list(t, r, "instant_keys")); !slices.Equal(ids, []string{onceID, twiceID, spareID}) {
						t.Errorf("list = %v", ids)
					}
				}},
			{name: "list of an identity", method: http.MethodPost, path: "/instant_keys/list", params: map[string]any{"user_identity_id": other},
				check: func(t *testing.T, r response) {
					if ids := keyIDs(list(t, r, "instant_keys")); !slices.Equal(ids, []string{spareID}) {
						t.Errorf("list = %v", ids)
					}
				}},
			{name: "W_B lists its own", method: http.MethodPost, path: "/instant_keys/list", token: s.B.APIKey, params: map[string]any{},
				check: func(t *testing.T, r response) {
					if ids := keyIDs(list(t, r, "instant_keys")); !slices.Equal(ids, []string{bID}) {
						t.Errorf("W_B's list = %v", ids)
					}
				}},
			{name: "W_B lists by W_A's identity", method: http.MethodPost, path: "/instant_keys/list", token: s.B.APIKey,
				params: map[string]any{"user_identity_id": f.identity},
				check: func(t *testing.T, r response) {
					if keys := list(t, r, "instant_keys"); len(keys) != 0 {
						t.Errorf("W_B's list = %v", keys)
					}
				}},
		})

		// access_methods/get_related names the live keys of the method's
		// identity.
		related := func() []string {
			t.Helper()
			r := s.call(http.MethodPost, "/access_methods/get_related", s.A.APIKey, map[string]any{"access_method_ids": []string{method},
				"include": []string{"instant_keys"}})
			s.ok(r)
			keys, _ := r.Body["batch"].(map[string]any)["instant_keys"].([]any)
			var ids []string
			for _, k := range keys {
				ids = append(ids, k.(map[string]any)["instant_key_id"].(string))
			}
			return ids
		}
		if ids := related(); !slices.Equal(ids, []string{onceID, twiceID}) {
			t.Errorf("get_related instant keys = %v, want %v", ids, []string{onceID, twiceID})
		}

		// The page's unlock spends a use; the last one expires the key and
		// revokes its client session.
		keys := s.app.InstantKeys
		twiceToken, onceToken := keyToken(t, twice), keyToken(t, once)
		twiceSession := s.sessionToken(twice["client_session_id"].(string))
		if _, _, err := keys.Unlock(ctx, twiceToken, bLock); !errors.Is(err, instantkey.ErrNotYours) {
			t.Errorf("unlock W_B's lock: %v", err)
		}
		if _, _, err := keys.Unlock(ctx, "not-a-token", f.lock); !errors.Is(err, instantkey.ErrInvalidLink) {
			t.Errorf("unlock with an unknown token: %v", err)
		}
		for i, lock := range []string{f.lock, f.lock2} { // the grant's lock, then one of its space
			v, a, err := keys.Unlock(ctx, twiceToken, lock)
			if err != nil || a.ActionType != "UNLOCK_DOOR" || a.Status != "success" || v.Key.UseCount != i+1 {
				t.Fatalf("unlock %d = %+v, %+v, %v", i, v.Key, a, err)
			}
			r := s.call(http.MethodPost, "/locks/get", s.A.APIKey, map[string]any{"device_id": lock})
			s.ok(r)
			if st := r.Body["device"].(map[string]any)["properties"].(map[string]any); st["locked"] != false {
				t.Errorf("lock %d after the unlock: locked = %v", i, st["locked"])
			}
		}
		if _, _, err := keys.Unlock(ctx, twiceToken, f.lock); !errors.Is(err, instantkey.ErrSpent) {
			t.Errorf("unlock with a spent key: %v", err)
		}
		if _, err := keys.Open(ctx, twiceToken); !errors.Is(err, instantkey.ErrSpent) {
			t.Errorf("open a spent key: %v", err)
		}
		s.wantError(s.call(http.MethodPost, "/client_sessions/get", twiceSession, map[string]any{}), http.StatusUnauthorized, "unauthorized")
		r := s.call(http.MethodPost, "/instant_keys/get", s.A.APIKey, map[string]any{"instant_key_id": twiceID})
		s.ok(r)
		if k := r.Body["instant_key"].(map[string]any); k["expires_at"] == twice["expires_at"] {
			t.Errorf("a spent key keeps its expiry: %v", k)
		}

		if ids := related(); !slices.Equal(ids, []string{onceID}) {
			t.Errorf("get_related instant keys after one is spent = %v, want %v", ids, []string{onceID})
		}

		// Deleting: W_B cannot; W_A's deletion ends the link and the session.
		onceSessionToken := s.sessionToken(onceSession)
		s.runVars(vars, []apiCase{
			{name: "W_B deletes W_A's key", method: http.MethodPost, path: "/instant_keys/delete", token: s.B.APIKey,
				params: map[string]any{"instant_key_id": "$once"}, status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "delete without an id", method: http.MethodPost, path: "/instant_keys/delete", params: map[string]any{},
				status: http.StatusBadRequest, errType: "invalid_input", field: "instant_key_id"},
			{name: "delete", method: http.MethodDelete, path: "/instant_keys/delete", params: map[string]any{"instant_key_id": "$once"}},
			{name: "delete again", method: http.MethodPost, path: "/instant_keys/delete", params: map[string]any{"instant_key_id": "$once"},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
			{name: "get the deleted key", method: http.MethodPost, path: "/instant_keys/get", params: map[string]any{"instant_key_id": "$once"},
				status: http.StatusNotFound, errType: "instant_key_not_found"},
		})
		s.wantError(s.call(http.MethodPost, "/client_sessions/get", onceSessionToken, map[string]any{}), http.StatusUnauthorized, "unauthorized")
		if _, err := keys.Open(ctx, onceToken); !errors.Is(err, instantkey.ErrInvalidLink) {
			t.Errorf("open a deleted key: %v", err)
		}
		if _, err := keys.Open(ctx, keyToken(t, bKey)); err != nil {
			t.Errorf("W_B's key after W_A's deletes: %v", err)
		}

		// Deleting an identity deletes its keys.
		s.postOK("/user_identities/delete", s.A.APIKey, map[string]any{"user_identity_id": other})
		s.wantError(s.call(http.MethodPost, "/instant_keys/get", s.A.APIKey, map[string]any{"instant_key_id": spareID}),
			http.StatusNotFound, "instant_key_not_found")
	})
}

func keyIDs(keys []map[string]any) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k["instant_key_id"].(string))
	}
	return out
}
