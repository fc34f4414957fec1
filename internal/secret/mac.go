package secret

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
)

// infoMAC prefixes the HKDF info of MAC sub-keys; the purpose follows it.
const infoMAC = "lintel/secret/v1/mac/"

// MAC returns the HMAC-SHA256 of msg under a sub-key derived for purpose,
// for values the server hands out and later checks itself (the CSRF tokens
// of a Connect Webview's forms). Different purposes never share a key.
func (k Key) MAC(purpose string, msg []byte) ([]byte, error) {
	if k.d == nil {
		return nil, ErrNoKey
	}
	sub, err := hkdf.Key(sha256.New, k.d.raw[:], nil, infoMAC+purpose, 32)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, sub)
	m.Write(msg)
	return m.Sum(nil), nil
}
