-- +goose Up
-- Unmanaged access grants and methods: access that is on the hardware but
-- that lintel did not give, i.e. the unmanaged access codes found on locks.
-- Each such code is one unmanaged access method (mode code); the codes with
-- the same PIN and the same time frame, on however many locks, are one
-- unmanaged grant. group_key is that PIN and time frame
-- ("<pin>/<starts_at ms or ->/<ends_at ms or ->"). The rows are written in
-- the transaction that finds, removes or converts the code, so their ids
-- stay the same from call to call. They are apart from access_grants and
-- access_methods, whose reads therefore never show them: an unmanaged grant
-- has no user identity, which a managed one always has. Converting a grant
-- to managed moves its rows there, keeping the ids.
CREATE TABLE unmanaged_access_grants (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_grant_id TEXT PRIMARY KEY,
    group_key TEXT NOT NULL,
    name TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX unmanaged_access_grants_ws ON unmanaged_access_grants (workspace_id, created_at, access_grant_id);
CREATE UNIQUE INDEX unmanaged_access_grants_group ON unmanaged_access_grants (workspace_id, group_key);

CREATE TABLE unmanaged_access_methods (
    workspace_id TEXT NOT NULL REFERENCES workspaces (workspace_id) ON DELETE CASCADE,
    access_method_id TEXT PRIMARY KEY,
    access_grant_id TEXT NOT NULL REFERENCES unmanaged_access_grants (access_grant_id) ON DELETE CASCADE,
    access_code_id TEXT NOT NULL REFERENCES access_codes (access_code_id) ON DELETE CASCADE,
    device_id TEXT NOT NULL,
    code TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX unmanaged_access_methods_grant ON unmanaged_access_methods (access_grant_id, created_at, access_method_id);
CREATE UNIQUE INDEX unmanaged_access_methods_code ON unmanaged_access_methods (access_code_id);

-- The unmanaged codes a database already holds become grants and methods
-- now (random v4 ids).
INSERT INTO unmanaged_access_grants (workspace_id, access_grant_id, group_key, name, starts_at, ends_at, created_at)
SELECT workspace_id,
    gen_random_uuid()::text,
    group_key, MIN(name), COALESCE(MIN(starts_at), MIN(created_at)), MIN(ends_at), MIN(created_at)
FROM (SELECT workspace_id, name, starts_at, ends_at, created_at,
        COALESCE(code, '') || '/' || COALESCE(CAST(starts_at AS TEXT), '-') || '/' || COALESCE(CAST(ends_at AS TEXT), '-') AS group_key
    FROM access_codes WHERE is_managed = FALSE AND is_backup = FALSE) AS found
GROUP BY workspace_id, group_key;
INSERT INTO unmanaged_access_methods (workspace_id, access_method_id, access_grant_id, access_code_id, device_id, code,
    issued_at, created_at)
SELECT c.workspace_id,
    gen_random_uuid()::text,
    g.access_grant_id, c.access_code_id, c.device_id, COALESCE(c.code, ''), c.created_at, c.created_at
FROM access_codes c JOIN unmanaged_access_grants g ON g.workspace_id = c.workspace_id
    AND g.group_key = COALESCE(c.code, '') || '/' || COALESCE(CAST(c.starts_at AS TEXT), '-') || '/' || COALESCE(CAST(c.ends_at AS TEXT), '-')
WHERE c.is_managed = FALSE AND c.is_backup = FALSE;

-- +goose Down
DROP TABLE unmanaged_access_methods;
DROP TABLE unmanaged_access_grants;
