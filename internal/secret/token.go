package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// Kind says what a bearer token is. The zero Kind is not a valid kind.
type Kind int

// The token kinds lintel issues. Each one is told apart by the text right
// after "seam_", which is what the official SDKs check client-side.
const (
	// APIKey is a workspace API key: seam_<short>_<long>.
	APIKey Kind = iota + 1
	// PersonalAccessToken is a console user's token: seam_at<short>_<long>.
	PersonalAccessToken
	// ClientSessionToken is a client session's token: seam_cst<short>_<long>.
	ClientSessionToken
	// PublishableKey is a workspace's publishable key: seam_pk<short>_<long>.
	PublishableKey
	// BridgeClientSessionToken is a Seam Bridge client's session token:
	// seam_bcs<short>_<long>. The SDKs know no such prefix and send it as
	// they send an API key, as a bearer token.
	BridgeClientSessionToken
)

// Lengths, in base58 characters, of the parts NewToken generates. 8
// characters (about 47 bits) keep the short token readable in logs; 24
// characters (about 140 bits) make the long token unguessable.
const (
	ShortLen = 8
	LongLen  = 24
)

// MaxTokenLen is the longest string ParseToken accepts.
const MaxTokenLen = 512

// tokenScheme starts every token.
const tokenScheme = "seam_"

// base58 is the Bitcoin alphabet: no 0, O, I or l.
const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// ErrUnknownKind is returned by NewToken for a Kind outside the constants.
var ErrUnknownKind = errors.New("secret: unknown token kind")

// Prefix is the text between "seam_" and the short token: "" for APIKey,
// "at", "cst", "pk" or "bcs" for the others, and "" for an invalid Kind.
func (k Kind) Prefix() string {
	switch k {
	case PersonalAccessToken:
		return "at"
	case ClientSessionToken:
		return "cst"
	case PublishableKey:
		return "pk"
	case BridgeClientSessionToken:
		return "bcs"
	}
	return ""
}

// String names the kind in snake case, as it would appear in logs.
func (k Kind) String() string {
	switch k {
	case APIKey:
		return "api_key"
	case PersonalAccessToken:
		return "personal_access_token"
	case ClientSessionToken:
		return "client_session_token"
	case PublishableKey:
		return "publishable_key"
	case BridgeClientSessionToken:
		return "bridge_client_session_token"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func (k Kind) valid() bool { return k >= APIKey && k <= BridgeClientSessionToken }

// reservedPrefixes are the texts an API key's short token must not start
// with, because the SDKs (and ParseToken) would take the key for another kind.
var reservedPrefixes = [...]string{"cst", "at", "pk", "bcs"}

// Token is a parsed or freshly generated bearer token. Short identifies the
// token and may be stored and logged; Long is the secret part and must only
// ever be stored as HashLong(Long).
//
// Formatting a Token with the fmt package (%v, %s, …) or logging it with
// log/slog prints Redacted; call String explicitly to get the full token.
type Token struct {
	Kind  Kind
	Short string
	Long  string
}

// NewToken generates a token of the given kind with a random ShortLen-
// character short part and LongLen-character long part, both base58. An
// API key's short part never starts with "cst", "at", "pk" or "bcs".
func NewToken(kind Kind) (Token, error) {
	if !kind.valid() {
		return Token{}, ErrUnknownKind
	}
	var short string
	for {
		s, err := randomBase58(ShortLen)
		if err != nil {
			return Token{}, err
		}
		if kind != APIKey || !hasReservedPrefix(s) {
			short = s
			break
		}
	}
	long, err := randomBase58(LongLen)
	if err != nil {
		return Token{}, err
	}
	return Token{Kind: kind, Short: short, Long: long}, nil
}

func hasReservedPrefix(s string) bool {
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// randomBase58 returns n uniformly random base58 characters.
func randomBase58(n int) (string, error) {
	// 232 = 4*58: bytes at or above it are dropped so that b%58 is uniform.
	const limit = 4 * len(base58)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/2)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("secret: reading random bytes: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit {
				out = append(out, base58[int(b)%len(base58)])
				if len(out) == n {
					break
				}
			}
		}
	}
	return string(out), nil
}

// ParseToken splits s into its kind, short and long parts. It accepts
// "seam_" + prefix + short + "_" + long where short and long are non-empty
// and ASCII letters and digits only, and s is at most MaxTokenLen bytes.
// The kind comes from the prefix: "seam_at" is always a personal access
// token, "seam_cst" a client-session token, "seam_pk" a publishable key,
// "seam_bcs" a bridge client session token and anything else an API key. Matching is case-sensitive, so "SEAM_…" is not
// a token. ok is false for anything else; no error says why, so that every
// malformed credential fails the same way.
func ParseToken(s string) (tok Token, ok bool) {
	if len(s) > MaxTokenLen || !strings.HasPrefix(s, tokenScheme) {
		return Token{}, false
	}
	rest := s[len(tokenScheme):]
	kind := APIKey
	for _, k := range [...]Kind{PersonalAccessToken, ClientSessionToken, PublishableKey, BridgeClientSessionToken} {
		if strings.HasPrefix(rest, k.Prefix()) {
			kind = k
			rest = rest[len(k.Prefix()):]
			break
		}
	}
	short, long, found := strings.Cut(rest, "_")
	if !found || !isAlnum(short) || !isAlnum(long) {
		return Token{}, false
	}
	return Token{Kind: kind, Short: short, Long: long}, true
}

// isAlnum reports whether s is non-empty ASCII letters and digits.
func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// String returns the full token, secret part included. Use it only to hand
// the token to its owner, never for logs.
func (t Token) String() string {
	return tokenScheme + t.Kind.Prefix() + t.Short + "_" + t.Long
}

// Redacted returns the token with its long part replaced by "***", e.g.
// "seam_at5TyqH2Lm_***". It is safe to log.
func (t Token) Redacted() string {
	return tokenScheme + t.Kind.Prefix() + t.Short + "_***"
}

// Format makes every fmt verb print Redacted, so that a Token passed to a
// logger or an error message by mistake does not leak its long part.
func (t Token) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(t.Redacted()))
}

// LogValue makes log/slog record Redacted.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.Redacted()) }

// HashLong returns the SHA-256 digest of a long token, the only form in
// which a long token is stored.
func HashLong(long string) []byte {
	sum := sha256.Sum256([]byte(long))
	return sum[:]
}

// EqualHash compares two HashLong digests in constant time. It is false
// unless both are SHA-256 sized, so a missing or truncated stored digest
// never matches anything.
func EqualHash(a, b []byte) bool {
	if len(a) != sha256.Size || len(b) != sha256.Size {
		return false
	}
	return subtle.ConstantTimeCompare(a, b) == 1
}
