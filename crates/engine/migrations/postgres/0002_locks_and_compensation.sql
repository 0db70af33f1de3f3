-- Command locks: one row per locked object, owned by one command of one engine process, with a
-- lease so that a crashed engine's locks expire instead of blocking forever.
CREATE TABLE locks (
    lock_key    TEXT COLLATE "C" PRIMARY KEY,
    owner       TEXT COLLATE "C" NOT NULL,
    expires_at  BIGINT NOT NULL  -- unix milliseconds
);
CREATE INDEX locks_owner ON locks(owner);

-- Compensation: what a multi-step command changed before its final commit (domain statuses it
-- set to `locked`). A survivor — this engine after a restart, or another one — restores the
-- snapshot once the lease has run out.
CREATE TABLE compensations (
    id          TEXT COLLATE "C" PRIMARY KEY,
    owner       TEXT COLLATE "C" NOT NULL,
    expires_at  BIGINT NOT NULL,
    command     TEXT COLLATE "C" NOT NULL,
    snapshot    TEXT COLLATE "C" NOT NULL      -- JSON: [{"storage_domain_id","data_center_id","status"}]
);
