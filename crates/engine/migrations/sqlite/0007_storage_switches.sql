-- Storage switches (issue 18): a whole site re-pointed to its replica as one durable job. The
-- plan and every step's progress are one JSON document, written in the same transaction as the
-- domain and connection changes of each step, so what it says is what happened. `owner` and
-- `expires_at` are the lease of the engine running it: a survivor takes over an expired one.
CREATE TABLE storage_switches (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    document    TEXT NOT NULL,
    owner       TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER,           -- unix milliseconds
    created_at  INTEGER NOT NULL
);
CREATE INDEX storage_switches_status ON storage_switches(status);
