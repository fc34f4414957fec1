package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the size in bytes of the server key.
const KeySize = 32

// maxKeyFileSize bounds what LoadOrCreateKeyFile reads: a key is 64 hex
// characters or 44 base64 characters plus a newline.
const maxKeyFileSize = 1024

// HKDF info strings, one per purpose. Changing one invalidates everything
// produced under it.
const (
	infoJWT         = "lintel/secret/v1/jwt-hs256"
	infoSeal        = "lintel/secret/v1/seal-aes256gcm"
	infoFingerprint = "lintel/secret/v1/fingerprint"
)

// Errors about the server key.
var (
	// ErrKeyFormat means a key string is not 64 hex characters or the
	// base64 form of exactly 32 bytes, or is trivially weak.
	ErrKeyFormat = errors.New("secret: server key must be 64 hex characters or base64 of 32 random bytes")
	// ErrNoKey is returned when a zero Key is used.
	ErrNoKey = errors.New("secret: no server key loaded")
)

// Key is the server's 32-byte secret key. It is never used directly: each
// purpose (session JWTs, sealing) gets its own sub-key derived with
// HKDF-SHA256, so one key never serves two algorithms. A Key is safe for
// concurrent use and cheap to copy. The zero Key is unusable: its methods
// return ErrNoKey.
//
// Formatting a Key with the fmt package or log/slog prints a placeholder,
// never key material.
type Key struct {
	d *derived
}

type derived struct {
	raw         [KeySize]byte
	jwt         []byte
	seal        cipher.AEAD
	fingerprint string
}

// NewKey builds a Key from 32 bytes of key material.
func NewKey(raw []byte) (Key, error) {
	if len(raw) != KeySize || weak(raw) {
		return Key{}, ErrKeyFormat
	}
	d := &derived{}
	copy(d.raw[:], raw)
	jwt, err := hkdf.Key(sha256.New, raw, nil, infoJWT, 32)
	if err != nil {
		return Key{}, fmt.Errorf("secret: deriving jwt key: %w", err)
	}
	d.jwt = jwt
	sealKey, err := hkdf.Key(sha256.New, raw, nil, infoSeal, 32)
	if err != nil {
		return Key{}, fmt.Errorf("secret: deriving seal key: %w", err)
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return Key{}, fmt.Errorf("secret: seal cipher: %w", err)
	}
	if d.seal, err = cipher.NewGCM(block); err != nil {
		return Key{}, fmt.Errorf("secret: seal cipher: %w", err)
	}
	fp, err := hkdf.Key(sha256.New, raw, nil, infoFingerprint, 8)
	if err != nil {
		return Key{}, fmt.Errorf("secret: deriving fingerprint: %w", err)
	}
	d.fingerprint = hex.EncodeToString(fp)
	return Key{d: d}, nil
}

// weak rejects key material that is obviously not random: every byte the
// same (all zeros, "aaaa…" in hex, and the like).
func weak(raw []byte) bool {
	for _, b := range raw {
		if b != raw[0] {
			return false
		}
	}
	return true
}

// GenerateKey returns a new random Key.
func GenerateKey() (Key, error) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return Key{}, fmt.Errorf("secret: reading random bytes: %w", err)
	}
	return NewKey(raw)
}

// KeyFromString parses a key as given in LINTEL_SECRET_KEY or a key file:
// 64 hex characters, or standard or URL base64 (padded or not) of exactly
// 32 bytes. Surrounding whitespace is ignored. Anything shorter or longer,
// and keys whose bytes are all equal, are refused with ErrKeyFormat.
func KeyFromString(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*KeySize {
		if raw, err := hex.DecodeString(s); err == nil {
			return NewKey(raw)
		}
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding,
		base64.URLEncoding, base64.RawURLEncoding,
	} {
		if enc.DecodedLen(len(s)) < KeySize || len(s) > enc.EncodedLen(KeySize) {
			continue
		}
		raw, err := enc.Strict().DecodeString(s)
		if err == nil && len(raw) == KeySize {
			return NewKey(raw)
		}
	}
	return Key{}, ErrKeyFormat
}

// LoadOrCreateKeyFile reads the key stored at path (see KeyFromString for
// the accepted forms). If the file does not exist it creates it, and its
// directory if needed (mode 0700), with a new random key written as hex,
// file mode 0600, and reports created = true. Creation is atomic: a
// concurrent caller either sees no file or the complete one, and two
// creators end up with the same key.
func LoadOrCreateKeyFile(path string) (key Key, created bool, err error) {
	key, err = loadKeyFile(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return key, false, err
	}
	key, err = GenerateKey()
	if err != nil {
		return Key{}, false, err
	}
	switch err = writeKeyFile(path, key); {
	case err == nil:
		return key, true, nil
	case errors.Is(err, os.ErrExist):
		// Another process created it between our read and our write.
		key, err = loadKeyFile(path)
		return key, false, err
	default:
		return Key{}, false, err
	}
}

func loadKeyFile(path string) (Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return Key{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return Key{}, fmt.Errorf("secret: reading key file %s: %w", path, err)
	}
	if len(data) > maxKeyFileSize {
		return Key{}, fmt.Errorf("secret: key file %s: %w", path, ErrKeyFormat)
	}
	key, err := KeyFromString(string(data))
	if err != nil {
		return Key{}, fmt.Errorf("secret: key file %s: %w", path, err)
	}
	return key, nil
}

// writeKeyFile writes the key to a temporary file next to path, syncs it,
// and hard-links it into place, which fails with os.ErrExist rather than
// replacing a key someone else just wrote.
func writeKeyFile(path string, key Key) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secret: creating key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".lintel-key-*")
	if err != nil {
		return fmt.Errorf("secret: creating key file: %w", err)
	}
	defer func() {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("secret: creating key file: %w", err)
	}
	if _, err := tmp.WriteString(hex.EncodeToString(key.d.raw[:]) + "\n"); err != nil {
		return fmt.Errorf("secret: writing key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("secret: writing key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("secret: writing key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return err
		}
		// Some file systems have no hard links; fall back to an exclusive
		// create, which is still never a silent overwrite.
		return writeKeyFileExclusive(path, key)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the new name durable; best effort
		_ = d.Close()
	}
	return nil
}

func writeKeyFileExclusive(path string, key Key) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(hex.EncodeToString(key.d.raw[:]) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("secret: writing key file: %w", err)
	}
	return nil
}

// Equal reports, in constant time, whether two keys hold the same material.
// Two zero Keys are equal.
func (k Key) Equal(other Key) bool {
	if k.d == nil || other.d == nil {
		return k.d == nil && other.d == nil
	}
	return subtle.ConstantTimeCompare(k.d.raw[:], other.d.raw[:]) == 1
}

// Fingerprint is a short hex identifier of the key, derived one-way from
// it: safe to log, and enough to tell which key a process loaded (for
// instance during a rotation). It is "" for the zero Key.
func (k Key) Fingerprint() string {
	if k.d == nil {
		return ""
	}
	return k.d.fingerprint
}

// String returns a placeholder with the fingerprint, never key material.
func (k Key) String() string { return "secret.Key(" + k.Fingerprint() + ")" }

// GoString is like String, for %#v.
func (k Key) GoString() string { return k.String() }

// LogValue makes log/slog record the placeholder.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }
