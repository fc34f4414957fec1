package secret

import (
	"testing"
	"time"
)

// Values produced with testKeyHex by an earlier build. They pin the key
// derivation (HKDF info strings) and the wire formats: if one of these
// fails, existing sealed secrets and console sessions would stop opening
// after an upgrade.
const (
	goldenFingerprint = "3fbcef1a7b5502c4"
	goldenSealed      = "v1:jfWOjmV7KephsTBtnicXo_FPMgQJBGvhIYb6Bu-S81OIF3M2G7XruE6Du-EQD1KFScIVugTLtVIh2QrSmDf-5bCx"
	goldenSession     = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwZDVlOGI5ZS03YzFhLTRiOGUtOWQwYS0yZjFlM2M0YjVhNjkiLCJzaWQiOiJzMSIsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.1XfzMACAMB4LIcsv-TjtbPImDCKftbaiPhNzb1ssnjI"
)

func TestGolden(t *testing.T) {
	t.Parallel()
	k := mustKey(t, testKeyHex)
	if got := k.Fingerprint(); got != goldenFingerprint {
		t.Errorf("Fingerprint() = %q, want %q", got, goldenFingerprint)
	}
	pt, err := k.Open(goldenSealed, "webhook:wh_1")
	if err != nil || string(pt) != "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" {
		t.Errorf("Open(golden) = %q, %v", pt, err)
	}
	claims, err := k.VerifySession(goldenSession, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	want := SessionClaims{
		UserID:    "0d5e8b9e-7c1a-4b8e-9d0a-2f1e3c4b5a69",
		SessionID: "s1",
		IssuedAt:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		ExpiresAt: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	if err != nil || claims != want {
		t.Errorf("VerifySession(golden) = %+v, %v; want %+v", claims, err, want)
	}
	// Signing is deterministic, so the same claims give the same token.
	if tok, err := k.SignSession(want); err != nil || tok != goldenSession {
		t.Errorf("SignSession = %q, %v; want %q", tok, err, goldenSession)
	}
}
