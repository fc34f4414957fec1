-- +goose Up
-- SQLite's 00007 makes link and sandbox tables WITHOUT ROWID. PostgreSQL
-- has no such distinction (every table is a heap with its key's index), so
-- this version changes nothing here; it keeps the two dialects' versions
-- in step.
SELECT 1;

-- +goose Down
SELECT 1;
