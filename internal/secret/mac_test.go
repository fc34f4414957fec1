package secret_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/lintel-dev/lintel/internal/secret"
)

func TestMAC(t *testing.T) {
	t.Parallel()
	k, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	other, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := k.MAC("csrf", []byte("m"))
	if again, _ := k.MAC("csrf", []byte("m")); !bytes.Equal(a, again) || len(a) != 32 {
		t.Errorf("MAC is not deterministic: %x, %x", a, again)
	}
	for name, f := range map[string]func() ([]byte, error){
		"another purpose": func() ([]byte, error) { return k.MAC("other", []byte("m")) },
		"another message": func() ([]byte, error) { return k.MAC("csrf", []byte("n")) },
		"another key":     func() ([]byte, error) { return other.MAC("csrf", []byte("m")) },
	} {
		if b, err := f(); err != nil || bytes.Equal(a, b) {
			t.Errorf("%s: same MAC (%v)", name, err)
		}
	}
	if _, err := (secret.Key{}).MAC("csrf", nil); !errors.Is(err, secret.ErrNoKey) {
		t.Errorf("zero key: %v", err)
	}
}
