package secret

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// forge builds a JWT from raw header and payload JSON, signed with k's real
// JWT sub-key, so a refusal is due to the content and not the signature.
func forge(k Key, header, payload string) string {
	return forgeRaw(k, b64(header), b64(payload))
}

// forgeRaw signs already-encoded header and payload segments.
func forgeRaw(k Key, header64, payload64 string) string {
	in := header64 + "." + payload64
	return in + "." + base64.RawURLEncoding.EncodeToString(k.sessionMAC(in))
}

func TestSessionRoundTrip(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	tests := []struct {
		name   string
		claims SessionClaims
	}{
		{"all claims", SessionClaims{
			UserID: "0d5e8b9e-7c1a-4b8e-9d0a-2f1e3c4b5a69", SessionID: "9b0f7a3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c",
			IssuedAt: testNow.Add(-time.Minute), ExpiresAt: testNow.Add(time.Hour),
		}},
		{"no sid or iat", SessionClaims{UserID: "u1", ExpiresAt: testNow.Add(time.Second)}},
		{"sub-second times truncate", SessionClaims{
			UserID: "u1", IssuedAt: testNow.Add(500 * time.Millisecond), ExpiresAt: testNow.Add(2*time.Second + 900*time.Millisecond),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := k.SignSession(tt.claims)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.") {
				t.Errorf("token %q does not start with the HS256 JWT header", tok)
			}
			got, err := k.VerifySession(tok, testNow)
			if err != nil {
				t.Fatalf("VerifySession: %v", err)
			}
			if got.UserID != tt.claims.UserID || got.SessionID != tt.claims.SessionID ||
				!got.IssuedAt.Equal(tt.claims.IssuedAt.Truncate(time.Second)) ||
				!got.ExpiresAt.Equal(tt.claims.ExpiresAt.Truncate(time.Second)) {
				t.Errorf("VerifySession = %+v, want %+v (to the second)", got, tt.claims)
			}
		})
	}
}

func TestSignSessionRequiresClaims(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	for _, c := range []SessionClaims{
		{ExpiresAt: testNow.Add(time.Hour)},
		{UserID: "u1"},
		{},
	} {
		if tok, err := k.SignSession(c); err == nil {
			t.Errorf("SignSession(%+v) = %q, want an error", c, tok)
		}
	}
}

// TestVerifySessionRejects is RELIABILITY #5, plus every rule VerifySession
// states: each case asserts the specific error.
func TestVerifySessionRejects(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	other, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	const hs = `{"alg":"HS256","typ":"JWT"}`
	exp := testNow.Add(time.Hour).Unix()
	okPayload := `{"sub":"u1","sid":"s1","exp":` + itoa(exp) + `}`
	valid := forge(k, hs, okPayload)
	parts := strings.Split(valid, ".")

	signedByOther, err := other.SignSession(SessionClaims{UserID: "u1", ExpiresAt: testNow.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// The payload says another user, the signature is the original one.
	tampered := parts[0] + "." + b64(`{"sub":"u2","sid":"s1","exp":`+itoa(exp)+`}`) + "." + parts[2]

	tests := []struct {
		name  string
		token string
		want  error
	}{
		// alg none in several casings, with a valid HMAC, an empty and a missing signature.
		{"alg none", forge(k, `{"alg":"none","typ":"JWT"}`, okPayload), ErrSessionAlgorithm},
		{"alg None", forge(k, `{"alg":"None"}`, okPayload), ErrSessionAlgorithm},
		{"alg NONE", forge(k, `{"alg":"NONE"}`, okPayload), ErrSessionAlgorithm},
		{"alg nOnE", forge(k, `{"alg":"nOnE"}`, okPayload), ErrSessionAlgorithm},
		{"alg none empty signature", b64(`{"alg":"none"}`) + "." + b64(okPayload) + ".", ErrSessionAlgorithm},
		{"alg none no signature part", b64(`{"alg":"none"}`) + "." + b64(okPayload), ErrSessionMalformed},
		{"alg hs256 lower case", forge(k, `{"alg":"hs256"}`, okPayload), ErrSessionAlgorithm},
		{"alg HS512", forge(k, `{"alg":"HS512"}`, okPayload), ErrSessionAlgorithm},
		{"alg RS256", forge(k, `{"alg":"RS256"}`, okPayload), ErrSessionAlgorithm},
		{"alg missing", forge(k, `{"typ":"JWT"}`, okPayload), ErrSessionAlgorithm},
		{"alg null", forge(k, `{"alg":null}`, okPayload), ErrSessionAlgorithm},
		{"alg number", forge(k, `{"alg":256}`, okPayload), ErrSessionAlgorithm},
		{"alg name in upper case", forge(k, `{"ALG":"HS256"}`, okPayload), ErrSessionAlgorithm},
		{"alg with space", forge(k, `{"alg":"HS256 "}`, okPayload), ErrSessionAlgorithm},
		{"crit header", forge(k, `{"alg":"HS256","crit":["exp"],"exp":1}`, okPayload), ErrSessionCritical},
		{"empty crit header", forge(k, `{"alg":"HS256","crit":[]}`, okPayload), ErrSessionCritical},

		{"wrong key", signedByOther, ErrSessionSignature},
		{"tampered payload", tampered, ErrSessionSignature},
		{"tampered header", b64(`{"alg":"HS256"}`) + "." + parts[1] + "." + parts[2], ErrSessionSignature},
		{"signature truncated", parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-3], ErrSessionSignature},
		{"signature not base64", parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-2], ErrSessionMalformed},
		{"signature empty", parts[0] + "." + parts[1] + ".", ErrSessionSignature},
		{"signature of other token", parts[0] + "." + parts[1] + "." + strings.Split(signedByOther, ".")[2], ErrSessionSignature},

		{"expired", forge(k, hs, `{"sub":"u1","exp":`+itoa(testNow.Add(-time.Second).Unix())+`}`), ErrSessionExpired},
		{"expires now", forge(k, hs, `{"sub":"u1","exp":`+itoa(testNow.Unix())+`}`), ErrSessionExpired},
		{"exp zero", forge(k, hs, `{"sub":"u1","exp":0}`), ErrSessionExpired},
		{"exp negative", forge(k, hs, `{"sub":"u1","exp":-1}`), ErrSessionExpired},
		{"missing exp", forge(k, hs, `{"sub":"u1"}`), ErrSessionClaims},
		{"missing sub", forge(k, hs, `{"exp":`+itoa(exp)+`}`), ErrSessionClaims},
		{"empty sub", forge(k, hs, `{"sub":"","exp":`+itoa(exp)+`}`), ErrSessionClaims},
		{"sub number", forge(k, hs, `{"sub":1,"exp":`+itoa(exp)+`}`), ErrSessionClaims},
		{"sub name in upper case", forge(k, hs, `{"SUB":"u1","exp":`+itoa(exp)+`}`), ErrSessionClaims},
		{"exp string", forge(k, hs, `{"sub":"u1","exp":"`+itoa(exp)+`"}`), ErrSessionClaims},
		{"exp fraction", forge(k, hs, `{"sub":"u1","exp":`+itoa(exp)+`.5}`), ErrSessionClaims},
		{"exp overflows", forge(k, hs, `{"sub":"u1","exp":99999999999999999999}`), ErrSessionClaims},
		{"sid number", forge(k, hs, `{"sub":"u1","sid":1,"exp":`+itoa(exp)+`}`), ErrSessionClaims},
		{"iat string", forge(k, hs, `{"sub":"u1","iat":"x","exp":`+itoa(exp)+`}`), ErrSessionClaims},

		{"empty", "", ErrSessionMalformed},
		{"ey garbage", "eyJhbGciOiJIUzI1NiJ9garbage", ErrSessionMalformed},
		{"ey dots", "ey.ey.ey", ErrSessionMalformed},
		{"ey with bad json", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ.c2ln", ErrSessionSignature},
		{"api key", "seam_apikey1_token", ErrSessionMalformed},
		{"two parts", parts[0] + "." + parts[1], ErrSessionMalformed},
		{"four parts", valid + ".x", ErrSessionMalformed},
		{"trailing dot", valid + ".", ErrSessionMalformed},
		{"padding", parts[0] + "=." + parts[1] + "." + parts[2], ErrSessionMalformed},
		{"standard base64 chars", parts[0] + "." + parts[1] + "." + parts[2] + "+/", ErrSessionMalformed},
		{"newline inside", parts[0][:5] + "\n" + parts[0][5:] + "." + parts[1] + "." + parts[2], ErrSessionMalformed},
		{"space", " " + valid, ErrSessionMalformed},
		{"bearer prefix", "Bearer " + valid, ErrSessionMalformed},
		{"header not json", forge(k, `not json`, okPayload), ErrSessionMalformed},
		{"header array", forge(k, `["HS256"]`, okPayload), ErrSessionMalformed},
		{"header null", forge(k, `null`, okPayload), ErrSessionMalformed},
		{"header trailing data", forge(k, hs+`{}`, okPayload), ErrSessionMalformed},
		{"header non-canonical base64", forgeRaw(k, strings.TrimSuffix(b64(`{"alg":"HS256"} `), "A")+"B", b64(okPayload)), ErrSessionMalformed},
		{"payload not json", forge(k, hs, `{"sub":"u1",`), ErrSessionMalformed},
		{"payload null", forge(k, hs, `null`), ErrSessionMalformed},
		{"payload string", forge(k, hs, `"u1"`), ErrSessionMalformed},
		{"payload bad base64", parts[0] + ".!!!." + parts[2], ErrSessionMalformed},

		{"64 KiB", strings.Repeat("A", 64<<10), ErrSessionTooLarge},
		{"64 KiB valid prefix", valid + strings.Repeat("A", 64<<10), ErrSessionTooLarge},
		{"one byte over", strings.Repeat("A", MaxSessionTokenLen+1), ErrSessionTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := k.VerifySession(tt.token, testNow)
			if !errors.Is(err, tt.want) {
				t.Fatalf("VerifySession error = %v, want %v", err, tt.want)
			}
			if !errors.Is(err, ErrInvalidSession) {
				t.Errorf("error %v does not wrap ErrInvalidSession", err)
			}
			if got != (SessionClaims{}) {
				t.Errorf("claims %+v returned alongside an error", got)
			}
		})
	}

	// The base case the table mutates is itself valid.
	if _, err := k.VerifySession(valid, testNow); err != nil {
		t.Fatalf("unmodified token: %v", err)
	}
	// A token exactly at the size limit is looked at, not refused for size.
	if _, err := k.VerifySession(strings.Repeat("A", MaxSessionTokenLen), testNow); !errors.Is(err, ErrSessionMalformed) {
		t.Errorf("token at the limit: error = %v, want ErrSessionMalformed", err)
	}
}

func TestSessionErrorsDistinct(t *testing.T) {
	t.Parallel()
	errs := []error{ErrSessionTooLarge, ErrSessionMalformed, ErrSessionAlgorithm, ErrSessionCritical,
		ErrSessionSignature, ErrSessionClaims, ErrSessionExpired}
	for i, a := range errs {
		for j, b := range errs {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v matches %v", a, b)
			}
		}
	}
}

// TestSessionKeySeparation checks that the JWT sub-key is not the sealing
// sub-key or the raw key: an HS256 MAC made with either is refused.
func TestSessionKeySeparation(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	raw := mustKey(t, testKeyHex).d.raw
	in := b64(`{"alg":"HS256"}`) + "." + b64(`{"sub":"u1","exp":`+itoa(testNow.Add(time.Hour).Unix())+`}`)
	withRaw := Key{d: &derived{jwt: raw[:]}}
	tok := in + "." + base64.RawURLEncoding.EncodeToString(withRaw.sessionMAC(in))
	if _, err := k.VerifySession(tok, testNow); !errors.Is(err, ErrSessionSignature) {
		t.Errorf("token MACed with the raw server key: error = %v, want ErrSessionSignature", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
