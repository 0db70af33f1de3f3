-- Users with argon2id password hashes. `name` is the login without the profile (`admin`),
-- `profile` the authentication profile (`internal`).
CREATE TABLE users (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL,
    profile         TEXT COLLATE "C" NOT NULL DEFAULT 'internal',
    password_hash   TEXT COLLATE "C" NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (name, profile)
);

-- Roles granted to users, system-wide (storage_domain_id NULL) or on one storage domain.
CREATE TABLE permissions (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    user_id             TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role                TEXT COLLATE "C" NOT NULL,
    storage_domain_id   TEXT COLLATE "C" REFERENCES storage_domains(id) ON DELETE CASCADE,
    UNIQUE (user_id, role, storage_domain_id)
);

-- Bearer tokens, stored only as SHA-256 hashes.
CREATE TABLE tokens (
    token_hash  TEXT COLLATE "C" PRIMARY KEY,
    user_id     TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX tokens_expiry ON tokens(expires_at);

-- Failed sign-ins per key (`user:<name>` or `addr:<ip>`), for throttling.
CREATE TABLE login_failures (
    throttle_key    TEXT COLLATE "C" PRIMARY KEY,
    failures        BIGINT NOT NULL,
    first_at        BIGINT NOT NULL,
    blocked_until   BIGINT NOT NULL DEFAULT 0
);

-- The audit trail: one row per command, allowed or refused.
CREATE TABLE events (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time                BIGINT NOT NULL,
    user_name           TEXT COLLATE "C",
    action              TEXT COLLATE "C" NOT NULL,
    target              TEXT COLLATE "C",
    storage_domain_id   TEXT COLLATE "C",
    outcome             TEXT COLLATE "C" NOT NULL,      -- success | failure
    severity            TEXT COLLATE "C" NOT NULL,      -- normal | warning | error
    description         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX events_domain ON events(storage_domain_id);
