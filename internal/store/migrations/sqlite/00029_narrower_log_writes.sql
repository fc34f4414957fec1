-- +goose Up
-- A write's commit copies every page it touched into the log, and a
-- b-tree is at least one page (bench/README.md, BenchmarkDeleteWALFrames).
-- audit_log_ws cost every audited write 1.3 pages, for a query no part of
-- the server makes: the audit log is appended to, and read only by an
-- operator with the object in hand. An audited write now touches one b-tree.
DROP INDEX audit_log_ws;

-- +goose Down
CREATE INDEX audit_log_ws ON audit_log (workspace_id, occurred_at);
