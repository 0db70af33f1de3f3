-- Command locks: one row per locked object, owned by one command of one engine process, with a
-- lease so that a crashed engine's locks expire instead of blocking forever.
CREATE TABLE locks (
    lock_key    TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    expires_at  INTEGER NOT NULL  -- unix milliseconds
);
CREATE INDEX locks_owner ON locks(owner);

-- Compensation: what a multi-step command changed before its final commit (domain statuses it
-- set to `locked`). A survivor — this engine after a restart, or another one — restores the
-- snapshot once the lease has run out.
CREATE TABLE compensations (
    id          TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    command     TEXT NOT NULL,
    snapshot    TEXT NOT NULL      -- JSON: [{"storage_domain_id","data_center_id","status"}]
);
