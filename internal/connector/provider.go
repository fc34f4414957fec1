package connector

import "log/slog"

// ProviderUser is a user as an access system holds it: what a mutation
// sends and what a listing returns. It travels inside a queued Mutation's
// JSON, so its field names (which are also its JSON keys) must not change:
// jobs queued by an earlier version decode with them.
type ProviderUser struct {
	ExternalID   string
	FullName     *string
	EmailAddress *string
	PhoneNumber  *string
	IsSuspended  bool
}

// ProviderCredential is a credential as an access system holds it. Like
// ProviderUser, it is part of a queued Mutation's JSON.
type ProviderCredential struct {
	ExternalID     string
	UserExternalID *string
	AccessMethod   string
	Code           *string
	CardNumber     *string
}

// LogValue keeps the PIN out of logs: a credential is logged without its
// code.
func (c ProviderCredential) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("external_id", c.ExternalID), slog.String("access_method", c.AccessMethod),
		slog.Bool("has_code", c.Code != nil)}
	if c.UserExternalID != nil {
		attrs = append(attrs, slog.String("user_external_id", *c.UserExternalID))
	}
	return slog.GroupValue(attrs...)
}
