package secret

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testKeyHex is 00 01 02 … 1f.
const testKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func mustKey(t testing.TB, s string) Key {
	t.Helper()
	k, err := KeyFromString(s)
	if err != nil {
		t.Fatalf("KeyFromString(%q): %v", s, err)
	}
	return k
}

func TestKeyFromString(t *testing.T) {
	t.Parallel()
	raw, _ := hex.DecodeString(testKeyHex)
	ref := mustKey(t, testKeyHex)
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"hex", testKeyHex, true},
		{"upper-case hex", strings.ToUpper(testKeyHex), true},
		{"hex with newline", testKeyHex + "\n", true},
		{"hex with spaces around", "  " + testKeyHex + "\t", true},
		{"base64 std padded", base64.StdEncoding.EncodeToString(raw), true},
		{"base64 std raw", base64.RawStdEncoding.EncodeToString(raw), true},
		{"base64 url padded", base64.URLEncoding.EncodeToString(raw), true},
		{"base64 url raw", base64.RawURLEncoding.EncodeToString(raw), true},
		{"base64 with newline", base64.StdEncoding.EncodeToString(raw) + "\n", true},

		{"empty", "", false},
		{"blank", "   \n", false},
		{"password", "correct horse battery staple", false},
		{"hex 31 bytes", testKeyHex[:62], false},
		{"hex 63 chars", testKeyHex[:63], false},
		{"hex 33 bytes", testKeyHex + "20", false},
		{"hex with non-hex char", "g" + testKeyHex[1:], false},
		{"hex all zeros", strings.Repeat("0", 64), false},
		{"hex all one byte", strings.Repeat("aa", 32), false},
		{"base64 16 bytes", base64.StdEncoding.EncodeToString(raw[:16]), false},
		{"base64 31 bytes", base64.StdEncoding.EncodeToString(raw[:31]), false},
		{"base64 33 bytes", base64.StdEncoding.EncodeToString(append(raw, 1)), false},
		{"base64 48 bytes", base64.StdEncoding.EncodeToString(bytes.Repeat(raw, 2)[:48]), false},
		{"base64 zeros", base64.StdEncoding.EncodeToString(make([]byte, 32)), false},
		{"base64 all 0xff", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 32)), false},
		{"base64 bad char", "*" + base64.StdEncoding.EncodeToString(raw)[1:], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, err := KeyFromString(tt.in)
			if !tt.ok {
				if !errors.Is(err, ErrKeyFormat) {
					t.Fatalf("KeyFromString(%q) error = %v, want ErrKeyFormat", tt.in, err)
				}
				if k.Fingerprint() != "" {
					t.Errorf("rejected key is not the zero Key")
				}
				return
			}
			if err != nil {
				t.Fatalf("KeyFromString(%q): %v", tt.in, err)
			}
			if !k.Equal(ref) {
				t.Errorf("KeyFromString(%q) is not the reference key", tt.in)
			}
			if k.Fingerprint() != ref.Fingerprint() {
				t.Errorf("fingerprints differ for the same key")
			}
		})
	}
}

func TestNewKey(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 16, 31, 33, 64} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i)
		}
		if _, err := NewKey(b); !errors.Is(err, ErrKeyFormat) {
			t.Errorf("NewKey(%d bytes) error = %v, want ErrKeyFormat", n, err)
		}
	}
	// Bytes that are not valid UTF-8 on their own are not "all equal".
	high := make([]byte, KeySize)
	for i := range high {
		high[i] = 0x80 + byte(i)
	}
	if _, err := NewKey(high); err != nil {
		t.Errorf("NewKey(0x80…0x9f) = %v, want a key", err)
	}
	a, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if a.Equal(b) || a.Fingerprint() == b.Fingerprint() {
		t.Errorf("two generated keys are equal")
	}
	if !a.Equal(a) || !(Key{}).Equal(Key{}) || a.Equal(Key{}) || (Key{}).Equal(a) {
		t.Errorf("Equal is not reflexive or treats the zero Key wrongly")
	}
	// The sub-keys differ from the key and from each other.
	if bytes.Equal(a.d.jwt, a.d.raw[:]) {
		t.Errorf("jwt sub-key equals the raw key")
	}
	if len(a.Fingerprint()) != 16 || strings.Contains(hex.EncodeToString(a.d.raw[:]), a.Fingerprint()) {
		t.Errorf("fingerprint %q is not a separate 8-byte derivation", a.Fingerprint())
	}
}

func TestKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("loaded", "key", k)
	out := fmt.Sprintf("%v %+v %#v %s %q %x %X", k, k, k, k, k, k, k) +
		fmt.Sprint(struct{ K Key }{k}) + fmt.Sprintf("%+v", &k) + logs.String()
	for _, leak := range []string{testKeyHex, strings.ToUpper(testKeyHex), hex.EncodeToString(k.d.jwt), "[0 1 2 3"} {
		if strings.Contains(out, leak) {
			t.Fatalf("key material %q leaked: %s", leak, out)
		}
	}
	if !strings.Contains(out, k.Fingerprint()) {
		t.Errorf("fingerprint missing from %s", out)
	}
}

func TestZeroKey(t *testing.T) {
	t.Parallel()
	var k Key
	if _, err := k.Seal([]byte("x"), "a"); !errors.Is(err, ErrNoKey) {
		t.Errorf("Seal error = %v, want ErrNoKey", err)
	}
	if _, err := k.Open("v1:AAAA", "a"); !errors.Is(err, ErrNoKey) {
		t.Errorf("Open error = %v, want ErrNoKey", err)
	}
	if _, err := k.SignSession(SessionClaims{UserID: "u"}); !errors.Is(err, ErrNoKey) {
		t.Errorf("SignSession error = %v, want ErrNoKey", err)
	}
	if _, err := k.VerifySession("a.b.c", testNow); !errors.Is(err, ErrNoKey) {
		t.Errorf("VerifySession error = %v, want ErrNoKey", err)
	}
	if k.Fingerprint() != "" || k.String() != "secret.Key()" {
		t.Errorf("zero Key prints as %q", k.String())
	}
}

func TestLoadOrCreateKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nested", "dir", "secret.key")

	k1, created, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !created {
		t.Fatal("created = false for a missing file")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("key file mode = %o, want 600", got)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := di.Mode().Perm(); got != 0o700 {
		t.Errorf("key directory mode = %o, want 700", got)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(content) != 65 || content[64] != '\n' {
		t.Errorf("key file content = %q, want 64 hex characters and a newline", content)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	k2, created, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if created {
		t.Error("created = true for an existing file")
	}
	if !k1.Equal(k2) {
		t.Error("reloaded key differs from the created one")
	}
	// A value sealed before the restart opens after it.
	sealed, err := k1.Seal([]byte("whsec_x"), "wh_1")
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := k2.Open(sealed, "wh_1"); err != nil || string(pt) != "whsec_x" {
		t.Errorf("Open after reload = %q, %v", pt, err)
	}
}

func TestLoadKeyFileExisting(t *testing.T) {
	t.Parallel()
	raw, _ := hex.DecodeString(testKeyHex)
	ref := mustKey(t, testKeyHex)
	tests := []struct {
		name    string
		content string
		ok      bool
	}{
		{"hex", testKeyHex + "\n", true},
		{"base64", base64.StdEncoding.EncodeToString(raw) + "\n", true},
		{"base64 no newline", base64.StdEncoding.EncodeToString(raw), true},
		{"empty", "", false},
		{"short", testKeyHex[:32] + "\n", false},
		{"garbage", "not a key\n", false},
		{"huge", strings.Repeat(testKeyHex, 100), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			k, created, err := LoadOrCreateKeyFile(path)
			if created {
				t.Error("created = true for an existing file")
			}
			if tt.ok {
				if err != nil || !k.Equal(ref) {
					t.Fatalf("LoadOrCreateKeyFile = %v, %v; want the reference key", k, err)
				}
				return
			}
			if !errors.Is(err, ErrKeyFormat) {
				t.Fatalf("error = %v, want ErrKeyFormat", err)
			}
			// A bad key file is never replaced: that would orphan every
			// sealed secret.
			after, _ := os.ReadFile(path)
			if string(after) != tt.content {
				t.Errorf("bad key file was rewritten")
			}
		})
	}
}

func TestLoadOrCreateKeyFileUnreadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A directory where the file should be: not "missing", so no creation.
	path := filepath.Join(dir, "key")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, created, err := LoadOrCreateKeyFile(path); err == nil || created {
		t.Fatalf("LoadOrCreateKeyFile on a directory = created %v, err %v", created, err)
	}
}

func TestLoadOrCreateKeyFileConcurrent(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "key")
	const n = 16
	keys := make([]Key, n)
	created := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			keys[i], created[i], errs[i] = LoadOrCreateKeyFile(path)
		})
	}
	wg.Wait()
	creators := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if created[i] {
			creators++
		}
		if !keys[i].Equal(keys[0]) {
			t.Fatalf("caller %d got a different key", i)
		}
	}
	if creators != 1 {
		t.Errorf("%d callers report creating the file, want 1", creators)
	}
}
