package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// sealV1 prefixes version 1 sealed text: AES-256-GCM under the "seal"
// sub-key, 12-byte random nonce, base64url (no padding) of nonce ‖ ciphertext ‖ tag.
const sealV1 = "v1:"

// sealAADLabel is mixed into the associated data so that a ciphertext from
// this scheme can never be mistaken for one made by another.
const sealAADLabel = "lintel/seal/v1\x00"

// MaxSealedLen bounds the sealed text Open accepts.
const MaxSealedLen = 64 << 10

// Errors from Open.
var (
	// ErrSealedFormat means the text is not something Seal produced: an
	// unknown version, bad base64, or too short or too long.
	ErrSealedFormat = errors.New("secret: malformed sealed value")
	// ErrOpen means authentication failed: the wrong key, the wrong
	// associated data, or a tampered ciphertext. The causes are
	// deliberately indistinguishable.
	ErrOpen = errors.New("secret: sealed value does not open with this key and associated data")
)

// Seal encrypts plaintext with AES-256-GCM under the key's sealing sub-key
// and a random nonce, and returns printable text "v1:<base64url>". The
// associated string (for instance the webhook id of the row the secret
// belongs to) is authenticated but not stored: Open needs the same value,
// so a ciphertext copied to another row does not open.
func (k Key) Seal(plaintext []byte, associated string) (string, error) {
	if k.d == nil {
		return "", ErrNoKey
	}
	aead := k.d.seal
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secret: reading random bytes: %w", err)
	}
	out := aead.Seal(nonce, nonce, plaintext, sealAAD(associated))
	return sealV1 + base64.RawURLEncoding.EncodeToString(out), nil
}

// Open reverses Seal. It returns ErrSealedFormat for text Seal could not
// have produced and ErrOpen when the key, the associated string or the
// ciphertext does not match.
func (k Key) Open(sealed, associated string) ([]byte, error) {
	if k.d == nil {
		return nil, ErrNoKey
	}
	if len(sealed) > MaxSealedLen {
		return nil, ErrSealedFormat
	}
	body, ok := strings.CutPrefix(sealed, sealV1)
	if !ok {
		return nil, ErrSealedFormat
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	aead := k.d.seal
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrSealedFormat
	}
	nonce, ct := raw[:aead.NonceSize()], raw[aead.NonceSize():]
	pt, err := aead.Open(nil, nonce, ct, sealAAD(associated))
	if err != nil {
		return nil, ErrOpen
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

func sealAAD(associated string) []byte {
	return []byte(sealAADLabel + associated)
}
