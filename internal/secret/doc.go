// Package secret holds lintel's credential material and the cryptography
// around it: the formats of the bearer tokens the server issues (API keys,
// personal access tokens, client-session tokens, publishable keys), the
// server key loaded from the environment or a file, the sealing of secrets
// that must be shown again (AES-256-GCM), console-session JWTs (HS256), and
// Standard Webhooks (Svix v1) signatures.
//
// Nothing here talks to storage or HTTP. The rules it encodes are the ones
// the rest of the server depends on for "no plaintext secrets at rest" and
// "logs carry no secrets": long tokens are stored only as HashLong digests,
// only Token.Redacted is meant for logs, and every sub-key is derived from
// the server key for exactly one purpose.
package secret
