package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Event is a row of the append-only event log. The store files it under
// the ids it names, for filtering, and keeps Payload, the event as the API
// shows it (a JSON document the event package encodes), as it is.
type Event struct {
	WorkspaceID        string
	EventID            string
	EventType          string
	OccurredAt         time.Time
	CreatedAt          time.Time
	AcsSystemID        string
	ConnectedAccountID string
	AcsUserID          string
	AcsCredentialID    string
	AcsAccessGroupID   string
	AcsEntranceID      string
	AcsEncoderID       string
	UserIdentityID     string
	DeviceID           string
	ConnectWebviewID   string
	AccessCodeID       string
	SpaceID            string
	AccessGrantID      string
	AccessMethodID     string
	Payload            string
}

// eventColumns are the columns of one event row, 20 of them.
const eventColumns = `workspace_id, event_id, event_type, occurred_at, created_at, acs_system_id,
	connected_account_id, acs_user_id, acs_credential_id, acs_access_group_id, acs_entrance_id, acs_encoder_id,
	user_identity_id, device_id, connect_webview_id, access_code_id, space_id, access_grant_id, access_method_id,
	payload`

// InsertEvent appends an event of the workspace to the log.
func (tx *Tx) InsertEvent(ctx context.Context, workspaceID string, e Event) error {
	return tx.InsertEvents(ctx, workspaceID, []Event{e})
}

// eventsPerInsert bounds the events one INSERT carries. SQLite looks a
// "$n" parameter up by name in a list, so parsing a statement is quadratic
// in its parameters (1,000 events, 20,000 of them: seconds of the single
// writer's time), and it refuses more than 32,766; PostgreSQL more than
// 65,535. A fixed size also keeps the texts few, so the statement cache
// holds them: one per remainder.
const eventsPerInsert = 32

// InsertEvents appends several events, eventsPerInsert to a statement.
func (tx *Tx) InsertEvents(ctx context.Context, workspaceID string, events []Event) error {
	for chunk := range slices.Chunk(events, eventsPerInsert) {
		if err := tx.insertEvents(ctx, workspaceID, chunk); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) insertEvents(ctx context.Context, workspaceID string, events []Event) error {
	var q strings.Builder
	q.WriteString(`INSERT INTO events (` + eventColumns + `) VALUES `)
	args := make([]any, 0, 20*len(events))
	for i, e := range events {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for j := range 20 {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("$" + strconv.Itoa(len(args)+j+1))
		}
		q.WriteByte(')')
		args = append(args, workspaceID, e.EventID, e.EventType, ms(e.OccurredAt), ms(e.CreatedAt),
			nullIfEmpty(e.AcsSystemID), nullIfEmpty(e.ConnectedAccountID), nullIfEmpty(e.AcsUserID),
			nullIfEmpty(e.AcsCredentialID), nullIfEmpty(e.AcsAccessGroupID), nullIfEmpty(e.AcsEntranceID),
			nullIfEmpty(e.AcsEncoderID), nullIfEmpty(e.UserIdentityID), nullIfEmpty(e.DeviceID),
			nullIfEmpty(e.ConnectWebviewID), nullIfEmpty(e.AccessCodeID), nullIfEmpty(e.SpaceID),
			nullIfEmpty(e.AccessGrantID), nullIfEmpty(e.AccessMethodID), e.Payload)
	}
	return tx.execLater(ctx, q.String(), args...)
}

func scanEvent(r rowScanner) (Event, error) {
	var e Event
	var occurred, created int64
	var sys, account, user, cred, group, entrance, encoder, ident, device, webview, code sql.NullString
	var space, grant, method sql.NullString
	err := r.Scan(&e.WorkspaceID, &e.EventID, &e.EventType, &occurred, &created, &sys, &account, &user, &cred,
		&group, &entrance, &encoder, &ident, &device, &webview, &code, &space, &grant, &method, &e.Payload)
	e.OccurredAt, e.CreatedAt = fromMS(occurred), fromMS(created)
	e.AcsSystemID, e.ConnectedAccountID, e.AcsUserID, e.AcsCredentialID = sys.String, account.String, user.String, cred.String
	e.AcsAccessGroupID, e.AcsEntranceID, e.AcsEncoderID, e.UserIdentityID = group.String, entrance.String, encoder.String, ident.String
	e.DeviceID, e.ConnectWebviewID, e.AccessCodeID = device.String, webview.String, code.String
	e.SpaceID, e.AccessGrantID, e.AccessMethodID = space.String, grant.String, method.String
	return e, err
}

// Event loads one event of the workspace.
func (tx *Tx) Event(ctx context.Context, workspaceID, eventID string) (Event, error) {
	e, err := scanEvent(tx.q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE workspace_id = $1 AND event_id = $2`, workspaceID, eventID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// EventFilter narrows ListEvents. Empty fields do not filter; nil slices do
// not filter, empty ones match nothing.
type EventFilter struct {
	Since, Until       *time.Time
	EventTypes         []string
	EventIDs           []string
	AcsSystemIDs       []string
	AcsUserID          string
	AcsCredentialID    string
	AcsAccessGroupID   string
	AcsEntranceID      string
	AcsEncoderID       string
	UserIdentityID     string
	ConnectedAccountID string
	DeviceIDs          []string
	ConnectWebviewID   string
	AccessCodeIDs      []string
	SpaceIDs           []string
	AccessGrantIDs     []string
	AccessMethodIDs    []string
	// ScopeUserIdentityIDs, when not nil, keeps only events about these
	// identities, their users and their users' credentials (a client
	// session's scope).
	ScopeUserIdentityIDs []string
	Limit                int
	Offset               int
}

// ListEvents lists events of the workspace, newest first.
func (tx *Tx) ListEvents(ctx context.Context, workspaceID string, f EventFilter) ([]Event, error) {
	var w where
	w.add("workspace_id = ?", workspaceID)
	if f.Since != nil {
		w.add("created_at >= ?", ms(*f.Since))
	}
	if f.Until != nil {
		w.add("created_at <= ?", ms(*f.Until))
	}
	if f.EventTypes != nil {
		w.in("event_type", f.EventTypes)
	}
	if f.EventIDs != nil {
		w.in("event_id", f.EventIDs)
	}
	if f.AcsSystemIDs != nil {
		w.in("acs_system_id", f.AcsSystemIDs)
	}
	if f.DeviceIDs != nil {
		w.in("device_id", f.DeviceIDs)
	}
	if f.AccessCodeIDs != nil {
		w.in("access_code_id", f.AccessCodeIDs)
	}
	if f.SpaceIDs != nil {
		w.in("space_id", f.SpaceIDs)
	}
	if f.AccessGrantIDs != nil {
		w.in("access_grant_id", f.AccessGrantIDs)
	}
	if f.AccessMethodIDs != nil {
		w.in("access_method_id", f.AccessMethodIDs)
	}
	for col, v := range map[string]string{"acs_user_id": f.AcsUserID, "acs_credential_id": f.AcsCredentialID,
		"acs_access_group_id": f.AcsAccessGroupID, "acs_entrance_id": f.AcsEntranceID, "acs_encoder_id": f.AcsEncoderID,
		"user_identity_id": f.UserIdentityID, "connected_account_id": f.ConnectedAccountID,
		"connect_webview_id": f.ConnectWebviewID} {
		if v != "" {
			w.add(col+" = ?", v)
		}
	}
	if f.ScopeUserIdentityIDs != nil {
		w.inScope(workspaceID, f.ScopeUserIdentityIDs)
	}
	q := `SELECT ` + eventColumns + ` FROM events` + w.sql() + ` ORDER BY created_at DESC, event_id DESC` + w.limit(f.Limit)
	if f.Offset > 0 {
		w.args = append(w.args, f.Offset)
		q += " OFFSET $" + strconv.Itoa(len(w.args))
	}
	return queryList(ctx, tx, scanEvent, q, w.args...)
}

// AuditRecord is one line of the audit log: who did what to which object.
type AuditRecord struct {
	AuditID         string
	Action          string
	ObjectType      string
	ObjectID        string
	ActorKind       string
	ActorID         string
	ActorShortToken string
	ActorUserID     string
	RequestID       string
	SourceIP        string
	Outcome         string
	// Reason says why an action was refused (outcome denied).
	Reason     string
	OccurredAt time.Time
}

// InsertAudit appends a record to the workspace's audit log.
func (tx *Tx) InsertAudit(ctx context.Context, workspaceID string, a AuditRecord) error {
	return tx.execLater(ctx, `INSERT INTO audit_log (audit_id, workspace_id, action, object_type, object_id,
		actor_kind, actor_id, actor_short_token, actor_user_id, request_id, source_ip, outcome, occurred_at, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		a.AuditID, workspaceID, a.Action, a.ObjectType, a.ObjectID, a.ActorKind, a.ActorID,
		nullIfEmpty(a.ActorShortToken), nullIfEmpty(a.ActorUserID), nullIfEmpty(a.RequestID),
		nullIfEmpty(a.SourceIP), a.Outcome, ms(a.OccurredAt), nullIfEmpty(a.Reason))
}

// AuditRecords lists the audit records about one object of the workspace,
// oldest first.
func (tx *Tx) AuditRecords(ctx context.Context, workspaceID, objectID string) ([]AuditRecord, error) {
	return queryList(ctx, tx, func(r rowScanner) (AuditRecord, error) {
		var a AuditRecord
		var short, user, rid, ip, reason sql.NullString
		var at int64
		err := r.Scan(&a.AuditID, &a.Action, &a.ObjectType, &a.ObjectID, &a.ActorKind, &a.ActorID,
			&short, &user, &rid, &ip, &a.Outcome, &at, &reason)
		a.ActorShortToken, a.ActorUserID, a.RequestID, a.SourceIP = short.String, user.String, rid.String, ip.String
		a.Reason = reason.String
		a.OccurredAt = fromMS(at)
		return a, err
	}, `SELECT audit_id, action, object_type, object_id, actor_kind, actor_id, actor_short_token, actor_user_id,
		request_id, source_ip, outcome, occurred_at, reason FROM audit_log WHERE workspace_id = $1 AND object_id = $2
		ORDER BY occurred_at, audit_id`, workspaceID, objectID)
}

// PendingMutation is a change handed to a connector and not yet confirmed.
type PendingMutation struct {
	PendingMutationID string
	ObjectType        string
	ObjectID          string
	MutationCode      string
	Message           string
	CreatedAt         time.Time
}

// InsertPendingMutation records a mutation waiting for the access system.
// Its object, an acs_user or an acs_credential, must be of the workspace;
// otherwise (or for another object type) nothing is written and it returns
// ErrNotFound.
func (tx *Tx) InsertPendingMutation(ctx context.Context, workspaceID string, m PendingMutation) error {
	return execOne(ctx, tx, `INSERT INTO pending_mutations (workspace_id, pending_mutation_id, object_type,
		object_id, mutation_code, message, created_at)
		SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT)
		WHERE (CAST($3 AS TEXT) = 'acs_user' AND `+inWorkspace("acs_users", "acs_user_id", "$1", "$4")+`)
		OR (CAST($3 AS TEXT) = 'acs_credential' AND `+inWorkspace("acs_credentials", "acs_credential_id", "$1", "$4")+`)`,
		workspaceID, m.PendingMutationID, m.ObjectType, m.ObjectID, m.MutationCode, m.Message, ms(m.CreatedAt))
}

// DeletePendingMutations clears the object's pending mutations of one code
// (all codes when code is empty).
func (tx *Tx) DeletePendingMutations(ctx context.Context, workspaceID, objectID, code string) error {
	if code == "" {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM pending_mutations WHERE workspace_id = $1 AND object_id = $2`,
			workspaceID, objectID)
		return err
	}
	_, err := tx.q.ExecContext(ctx, `DELETE FROM pending_mutations WHERE workspace_id = $1 AND object_id = $2
		AND mutation_code = $3`, workspaceID, objectID, code)
	return err
}

// detachedLookupIDs is the most ids a lookup by them runs without its
// context's cancellation.
const detachedLookupIDs = 500

// PendingMutations returns the pending mutations of the given objects of
// the workspace, by object id, oldest first.
func (tx *Tx) PendingMutations(ctx context.Context, workspaceID string, objectIDs []string) (map[string][]PendingMutation, error) {
	out := map[string][]PendingMutation{}
	if len(objectIDs) == 0 {
		return out, nil
	}
	// The objects have just been read. For a page of them (the API's
	// largest is 500) the lookup by their ids takes microseconds, and run
	// without its context's cancellation it starts no goroutine (see
	// detach); the unpaginated lists (an access group's users, say) keep it.
	if len(objectIDs) <= detachedLookupIDs {
		ctx = detach(ctx)
	}
	var w where
	w.add("workspace_id = ?", workspaceID)
	w.in("object_id", objectIDs)
	rows, err := queryList(ctx, tx, func(r rowScanner) (PendingMutation, error) {
		var m PendingMutation
		var at int64
		err := r.Scan(&m.PendingMutationID, &m.ObjectType, &m.ObjectID, &m.MutationCode, &m.Message, &at)
		m.CreatedAt = fromMS(at)
		return m, err
	}, `SELECT pending_mutation_id, object_type, object_id, mutation_code, message, created_at
		FROM pending_mutations`+w.sql()+` ORDER BY created_at, pending_mutation_id`, w.args...)
	if err != nil {
		return nil, err
	}
	for _, m := range rows {
		out[m.ObjectID] = append(out[m.ObjectID], m)
	}
	return out, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// inScope keeps events about the identities, their users or their users'
// credentials.
func (w *where) inScope(workspaceID string, identityIDs []string) {
	if len(identityIDs) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	ph, ids := marks(len(identityIDs)), anys(identityIDs)
	args := append([]any{}, ids...)
	args = append(append(args, workspaceID), ids...)
	args = append(append(args, workspaceID), ids...)
	w.add(`(user_identity_id IN (`+ph+`)
		OR acs_user_id IN (SELECT u.acs_user_id FROM acs_users u WHERE u.workspace_id = ? AND u.user_identity_id IN (`+ph+`))
		OR acs_credential_id IN (SELECT c.acs_credential_id FROM acs_credentials c JOIN acs_users u ON u.acs_user_id = c.acs_user_id
			WHERE u.workspace_id = ? AND u.user_identity_id IN (`+ph+`)))`, args...)
}
