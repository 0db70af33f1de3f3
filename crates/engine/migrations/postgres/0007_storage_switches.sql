-- Storage switches (see migrations/sqlite/0007_storage_switches.sql). Their lease renewals
-- change nothing cached, so the table notifies nobody.
CREATE TABLE storage_switches (
    id          TEXT COLLATE "C" PRIMARY KEY,
    status      TEXT COLLATE "C" NOT NULL,
    owner       TEXT COLLATE "C",
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    expires_at  BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX storage_switches_status ON storage_switches(status);

-- The plan (mapping, connections old and new, options): written when planned, started and
-- finished, so the small row above is all a step's lease check touches.
CREATE TABLE storage_switch_plans (
    switch_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES storage_switches(id),
    document    TEXT NOT NULL
);

-- Each step's progress in its own row: a step's phase rewrites its row, not the whole plan, so a
-- switch of 2,000 domains costs per step what one of 20 does.
CREATE TABLE storage_switch_steps (
    switch_id   TEXT COLLATE "C" NOT NULL REFERENCES storage_switches(id),
    idx         BIGINT NOT NULL,
    step        TEXT NOT NULL,     -- JSON: the step, its state, timing and message
    PRIMARY KEY (switch_id, idx)
);

-- A data center's master, looked up by every activation: found by index, not by reading every
-- domain attached there.
CREATE INDEX storage_domain_data_centers_master ON storage_domain_data_centers(data_center_id, is_master);
