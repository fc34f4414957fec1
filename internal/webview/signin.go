package webview

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/lintel-dev/lintel/client"
	"github.com/lintel-dev/lintel/internal/provider"
	"github.com/lintel-dev/lintel/internal/secret"
	"github.com/lintel-dev/lintel/internal/store"
	"github.com/lintel-dev/lintel/internal/workspace"
)

// What can stop a sign-in on a webview's page. The page turns each into a
// message; none of them says whether a webview exists in a workspace.
var (
	// ErrInvalidLink: no webview has this id and auth token (or it was
	// deleted).
	ErrInvalidLink = errors.New("this link is not valid")
	// ErrExpired: the webview's url is past its expiry.
	ErrExpired = errors.New("this link has expired")
	// ErrUsed: the webview already connected an account, or failed.
	ErrUsed = errors.New("this link has already been used")
	// ErrNoProvider: the provider is not one the webview offers.
	ErrNoProvider = errors.New("choose one of the brands offered")
	// ErrWrongLogin: the email address or the password is wrong.
	ErrWrongLogin = errors.New("the email address or the password is wrong")
	// ErrWrongCode: the two-factor code is wrong.
	ErrWrongCode = errors.New("the verification code is wrong")
	// ErrTooManyAttempts: the last wrong login made the webview fail.
	ErrTooManyAttempts = errors.New("too many failed attempts")
	// ErrNoPendingLogin: a code arrived with no password checked before it.
	ErrNoPendingLogin = errors.New("sign in again")
)

// Visit is a webview as its page sees it: the webview, the providers it
// offers, the workspace it belongs to and the chosen provider.
type Visit struct {
	Webview   store.ConnectWebview
	Token     string
	Providers []provider.Provider
	// Chosen is the provider the user picked, if any.
	Chosen    *provider.Provider
	Workspace client.Workspace
}

// Outcome is where a step leaves the sign-in.
type Outcome int

// Outcomes of a sign-in step.
const (
	// NeedsCode: the password was right; the brand asks for a code.
	NeedsCode Outcome = iota + 1
	// Done: the account is connected; the webview is authorized.
	Done
)

// Open finds the webview of a page by its id and auth token. An expired or
// unknown link is an error; a used one is returned with its status, so the
// page can say what became of it.
func (s *Service) Open(ctx context.Context, id, token string) (Visit, error) {
	var v Visit
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		v, err = s.visit(ctx, tx, id, token)
		return err
	})
	return v, err
}

func (s *Service) visit(ctx context.Context, tx *store.Tx, id, token string) (Visit, error) {
	v := Visit{Token: token}
	if token == "" || id == "" || len(token) > 128 {
		return v, ErrInvalidLink
	}
	w, err := tx.ConnectWebviewByAuthToken(ctx, secret.HashLong(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && w.ConnectWebviewID != id) {
		return v, ErrInvalidLink
	}
	if err != nil {
		return v, err
	}
	if w.Status == StatusPending && !tx.Now().Before(w.ExpiresAt) {
		return v, ErrExpired
	}
	v.Webview = w
	for _, key := range w.AcceptedProviders {
		if p, ok := provider.Lookup(key); ok {
			v.Providers = append(v.Providers, p)
		}
	}
	if w.SelectedProvider != nil {
		if p, ok := provider.Lookup(*w.SelectedProvider); ok {
			v.Chosen = &p
		}
	}
	ws, err := tx.Workspace(ctx, w.WorkspaceID)
	if err != nil {
		return v, err
	}
	v.Workspace = workspace.Present(ws)
	return v, nil
}

// pending is visit for a step that changes the webview: it must still be
// pending.
func (s *Service) pending(ctx context.Context, tx *store.Tx, id, token string) (Visit, error) {
	v, err := s.visit(ctx, tx, id, token)
	if err == nil && v.Webview.Status != StatusPending {
		return v, ErrUsed
	}
	return v, err
}

// Choose records the provider the user picked among those the webview
// offers; a sign-in under way with another provider starts over.
func (s *Service) Choose(ctx context.Context, id, token, providerKey string) (Visit, error) {
	var v Visit
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.pending(ctx, tx, id, token); err != nil {
			return err
		}
		i := slices.IndexFunc(v.Providers, func(p provider.Provider) bool { return p.Key == providerKey })
		if i < 0 {
			return ErrNoProvider
		}
		v.Chosen = &v.Providers[i]
		v.Webview.SelectedProvider, v.Webview.LoginEmail = &providerKey, nil
		return s.progress(ctx, tx, v.Webview)
	})
	return v, err
}

// progress stores how far the sign-in came; a webview that stopped being
// pending meanwhile (another tab finished it) refuses.
func (s *Service) progress(ctx context.Context, tx *store.Tx, w store.ConnectWebview) error {
	err := tx.UpdateConnectWebviewProgress(ctx, w.WorkspaceID, w)
	if errors.Is(err, store.ErrNotFound) {
		return ErrUsed
	}
	return err
}

// SignIn checks an email address and password against the chosen
// provider's sandbox logins. Right, it connects the account, or asks for
// the code where the brand has a two-factor step; wrong, it records
// connect_webview.login_failed and connects nothing.
func (s *Service) SignIn(ctx context.Context, id, token, email, password string) (Visit, Outcome, error) {
	var v Visit
	var out Outcome
	var failure error
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.pending(ctx, tx, id, token); err != nil {
			return err
		}
		if v.Chosen == nil {
			return ErrNoProvider
		}
		login, err := v.Chosen.SignIn(email, password)
		if err != nil {
			failure = ErrWrongLogin
			return s.fail(ctx, tx, &v)
		}
		if v.Chosen.TwoFactor {
			v.Webview.LoginEmail, out = &login.Email, NeedsCode
			return s.progress(ctx, tx, v.Webview)
		}
		out = Done
		return s.complete(ctx, tx, &v, login)
	})
	if err == nil && failure != nil {
		err = s.failure(v, failure)
	}
	return v, out, err
}

// VerifyCode checks the two-factor code of the login whose password was
// right, and connects its account.
func (s *Service) VerifyCode(ctx context.Context, id, token, code string) (Visit, error) {
	var v Visit
	var failure error
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if v, err = s.pending(ctx, tx, id, token); err != nil {
			return err
		}
		if v.Chosen == nil || v.Webview.LoginEmail == nil {
			return ErrNoPendingLogin
		}
		login, ok := v.Chosen.LoginFor(*v.Webview.LoginEmail)
		if !ok {
			return ErrNoPendingLogin
		}
		if err := v.Chosen.CheckTwoFactor(code); err != nil {
			failure = ErrWrongCode
			return s.fail(ctx, tx, &v)
		}
		return s.complete(ctx, tx, &v, login)
	})
	if err == nil && failure != nil {
		err = s.failure(v, failure)
	}
	return v, err
}

// failure is the error a wrong login or code ends with: the webview failed
// for good after MaxFailedLogins of them.
func (s *Service) failure(v Visit, err error) error {
	if v.Webview.Status == StatusFailed {
		return ErrTooManyAttempts
	}
	return err
}

// fail counts a wrong login or code, records connect_webview.login_failed,
// and fails the webview at the last allowed attempt. It commits: the
// failure is kept.
func (s *Service) fail(ctx context.Context, tx *store.Tx, v *Visit) error {
	w := &v.Webview
	w.FailedLogins++
	if w.FailedLogins >= MaxFailedLogins {
		w.Status = StatusFailed
	}
	if err := s.progress(ctx, tx, *w); err != nil {
		return err
	}
	s.log.Info("connect webview login failed", "workspace_id", w.WorkspaceID, "connect_webview_id", w.ConnectWebviewID,
		"failed_logins", w.FailedLogins)
	return s.events.Record(ctx, tx, w.WorkspaceID, client.Event{EventType: eventLoginFailed, ConnectWebviewID: w.ConnectWebviewID})
}

// complete connects the login's account and authorizes the webview, in the
// caller's transaction: the account with everything behind it and its
// events, the webview's new state, connect_webview.login_succeeded, and
// the account added to the client session that made the webview.
func (s *Service) complete(ctx context.Context, tx *store.Tx, v *Visit, login provider.Login) error {
	w := &v.Webview
	metadata := map[string]any{}
	if err := json.Unmarshal([]byte(w.CustomMetadata), &metadata); err != nil {
		return err
	}
	res, err := s.connect.ConnectTx(ctx, tx, w.WorkspaceID, provider.ConnectRequest{Provider: v.Chosen.Key, Login: login,
		CustomMetadata: metadata, AutomaticallyManageNewDevices: w.AutomaticallyManageNewDevices,
		ConnectWebviewID: w.ConnectWebviewID})
	if err != nil {
		return err
	}
	accountID := res.ConnectedAccountID
	now := tx.Now()
	w.Status, w.ConnectedAccountID, w.AuthorizedAt, w.LoginEmail = StatusAuthorized, &accountID, &now, nil
	if err := s.progress(ctx, tx, *w); err != nil {
		return err
	}
	if w.ClientSessionID != nil {
		cs, err := tx.LiveClientSession(ctx, w.WorkspaceID, *w.ClientSessionID)
		switch {
		case err == nil:
			if err := tx.SetClientSessionScope(ctx, w.WorkspaceID, cs.ClientSessionID,
				append(cs.ConnectedAccountIDs, accountID), cs.ConnectWebviewIDs); err != nil {
				return err
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	s.log.Info("connect webview authorized", "workspace_id", w.WorkspaceID, "connect_webview_id", w.ConnectWebviewID,
		"connected_account_id", accountID, "provider", v.Chosen.Key)
	return s.events.Record(ctx, tx, w.WorkspaceID, client.Event{EventType: eventLoginSucceeded,
		ConnectWebviewID: w.ConnectWebviewID, ConnectedAccountID: accountID})
}
