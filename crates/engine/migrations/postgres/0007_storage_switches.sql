-- Storage switches (see migrations/sqlite/0007_storage_switches.sql). Their lease renewals
-- change nothing cached, so the table notifies nobody.
CREATE TABLE storage_switches (
    id          TEXT COLLATE "C" PRIMARY KEY,
    status      TEXT COLLATE "C" NOT NULL,
    document    TEXT NOT NULL,
    owner       TEXT COLLATE "C",
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    expires_at  BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX storage_switches_status ON storage_switches(status);
