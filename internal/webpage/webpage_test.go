package webpage_test

import (
	"testing"
	"time"

	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/webpage"
)

func TestCSRF(t *testing.T) {
	t.Parallel()
	key, err := secret.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	c := webpage.CSRF{Key: key, Label: "page-csrf"}
	tok := c.Token(time.Now().Add(time.Hour), "id-1", "login")
	if !c.Valid(tok, "id-1", "login") {
		t.Errorf("a fresh token does not pass")
	}
	for name, ok := range map[string]bool{
		"another object":  c.Valid(tok, "id-2", "login"),
		"another step":    c.Valid(tok, "id-1", "code"),
		"another label":   webpage.CSRF{Key: key, Label: "other-csrf"}.Valid(tok, "id-1", "login"),
		"expired":         c.Valid(c.Token(time.Now().Add(-time.Minute), "id-1", "login"), "id-1", "login"),
		"no key":          webpage.CSRF{Label: "page-csrf"}.Token(time.Now().Add(time.Hour), "id-1") != "",
		"garbage":         c.Valid("12.%%%", "id-1", "login"),
		"without its mac": c.Valid("99999999999", "id-1", "login"),
	} {
		if ok {
			t.Errorf("%s: passes", name)
		}
	}
}
