package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/audit"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
)

var errWorkspaceNotFound = lintel.NotFound("workspace", "Workspace not found")

// Get returns the caller's workspace.
func (s *Service) Get(ctx context.Context, p lintel.Principal) (client.Workspace, error) {
	var w client.Workspace
	err := s.store.View(ctx, func(tx *store.Tx) error {
		row, err := tx.Workspace(ctx, p.WorkspaceID)
		if errors.Is(err, store.ErrNotFound) {
			return errWorkspaceNotFound
		}
		w = Present(row)
		return err
	})
	return w, err
}

// List returns the workspaces the caller can reach: its own for a workspace
// credential, every membership for a console user.
func (s *Service) List(ctx context.Context, p lintel.Principal) ([]client.Workspace, error) {
	var rows []store.Workspace
	err := s.store.View(ctx, func(tx *store.Tx) error {
		if p.UserID != "" {
			var err error
			rows, err = tx.WorkspacesOfUser(ctx, p.UserID)
			return err
		}
		w, err := tx.Workspace(ctx, p.WorkspaceID)
		rows = []store.Workspace{w}
		return err
	})
	if err != nil {
		return []client.Workspace{}, err
	}
	return presentAll(rows), nil
}

// AllTx lists every workspace, for the admin CLI.
func AllTx(ctx context.Context, tx *store.Tx) ([]client.Workspace, error) {
	rows, err := tx.AllWorkspaces(ctx)
	return presentAll(rows), err
}

// Present turns a stored workspace into what the API shows (and the
// Connect Webview pages use).
func Present(w store.Workspace) client.Workspace {
	out := client.Workspace{WorkspaceID: w.WorkspaceID, Name: w.Name, CompanyName: w.CompanyName,
		IsSandbox: w.IsSandbox, IsSuspended: w.IsSuspended, ConnectPartnerName: w.ConnectPartnerName,
		IsPublishableKeyAuthEnabled: w.IsPublishableKeyAuthEnabled, OrganizationID: w.OrganizationID,
		CreatedAt: w.CreatedAt}
	if w.ConnectWebviewCustomization != "" {
		_ = json.Unmarshal([]byte(w.ConnectWebviewCustomization), &out.ConnectWebviewCustomization)
	}
	return out
}

// presentAll presents a list; never null.
func presentAll(rows []store.Workspace) []client.Workspace {
	out := make([]client.Workspace, 0, len(rows))
	for _, w := range rows {
		out = append(out, Present(w))
	}
	return out
}

// row is the stored form of a workspace.
func row(w client.Workspace) (store.Workspace, error) {
	custom, err := json.Marshal(w.ConnectWebviewCustomization)
	return store.Workspace{WorkspaceID: w.WorkspaceID, Name: w.Name, CompanyName: w.CompanyName,
		ConnectPartnerName: w.ConnectPartnerName, IsSandbox: w.IsSandbox, IsSuspended: w.IsSuspended,
		OrganizationID: w.OrganizationID, ConnectWebviewCustomization: string(custom),
		IsPublishableKeyAuthEnabled: w.IsPublishableKeyAuthEnabled, CreatedAt: w.CreatedAt}, err
}

// insert stores a new workspace.
func insert(ctx context.Context, tx *store.Tx, w client.Workspace) error {
	r, err := row(w)
	if err != nil {
		return err
	}
	return tx.CreateWorkspace(ctx, r)
}

// Create makes a workspace owned by the calling console user, who becomes
// its first member.
func (s *Service) Create(ctx context.Context, p lintel.Principal, in client.WorkspacesCreateParams) (client.Workspace, error) {
	if p.UserID == "" {
		return client.Workspace{}, lintel.Errorf(lintel.EUnauthorized, "Only a console user can create a workspace")
	}
	w := newWorkspace(in)
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		w.CreatedAt = tx.Now()
		if err := insert(ctx, tx, w); err != nil {
			return err
		}
		return tx.AddWorkspaceMember(ctx, w.WorkspaceID, p.UserID)
	})
	return w, err
}

func newWorkspace(in client.WorkspacesCreateParams) client.Workspace {
	w := client.Workspace{
		WorkspaceID:                 lintel.NewID(),
		Name:                        in.Name,
		CompanyName:                 in.CompanyName,
		IsSandbox:                   in.IsSandbox,
		IsPublishableKeyAuthEnabled: true,
	}
	if w.CompanyName == "" {
		w.CompanyName = in.Name
	}
	if in.ConnectPartnerName != "" {
		w.ConnectPartnerName = &in.ConnectPartnerName
	}
	if in.OrganizationID != "" {
		w.OrganizationID = &in.OrganizationID
	}
	if in.ConnectWebviewCustomization != nil {
		w.ConnectWebviewCustomization = *in.ConnectWebviewCustomization
	}
	c := &w.ConnectWebviewCustomization
	if in.WebviewLogoShape != "" {
		c.LogoShape = in.WebviewLogoShape
	}
	if in.WebviewPrimaryButtonColor != "" {
		c.PrimaryButtonColor = in.WebviewPrimaryButtonColor
	}
	if in.WebviewPrimaryButtonTextColor != "" {
		c.PrimaryButtonTextColor = in.WebviewPrimaryButtonTextColor
	}
	if in.WebviewSuccessMessage != "" {
		c.SuccessMessage = in.WebviewSuccessMessage
	}
	return w
}

// Update changes the caller's workspace; absent fields keep their value.
// lintel never suspends a workspace, so is_suspended may only be false.
// Turning publishable key authentication off makes the workspace's
// publishable keys fail from the next request on. An audit row records who
// did it.
func (s *Service) Update(ctx context.Context, p lintel.Principal, in client.WorkspacesUpdateParams) error {
	if in.IsSuspended != nil && *in.IsSuspended {
		var v lintel.InvalidInput
		v.Add("is_suspended", "lintel does not suspend workspaces; only false is accepted")
		return v.Err()
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		stored, err := tx.Workspace(ctx, p.WorkspaceID)
		if errors.Is(err, store.ErrNotFound) {
			return errWorkspaceNotFound
		}
		if err != nil {
			return err
		}
		w := Present(stored)
		if in.Name != nil {
			w.Name = *in.Name
		}
		if in.ConnectPartnerName != nil {
			w.ConnectPartnerName = in.ConnectPartnerName
		}
		if in.OrganizationID != nil {
			w.OrganizationID = in.OrganizationID
		}
		if in.IsPublishableKeyAuthEnabled != nil {
			w.IsPublishableKeyAuthEnabled = *in.IsPublishableKeyAuthEnabled
		}
		if c := in.ConnectWebviewCustomization; c != nil {
			cur := &w.ConnectWebviewCustomization
			for _, f := range []struct {
				in  client.Nullable[string]
				out *string
			}{{c.LogoShape, &cur.LogoShape}, {c.PrimaryButtonColor, &cur.PrimaryButtonColor},
				{c.PrimaryButtonTextColor, &cur.PrimaryButtonTextColor}, {c.SuccessMessage, &cur.SuccessMessage}} {
				if f.in.Set {
					*f.out = f.in.Value // "" when null: the field is cleared
				}
			}
		}
		r, err := row(w)
		if err != nil {
			return err
		}
		if err := tx.UpdateWorkspace(ctx, r); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "workspace.update", "workspace", w.WorkspaceID, audit.Succeeded)
	})
}

// CreateWorkspaceTx creates a workspace inside the caller's transaction, for
// administration and seeding.
func CreateWorkspaceTx(ctx context.Context, tx *store.Tx, in client.WorkspacesCreateParams) (client.Workspace, error) {
	w := newWorkspace(in)
	w.CreatedAt = tx.Now()
	return w, insert(ctx, tx, w)
}

// IssuedToken is a credential just made: Token is shown once and never again.
type IssuedToken struct {
	ID    string
	Token string
}

// CreateAPIKeyTx issues an API key for the workspace. If fixed is not empty
// it is used as the token instead of a random one (seed mode's well-known
// tokens).
func CreateAPIKeyTx(ctx context.Context, tx *store.Tx, workspaceID, name, fixed string) (IssuedToken, error) {
	tok, err := issue(secret.APIKey, fixed)
	if err != nil {
		return IssuedToken{}, err
	}
	k := store.APIKey{APIKeyID: lintel.NewID(), WorkspaceID: workspaceID, Name: name,
		ShortToken: tok.Short, LongTokenHash: secret.HashLong(tok.Long), CreatedAt: tx.Now()}
	if err := tx.CreateAPIKey(ctx, workspaceID, k); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{ID: k.APIKeyID, Token: tok.String()}, nil
}

// CreatePublishableKeyTx issues a publishable key for the workspace.
func CreatePublishableKeyTx(ctx context.Context, tx *store.Tx, workspaceID, fixed string) (IssuedToken, error) {
	tok, err := issue(secret.PublishableKey, fixed)
	if err != nil {
		return IssuedToken{}, err
	}
	k := store.PublishableKey{PublishableKeyID: lintel.NewID(), WorkspaceID: workspaceID,
		ShortToken: tok.Short, LongTokenHash: secret.HashLong(tok.Long), CreatedAt: tx.Now()}
	if err := tx.CreatePublishableKey(ctx, workspaceID, k); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{ID: k.PublishableKeyID, Token: tok.String()}, nil
}

// CreateConsoleUserTx creates a console user, or returns the existing one
// with that email.
func CreateConsoleUserTx(ctx context.Context, tx *store.Tx, email, fullName string) (store.ConsoleUser, error) {
	u, err := tx.ConsoleUserByEmail(ctx, email)
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	u = store.ConsoleUser{UserID: lintel.NewID(), Email: email, FullName: fullName, CreatedAt: tx.Now()}
	return u, tx.CreateConsoleUser(ctx, u)
}

// CreatePATTx issues a personal access token for a console user.
func CreatePATTx(ctx context.Context, tx *store.Tx, userID, name, fixed string) (IssuedToken, error) {
	tok, err := issue(secret.PersonalAccessToken, fixed)
	if err != nil {
		return IssuedToken{}, err
	}
	p := store.PersonalAccessToken{PATID: lintel.NewID(), UserID: userID, Name: name,
		ShortToken: tok.Short, LongTokenHash: secret.HashLong(tok.Long), CreatedAt: tx.Now()}
	if err := tx.CreatePAT(ctx, p); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{ID: p.PATID, Token: tok.String()}, nil
}

// CreateConsoleSession signs a console session JWT for a user, valid for ttl.
func (s *Service) CreateConsoleSession(ctx context.Context, userID string, ttl time.Duration) (IssuedToken, error) {
	var out IssuedToken
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		cs := store.ConsoleSession{ConsoleSessionID: lintel.NewID(), UserID: userID,
			CreatedAt: tx.Now(), ExpiresAt: tx.Now().Add(ttl)}
		if err := tx.CreateConsoleSession(ctx, cs); err != nil {
			return err
		}
		jwt, err := s.key.SignSession(secret.SessionClaims{UserID: userID, SessionID: cs.ConsoleSessionID,
			IssuedAt: cs.CreatedAt, ExpiresAt: cs.ExpiresAt})
		out = IssuedToken{ID: cs.ConsoleSessionID, Token: jwt}
		return err
	})
	return out, err
}

func issue(kind secret.Kind, fixed string) (secret.Token, error) {
	if fixed == "" {
		return secret.NewToken(kind)
	}
	tok, ok := secret.ParseToken(fixed)
	if !ok || tok.Kind != kind {
		return tok, lintel.Errorf(lintel.EInvalidInput, "%q is not a valid token of this kind", fixed)
	}
	return tok, nil
}

// APIKeyInfo is what may be shown of an API key after it was issued: never
// its secret, only its redacted form (seam_<short token>_***).
type APIKeyInfo struct {
	APIKeyID    string      `json:"api_key_id"`
	WorkspaceID string      `json:"workspace_id"`
	Name        string      `json:"name"`
	Redacted    string      `json:"redacted_token"`
	CreatedAt   client.Time `json:"created_at"`
}

// APIKeysTx lists the live API keys of a workspace, oldest first.
func APIKeysTx(ctx context.Context, tx *store.Tx, workspaceID string) ([]APIKeyInfo, error) {
	keys, err := tx.APIKeys(ctx, workspaceID)
	out := make([]APIKeyInfo, len(keys))
	for i, k := range keys {
		out[i] = APIKeyInfo{APIKeyID: k.APIKeyID, WorkspaceID: k.WorkspaceID, Name: k.Name,
			Redacted: secret.Token{Kind: secret.APIKey, Short: k.ShortToken}.Redacted(), CreatedAt: client.NewTime(k.CreatedAt)}
	}
	return out, err
}

var errAPIKeyNotFound = lintel.NotFound("api_key", "API key not found")

// DeleteAPIKeyTx deletes an API key of the workspace, audited as p's act:
// the next request made with it fails.
func DeleteAPIKeyTx(ctx context.Context, tx *store.Tx, p lintel.Principal, apiKeyID string) error {
	err := tx.DeleteAPIKey(ctx, p.WorkspaceID, apiKeyID)
	if errors.Is(err, store.ErrNotFound) {
		return errAPIKeyNotFound
	}
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, p, "api_key.delete", "api_key", apiKeyID, audit.Succeeded)
}
