package secret

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestWebhookSign checks the Standard Webhooks specification's test vector
// (RELIABILITY #35).
func TestWebhookSign(t *testing.T) {
	t.Parallel()
	const (
		secret  = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		msgID   = "msg_p5jXN8AQM9LWM0D4loKWxJek"
		payload = `{"test": 2432232314}`
		want    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
	)
	ts := time.Unix(1614265330, 0)
	tests := []struct {
		name    string
		secret  string
		msgID   string
		ts      time.Time
		payload string
		want    string
		match   bool
	}{
		{"spec vector", secret, msgID, ts, payload, want, true},
		{"secret without prefix", strings.TrimPrefix(secret, "whsec_"), msgID, ts, payload, want, true},
		{"sub-second time is truncated", secret, msgID, ts.Add(999 * time.Millisecond), payload, want, true},
		{"other time zone", secret, msgID, ts.In(time.FixedZone("X", 5*3600)), payload, want, true},
		{"tampered payload", secret, msgID, ts, `{"test": 2432232315}`, want, false},
		{"other id", secret, "msg_p5jXN8AQM9LWM0D4loKWxJeK", ts, payload, want, false},
		{"other time", secret, msgID, ts.Add(time.Second), payload, want, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := SignWebhook(tt.secret, tt.msgID, tt.ts, []byte(tt.payload))
			if err != nil {
				t.Fatal(err)
			}
			if (got == tt.want) != tt.match {
				t.Errorf("SignWebhook = %q; match with %q = %v, want %v", got, tt.want, got == tt.want, tt.match)
			}
		})
	}
}

func TestSignWebhookBadSecret(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "whsec_", "whsec_!!!!", "whsec_abc", "whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"} {
		if _, err := SignWebhook(s, "msg_1", time.Unix(1, 0), nil); !errors.Is(err, ErrWebhookSecret) {
			t.Errorf("SignWebhook(%q) error = %v, want ErrWebhookSecret", s, err)
		}
	}
}

func TestNewWebhookSecret(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 1000 {
		s, err := NewWebhookSecret()
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := strings.CutPrefix(s, "whsec_")
		if !ok {
			t.Fatalf("secret %q lacks whsec_", s)
		}
		key, err := base64.StdEncoding.DecodeString(rest)
		if err != nil || len(key) != 24 {
			t.Fatalf("secret %q decodes to %d bytes, %v; want 24", s, len(key), err)
		}
		if seen[s] {
			t.Fatalf("duplicate secret %q", s)
		}
		seen[s] = true
		if _, err := SignWebhook(s, "msg_1", time.Now(), []byte("{}")); err != nil {
			t.Fatalf("SignWebhook with a new secret: %v", err)
		}
	}
}
