package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxSessionTokenLen is the longest console-session token VerifySession
// looks at; anything longer is refused before any decoding.
const MaxSessionTokenLen = 8 << 10

// sessionHeader is the only header SignSession writes, precomputed.
var sessionHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// ErrInvalidSession is the root of every VerifySession error: test for it
// with errors.Is to treat them all alike (the HTTP edge answers 401), or for
// one of the specific errors below.
var ErrInvalidSession = errors.New("secret: invalid console session token")

// The specific reasons VerifySession refuses a token. Each wraps
// ErrInvalidSession.
var (
	ErrSessionTooLarge  = fmt.Errorf("%w: longer than %d bytes", ErrInvalidSession, MaxSessionTokenLen)
	ErrSessionMalformed = fmt.Errorf("%w: not a well-formed JWT", ErrInvalidSession)
	ErrSessionAlgorithm = fmt.Errorf("%w: algorithm is not HS256", ErrInvalidSession)
	ErrSessionCritical  = fmt.Errorf("%w: crit header not supported", ErrInvalidSession)
	ErrSessionSignature = fmt.Errorf("%w: bad signature", ErrInvalidSession)
	ErrSessionClaims    = fmt.Errorf("%w: missing or invalid claims", ErrInvalidSession)
	ErrSessionExpired   = fmt.Errorf("%w: expired", ErrInvalidSession)
)

// SessionClaims is what a console-session JWT says: which console user
// (sub), which server-side session (sid), and when it was issued (iat) and
// expires (exp). Times travel as whole Unix seconds.
type SessionClaims struct {
	UserID    string
	SessionID string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// SignSession returns an HS256 JWT carrying claims, signed with the key's
// JWT sub-key. UserID and ExpiresAt are required; SessionID and IssuedAt
// are left out of the token when empty or zero.
func (k Key) SignSession(claims SessionClaims) (string, error) {
	if k.d == nil {
		return "", ErrNoKey
	}
	if claims.UserID == "" || claims.ExpiresAt.IsZero() {
		return "", errors.New("secret: session claims need a UserID and an ExpiresAt")
	}
	payload := struct {
		Sub string `json:"sub"`
		Sid string `json:"sid,omitempty"`
		Iat *int64 `json:"iat,omitempty"`
		Exp int64  `json:"exp"`
	}{Sub: claims.UserID, Sid: claims.SessionID, Exp: claims.ExpiresAt.Unix()}
	if !claims.IssuedAt.IsZero() {
		iat := claims.IssuedAt.Unix()
		payload.Iat = &iat
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("secret: encoding session claims: %w", err)
	}
	signingInput := sessionHeader + "." + base64.RawURLEncoding.EncodeToString(body)
	return signingInput + "." + base64.RawURLEncoding.EncodeToString(k.sessionMAC(signingInput)), nil
}

func (k Key) sessionMAC(signingInput string) []byte {
	mac := hmac.New(sha256.New, k.d.jwt)
	mac.Write([]byte(signingInput))
	return mac.Sum(nil)
}

// VerifySession checks a console-session JWT and returns its claims. It
// refuses, with the matching Err* value (all wrapping ErrInvalidSession):
// tokens over MaxSessionTokenLen bytes; anything that is not three base64url
// parts holding JSON objects; any alg but exactly "HS256" (so "none" in any
// case); a "crit" header; a signature that does not match (compared in
// constant time); a missing sub or exp; and exp <= now. The signature is
// checked before the claims are read. typ is ignored.
func (k Key) VerifySession(token string, now time.Time) (SessionClaims, error) {
	if k.d == nil {
		return SessionClaims{}, ErrNoKey
	}
	if len(token) > MaxSessionTokenLen {
		return SessionClaims{}, ErrSessionTooLarge
	}
	// base64 decoding in Go skips \r and \n; refusing every byte outside the
	// base64url alphabet and '.' up front keeps the format strict.
	for i := 0; i < len(token); i++ {
		if !isBase64URLByte(token[i]) && token[i] != '.' {
			return SessionClaims{}, ErrSessionMalformed
		}
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return SessionClaims{}, ErrSessionMalformed
	}
	header, err := decodeJSONObject(parts[0])
	if err != nil {
		return SessionClaims{}, ErrSessionMalformed
	}
	// Header names are matched exactly (encoding/json would match struct
	// fields case-insensitively, letting "ALG" stand in for "alg").
	var alg string
	if raw, ok := header["alg"]; !ok || json.Unmarshal(raw, &alg) != nil || alg != "HS256" {
		return SessionClaims{}, ErrSessionAlgorithm
	}
	if _, ok := header["crit"]; ok {
		return SessionClaims{}, ErrSessionCritical
	}
	sig, err := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	if err != nil {
		return SessionClaims{}, ErrSessionMalformed
	}
	if !hmac.Equal(sig, k.sessionMAC(parts[0]+"."+parts[1])) {
		return SessionClaims{}, ErrSessionSignature
	}
	payload, err := decodeJSONObject(parts[1])
	if err != nil {
		return SessionClaims{}, ErrSessionMalformed
	}
	var claims SessionClaims
	if claims.UserID, err = stringClaim(payload, "sub", true); err != nil {
		return SessionClaims{}, err
	}
	if claims.SessionID, err = stringClaim(payload, "sid", false); err != nil {
		return SessionClaims{}, err
	}
	if claims.IssuedAt, err = timeClaim(payload, "iat", false); err != nil {
		return SessionClaims{}, err
	}
	if claims.ExpiresAt, err = timeClaim(payload, "exp", true); err != nil {
		return SessionClaims{}, err
	}
	if !claims.ExpiresAt.After(now) {
		return SessionClaims{}, ErrSessionExpired
	}
	return claims, nil
}

func isBase64URLByte(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '-' || c == '_'
}

// decodeJSONObject decodes one base64url JWT segment holding a JSON object,
// keeping each member's raw value so names can be matched exactly.
func decodeJSONObject(segment string) (map[string]json.RawMessage, error) {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(segment)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	if obj == nil { // the literal null
		return nil, errors.New("not an object")
	}
	return obj, nil
}

// stringClaim reads a string claim; a required one must be non-empty.
func stringClaim(obj map[string]json.RawMessage, name string, required bool) (string, error) {
	raw, ok := obj[name]
	if !ok {
		if required {
			return "", ErrSessionClaims
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || (required && s == "") {
		return "", ErrSessionClaims
	}
	return s, nil
}

// timeClaim reads a NumericDate claim as whole Unix seconds, in UTC.
func timeClaim(obj map[string]json.RawMessage, name string, required bool) (time.Time, error) {
	raw, ok := obj[name]
	if !ok {
		if required {
			return time.Time{}, ErrSessionClaims
		}
		return time.Time{}, nil
	}
	secs, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return time.Time{}, ErrSessionClaims
	}
	return time.Unix(secs, 0).UTC(), nil
}
