package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	for _, pt := range [][]byte{
		{},
		[]byte("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
		[]byte("seam_cst1abcdEFG_abcdefghijkmnopqrstuvwxy"),
		bytes.Repeat([]byte{0, 0xff}, 4096),
	} {
		sealed, err := k.Seal(pt, "webhook_id:7c9f…")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1:") {
			t.Errorf("sealed value %q lacks the v1: prefix", sealed)
		}
		if len(pt) > 4 && strings.Contains(sealed, string(pt)) {
			t.Errorf("sealed value contains the plaintext")
		}
		got, err := k.Open(sealed, "webhook_id:7c9f…")
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if got == nil || !bytes.Equal(got, pt) {
			t.Errorf("Open = %q, want %q", got, pt)
		}
		// The nonce is random: sealing again gives a different text.
		again, err := k.Seal(pt, "webhook_id:7c9f…")
		if err != nil {
			t.Fatal(err)
		}
		if again == sealed {
			t.Errorf("two seals of the same plaintext are identical")
		}
	}
}

func TestOpenRejects(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	other, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k.Seal([]byte("whsec_secret"), "wh_A")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(sealed, "v1:")
	raw, _ := base64.RawURLEncoding.DecodeString(body)

	tests := []struct {
		name       string
		key        Key
		sealed, ad string
		want       error
	}{
		{"wrong associated data", k, sealed, "wh_B", ErrOpen},
		{"empty associated data", k, sealed, "", ErrOpen},
		{"associated data prefix", k, sealed, "wh_", ErrOpen},
		{"wrong key", other, sealed, "wh_A", ErrOpen},
		{"no version", k, body, "wh_A", ErrSealedFormat},
		{"unknown version", k, "v2:" + body, "wh_A", ErrSealedFormat},
		{"upper-case version", k, "V1:" + body, "wh_A", ErrSealedFormat},
		{"empty", k, "", "wh_A", ErrSealedFormat},
		{"version only", k, "v1:", "wh_A", ErrSealedFormat},
		{"bad base64", k, "v1:" + body[:10] + "!" + body[11:], "wh_A", ErrSealedFormat},
		{"padded base64", k, "v1:" + base64.URLEncoding.EncodeToString(raw), "wh_A", ErrSealedFormat},
		{"std base64", k, "v1:" + strings.NewReplacer("-", "+", "_", "/").Replace(body) + "+/", "wh_A", ErrSealedFormat},
		{"shorter than nonce and tag", k, "v1:" + base64.RawURLEncoding.EncodeToString(raw[:27]), "wh_A", ErrSealedFormat},
		{"truncated tag", k, "v1:" + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), "wh_A", ErrOpen},
		{"too long", k, "v1:" + strings.Repeat("A", MaxSealedLen), "wh_A", ErrSealedFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.key.Open(tt.sealed, tt.ad)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Open returned %q alongside an error", got)
			}
		})
	}
}

// TestOpenTampered flips every bit of nonce, ciphertext and tag in turn.
func TestOpenTampered(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	sealed, err := k.Seal([]byte("client session token"), "cs_1")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		for bit := range 8 {
			mod := bytes.Clone(raw)
			mod[i] ^= 1 << bit
			if _, err := k.Open("v1:"+base64.RawURLEncoding.EncodeToString(mod), "cs_1"); !errors.Is(err, ErrOpen) {
				t.Fatalf("byte %d bit %d flipped: error = %v, want ErrOpen", i, bit, err)
			}
		}
	}
	// Appending a byte also fails.
	if _, err := k.Open("v1:"+base64.RawURLEncoding.EncodeToString(append(raw, 0)), "cs_1"); !errors.Is(err, ErrOpen) {
		t.Errorf("appended byte: error = %v, want ErrOpen", err)
	}
}
