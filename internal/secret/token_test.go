package secret

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
)

func TestParseToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		ok    bool
		kind  Kind
		short string
		long  string
	}{
		// Seed tokens.
		{in: "seam_apikey1_token", ok: true, kind: APIKey, short: "apikey1", long: "token"},
		{in: "seam_at1_longtoken", ok: true, kind: PersonalAccessToken, short: "1", long: "longtoken"},
		{in: "seam_cst1_token", ok: true, kind: ClientSessionToken, short: "1", long: "token"},
		{in: "seam_pk1_token", ok: true, kind: PublishableKey, short: "1", long: "token"},
		{in: "seam_bcs1_token", ok: true, kind: BridgeClientSessionToken, short: "1", long: "token"},
		// Generated shapes.
		{in: "seam_5TyqH2Lm_abcdefghijkmnopqrstuvwxy", ok: true, kind: APIKey, short: "5TyqH2Lm", long: "abcdefghijkmnopqrstuvwxy"},
		{in: "seam_at5TyqH2Lm_X", ok: true, kind: PersonalAccessToken, short: "5TyqH2Lm", long: "X"},
		// The prefix wins: an API key can never start with these.
		{in: "seam_attest_x", ok: true, kind: PersonalAccessToken, short: "test", long: "x"},
		{in: "seam_cstat_x", ok: true, kind: ClientSessionToken, short: "at", long: "x"},
		{in: "seam_pkcst_x", ok: true, kind: PublishableKey, short: "cst", long: "x"},
		{in: "seam_bcspk_x", ok: true, kind: BridgeClientSessionToken, short: "pk", long: "x"},
		// Prefixes are case-sensitive; an upper-case "AT" is just an API key short.
		{in: "seam_AT1_longtoken", ok: true, kind: APIKey, short: "AT1", long: "longtoken"},
		// Characters outside the base58 alphabet are still letters and digits.
		{in: "seam_0OIl_0OIl", ok: true, kind: APIKey, short: "0OIl", long: "0OIl"},
		{in: "seam_a_" + strings.Repeat("b", MaxTokenLen-len("seam_a_")), ok: true, kind: APIKey, short: "a", long: strings.Repeat("b", MaxTokenLen-len("seam_a_"))},

		// Rejections.
		{in: ""},
		{in: "seam_"},
		{in: "seam__"},
		{in: "seam_apikey1"},                 // truncated: no long part
		{in: "seam_apikey1_"},                // truncated: empty long part
		{in: "seam_apikey"},                  // truncated
		{in: "seam_at_longtoken"},            // empty PAT short
		{in: "seam_cst_token"},               // empty CST short
		{in: "seam_pk_token"},                // empty PK short
		{in: "seam_at"},                      // prefix only
		{in: "seam_apikey1_token "},          // trailing space
		{in: " seam_apikey1_token"},          // leading space
		{in: "seam_apikey1_token\n"},         // trailing newline
		{in: "seam_api key1_token"},          // inner space
		{in: "SEAM_apikey1_token"},           // case-changed scheme
		{in: "Seam_at1_longtoken"},           // case-changed scheme
		{in: "seam-apikey1_token"},           // wrong separator
		{in: "seam_api_key1_token"},          // extra underscore
		{in: "seam_apikey1_tok_en"},          // extra underscore in long
		{in: "seam_apikey1__token"},          // double underscore
		{in: "seam_api-key1_token"},          // dash
		{in: "seam_apikéy1_token"},           // non-ASCII
		{in: "seam_apikey1_token\x00"},       // NUL
		{in: "Bearer seam_apikey1_token"},    // header value, not a token
		{in: "eyJhbGciOiJIUzI1NiJ9.e30.sig"}, // a JWT
		{in: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
		{in: "seam_a_" + strings.Repeat("b", MaxTokenLen-len("seam_a_")+1)}, // too long
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			t.Parallel()
			got, ok := ParseToken(tt.in)
			if ok != tt.ok {
				t.Fatalf("ParseToken(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if !ok {
				if got != (Token{}) {
					t.Errorf("ParseToken(%q) = %+v with ok=false, want zero Token", tt.in, got)
				}
				return
			}
			want := Token{Kind: tt.kind, Short: tt.short, Long: tt.long}
			if got.Kind != want.Kind || got.Short != want.Short || got.Long != want.Long {
				t.Errorf("ParseToken(%q) = {%v %q %q}, want {%v %q %q}", tt.in,
					got.Kind, got.Short, got.Long, want.Kind, want.Short, want.Long)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("String() = %q, want %q", s, tt.in)
			}
		})
	}
}

var (
	base58Class = `[1-9A-HJ-NP-Za-km-z]`
	apiKeyRE    = regexp.MustCompile(`^seam_` + base58Class + `{8}_` + base58Class + `{24}$`)
)

// TestNewTokenAPIKeys is RELIABILITY #39: 100,000 keys, all in format, no
// collisions, none readable as another kind, and no bias in the alphabet.
func TestNewTokenAPIKeys(t *testing.T) {
	t.Parallel()
	const n = 100_000
	shorts := make(map[string]struct{}, n)
	longs := make(map[string]struct{}, n)
	var counts [256]int
	for i := range n {
		tok, err := NewToken(APIKey)
		if err != nil {
			t.Fatal(err)
		}
		s := tok.String()
		if !apiKeyRE.MatchString(s) {
			t.Fatalf("key %d %q does not match %s", i, s, apiKeyRE)
		}
		for _, p := range []string{"seam_cst", "seam_at", "seam_pk", "ey"} {
			if strings.HasPrefix(s, p) {
				t.Fatalf("key %d %q starts with reserved %q", i, s, p)
			}
		}
		if _, dup := shorts[tok.Short]; dup {
			t.Fatalf("duplicate short token %q after %d keys", tok.Short, i)
		}
		if _, dup := longs[tok.Long]; dup {
			t.Fatalf("duplicate long token after %d keys", i)
		}
		shorts[tok.Short] = struct{}{}
		longs[tok.Long] = struct{}{}
		for j := 0; j < len(tok.Long); j++ {
			counts[tok.Long[j]]++
		}
		if i%1000 == 0 {
			back, ok := ParseToken(s)
			if !ok || back != tok {
				t.Fatalf("ParseToken(%q) = %+v, %v; want %+v", s, back, ok, tok)
			}
		}
	}
	// Every base58 character should appear n*LongLen/58 ≈ 41,379 times in
	// the long parts (σ ≈ 200). Modulo bias would push 24 characters 25%
	// above the others; ±5% is > 10σ, so this never flakes.
	expected := float64(n*LongLen) / float64(len(base58))
	for i := 0; i < len(base58); i++ {
		c := counts[base58[i]]
		if float64(c) < expected*0.95 || float64(c) > expected*1.05 {
			t.Errorf("character %q appeared %d times, expected about %.0f", base58[i], c, expected)
		}
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	if total != n*LongLen {
		t.Errorf("characters outside the alphabet: %d counted vs %d expected", total, n*LongLen)
	}
}

func TestNewTokenKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind   Kind
		prefix string
		name   string
	}{
		{APIKey, "", "api_key"},
		{PersonalAccessToken, "at", "personal_access_token"},
		{ClientSessionToken, "cst", "client_session_token"},
		{PublishableKey, "pk", "publishable_key"},
		{BridgeClientSessionToken, "bcs", "bridge_client_session_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.kind.String(); got != tt.name {
				t.Errorf("String() = %q, want %q", got, tt.name)
			}
			re := regexp.MustCompile(`^seam_` + tt.prefix + base58Class + `{8}_` + base58Class + `{24}$`)
			for range 2000 {
				tok, err := NewToken(tt.kind)
				if err != nil {
					t.Fatal(err)
				}
				if !re.MatchString(tok.String()) {
					t.Fatalf("%q does not match %s", tok.String(), re)
				}
				back, ok := ParseToken(tok.String())
				if !ok || back != tok {
					t.Fatalf("ParseToken(%q) = %+v, %v; want %+v", tok.String(), back, ok, tok)
				}
			}
		})
	}
}

func TestNewTokenUnknownKind(t *testing.T) {
	t.Parallel()
	for _, k := range []Kind{0, -1, BridgeClientSessionToken + 1} {
		if _, err := NewToken(k); err != ErrUnknownKind {
			t.Errorf("NewToken(%d) error = %v, want ErrUnknownKind", k, err)
		}
	}
	if got := Kind(0).String(); got != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q", got)
	}
}

func TestTokenRedacted(t *testing.T) {
	t.Parallel()
	tok := Token{Kind: PersonalAccessToken, Short: "5TyqH2Lm", Long: "SECRETsecretSECRETsecret"}
	if got, want := tok.Redacted(), "seam_at5TyqH2Lm_***"; got != want {
		t.Errorf("Redacted() = %q, want %q", got, want)
	}
	if got, want := tok.String(), "seam_at5TyqH2Lm_SECRETsecretSECRETsecret"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// Accidental formatting and logging never show the long part.
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("auth", "token", tok)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("auth", "token", tok)
	out := fmt.Sprint(tok) + fmt.Sprintf("%v %+v %#v %s %q %x %d", tok, tok, tok, tok, tok, tok, tok) +
		fmt.Sprint(struct{ T Token }{tok}) + fmt.Sprintf("%v", &tok) + logs.String()
	if strings.Contains(out, tok.Long) {
		t.Errorf("long token leaked through fmt or slog: %s", out)
	}
	if !strings.Contains(out, tok.Redacted()) {
		t.Errorf("formatted output lacks the redacted form: %s", out)
	}
}

func TestHashLong(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := hex.EncodeToString(HashLong(tt.in)); got != tt.want {
			t.Errorf("HashLong(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestEqualHash(t *testing.T) {
	t.Parallel()
	h := HashLong("token")
	other := HashLong("tokeN")
	tests := []struct {
		name string
		a, b []byte
		want bool
	}{
		{"same", h, HashLong("token"), true},
		{"different", h, other, false},
		{"truncated", h, h[:31], false},
		{"empty stored hash", nil, nil, false},
		{"empty vs hash", nil, h, false},
		{"longer", append(append([]byte{}, h...), 0), append(append([]byte{}, h...), 0), false},
	}
	for _, tt := range tests {
		if got := EqualHash(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: EqualHash = %v, want %v", tt.name, got, tt.want)
		}
	}
}
