package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// WebhookSecretPrefix starts every webhook signing secret.
const WebhookSecretPrefix = "whsec_"

// webhookSecretBytes is the size of the HMAC key in a new webhook secret.
const webhookSecretBytes = 24

// ErrWebhookSecret means a webhook secret is not "whsec_" (optional)
// followed by the standard base64 of a non-empty key.
var ErrWebhookSecret = errors.New("secret: malformed webhook secret")

// NewWebhookSecret returns a new Standard Webhooks signing secret:
// "whsec_" followed by the standard base64 of 24 random bytes.
func NewWebhookSecret() (string, error) {
	key := make([]byte, webhookSecretBytes)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("secret: reading random bytes: %w", err)
	}
	return WebhookSecretPrefix + base64.StdEncoding.EncodeToString(key), nil
}

// SignWebhook computes the Standard Webhooks (Svix) v1 signature of one
// delivery: "v1," + base64(HMAC-SHA256(key, msgID + "." + unix seconds +
// "." + payload)), where key is the secret with its "whsec_" prefix removed,
// base64-decoded. The result goes in the svix-signature header, along with
// msgID in svix-id and ts.Unix() in svix-timestamp. During a secret
// rotation, sign with each secret and join the results with a space.
func SignWebhook(secret, msgID string, ts time.Time, payload []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, WebhookSecretPrefix))
	if err != nil || len(key) == 0 {
		return "", ErrWebhookSecret
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msgID))
	mac.Write([]byte{'.'})
	mac.Write(strconv.AppendInt(nil, ts.Unix(), 10))
	mac.Write([]byte{'.'})
	mac.Write(payload)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}
