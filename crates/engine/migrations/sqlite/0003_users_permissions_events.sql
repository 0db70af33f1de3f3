-- Users with argon2id password hashes. `name` is the login without the profile (`admin`),
-- `profile` the authentication profile (`internal`).
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    profile         TEXT NOT NULL DEFAULT 'internal',
    password_hash   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (name, profile)
);

-- Roles granted to users, system-wide (storage_domain_id NULL) or on one storage domain.
CREATE TABLE permissions (
    id                  TEXT PRIMARY KEY,
    user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role                TEXT NOT NULL,
    storage_domain_id   TEXT REFERENCES storage_domains(id) ON DELETE CASCADE,
    UNIQUE (user_id, role, storage_domain_id)
);

-- Bearer tokens, stored only as SHA-256 hashes.
CREATE TABLE tokens (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);

-- Failed sign-ins per key (`user:<name>` or `addr:<ip>`), for throttling.
CREATE TABLE login_failures (
    throttle_key    TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    first_at        INTEGER NOT NULL,
    blocked_until   INTEGER NOT NULL DEFAULT 0
);

-- The audit trail: one row per command, allowed or refused.
CREATE TABLE events (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    time                INTEGER NOT NULL,
    user_name           TEXT,
    action              TEXT NOT NULL,
    target              TEXT,
    storage_domain_id   TEXT,
    outcome             TEXT NOT NULL,      -- success | failure
    severity            TEXT NOT NULL,      -- normal | warning | error
    description         TEXT NOT NULL
);
CREATE INDEX events_domain ON events(storage_domain_id);
