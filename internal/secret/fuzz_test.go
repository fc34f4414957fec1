package secret

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParseToken checks that ParseToken never panics and that whatever it
// accepts is well formed and prints back to exactly the input.
func FuzzParseToken(f *testing.F) {
	for _, s := range []string{
		"seam_apikey1_token", "seam_at1_longtoken", "seam_cst1_token", "seam_pk1_token",
		"seam_5TyqH2Lm_abcdefghijkmnopqrstuvwxy", "seam_at_x", "SEAM_a_b", "seam_a_b ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, ok := ParseToken(s)
		if !ok {
			if tok != (Token{}) {
				t.Fatalf("ParseToken(%q) = %+v with ok=false", s, tok)
			}
			return
		}
		if got := tok.String(); got != s {
			t.Fatalf("ParseToken(%q).String() = %q", s, got)
		}
		if !tok.Kind.valid() || !isAlnum(tok.Short) || !isAlnum(tok.Long) || len(s) > MaxTokenLen {
			t.Fatalf("ParseToken(%q) accepted %+v", s, tok)
		}
		if tok.Kind == APIKey && hasReservedPrefix(tok.Short) {
			t.Fatalf("ParseToken(%q) took a reserved prefix for an API key", s)
		}
		if again, ok := ParseToken(tok.String()); !ok || again != tok {
			t.Fatalf("re-parse of %q = %+v, %v", s, again, ok)
		}
		r := tok.Redacted()
		if !strings.HasSuffix(r, "_***") || len(r) != len(s)-len(tok.Long)+3 {
			t.Fatalf("Redacted() = %q for %q", r, s)
		}
	})
}

// fuzzNow is the clock FuzzVerifySession uses; the seed in
// testdata/fuzz/FuzzVerifySession/valid expires in 2100.
var fuzzNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// FuzzVerifySession checks that VerifySession never panics, that every
// refusal wraps ErrInvalidSession, and that anything accepted carries the
// required claims and signs back to a token that verifies the same.
func FuzzVerifySession(f *testing.F) {
	k := mustKey(f, testKeyHex)
	tok, err := k.SignSession(SessionClaims{UserID: "u1", SessionID: "s1", IssuedAt: fuzzNow, ExpiresAt: fuzzNow.Add(time.Hour)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tok)
	f.Add("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSIsImV4cCI6NDEwMjQ0NDgwMH0.")
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := k.VerifySession(token, fuzzNow)
		if err != nil {
			if !errors.Is(err, ErrInvalidSession) {
				t.Fatalf("error %v does not wrap ErrInvalidSession", err)
			}
			if claims != (SessionClaims{}) {
				t.Fatalf("claims %+v returned alongside an error", claims)
			}
			return
		}
		if len(token) > MaxSessionTokenLen || claims.UserID == "" || !claims.ExpiresAt.After(fuzzNow) {
			t.Fatalf("accepted %q with claims %+v", token, claims)
		}
		again, err := k.SignSession(claims)
		if err != nil {
			t.Fatalf("re-sign %+v: %v", claims, err)
		}
		back, err := k.VerifySession(again, fuzzNow)
		if err != nil || back != claims {
			t.Fatalf("re-signed claims verify as %+v, %v; want %+v", back, err, claims)
		}
	})
}
