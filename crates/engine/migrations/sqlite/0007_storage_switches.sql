-- Storage switches (issue 18): a whole site re-pointed to its replica as one durable job. The
-- plan is a JSON document; every step's progress is a row written in the same transaction as the
-- domain and connection changes of each step, so what it says is what happened. `owner` and
-- `expires_at` are the lease of the engine running it: a survivor takes over an expired one.
CREATE TABLE storage_switches (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    owner       TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER,           -- unix milliseconds
    created_at  INTEGER NOT NULL
);
CREATE INDEX storage_switches_status ON storage_switches(status);

-- The plan (mapping, connections old and new, options): written when planned, started and
-- finished, so the small row above is all a step's lease check touches.
CREATE TABLE storage_switch_plans (
    switch_id   TEXT PRIMARY KEY REFERENCES storage_switches(id),
    document    TEXT NOT NULL
);

-- Each step's progress in its own row: a step's phase rewrites its row, not the whole plan, so a
-- switch of 2,000 domains costs per step what one of 20 does.
CREATE TABLE storage_switch_steps (
    switch_id   TEXT NOT NULL REFERENCES storage_switches(id),
    idx         INTEGER NOT NULL,
    step        TEXT NOT NULL,     -- JSON: the step, its state, timing and message
    PRIMARY KEY (switch_id, idx)
);

-- A data center's master, looked up by every activation: found by index, not by reading every
-- domain attached there.
CREATE INDEX storage_domain_data_centers_master ON storage_domain_data_centers(data_center_id, is_master);
