-- Initial schema. Enum columns hold the API's lowercase spellings so rows read back unchanged.

CREATE TABLE data_centers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    description     TEXT,
    is_local        INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL,
    storage_format  TEXT NOT NULL,
    version_major   INTEGER NOT NULL,
    version_minor   INTEGER NOT NULL
);

CREATE TABLE hosts (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    address         TEXT NOT NULL,
    status          TEXT NOT NULL,
    data_center_id  TEXT REFERENCES data_centers(id),
    spm             INTEGER NOT NULL DEFAULT 0
);

-- File connections keep address and path apart (the real engine joins them as `address:path` in one
-- column and splits them again on output; keeping them apart makes the split exact).
CREATE TABLE storage_connections (
    id              TEXT PRIMARY KEY,
    storage_type    TEXT NOT NULL,
    address         TEXT,
    path            TEXT,
    port            INTEGER,
    target          TEXT,
    username        TEXT,
    password        TEXT,
    portal          TEXT,
    mount_options   TEXT,
    vfs_type        TEXT,
    nfs_version     TEXT,
    nfs_timeo       INTEGER,
    nfs_retrans     INTEGER
);

CREATE TABLE storage_domains (
    id                              TEXT PRIMARY KEY,
    name                            TEXT NOT NULL UNIQUE,
    description                     TEXT,
    comment                         TEXT,
    domain_type                     TEXT NOT NULL,
    storage_type                    TEXT NOT NULL,
    -- File domains: their one connection. Block domains reach theirs through their LUNs.
    connection_id                   TEXT REFERENCES storage_connections(id),
    volume_group_id                 TEXT,
    storage_format                  TEXT NOT NULL,
    available_bytes                 INTEGER,
    used_bytes                      INTEGER,
    committed_bytes                 INTEGER,
    wipe_after_delete               INTEGER NOT NULL DEFAULT 0,
    discard_after_delete            INTEGER NOT NULL DEFAULT 0,
    backup                          INTEGER NOT NULL DEFAULT 0,
    warning_low_space_indicator     INTEGER NOT NULL DEFAULT 10,
    critical_space_action_blocker   INTEGER NOT NULL DEFAULT 5,
    block_size                      INTEGER NOT NULL DEFAULT 512,
    external_status                 TEXT NOT NULL DEFAULT 'ok'
);
CREATE INDEX storage_domains_connection ON storage_domains(connection_id);

-- A domain's attachment to a data center and its status there (the engine's storage_pool_iso_map).
CREATE TABLE storage_domain_data_centers (
    storage_domain_id   TEXT NOT NULL REFERENCES storage_domains(id) ON DELETE CASCADE,
    data_center_id      TEXT NOT NULL REFERENCES data_centers(id),
    status              TEXT NOT NULL,
    is_master           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (storage_domain_id, data_center_id)
);
CREATE INDEX storage_domain_data_centers_dc ON storage_domain_data_centers(data_center_id);

CREATE TABLE luns (
    id                  TEXT PRIMARY KEY,
    volume_group_id     TEXT,
    storage_domain_id   TEXT REFERENCES storage_domains(id),
    size_bytes          INTEGER NOT NULL,
    serial              TEXT,
    vendor_id           TEXT,
    product_id          TEXT
);
CREATE INDEX luns_domain ON luns(storage_domain_id);

CREATE TABLE lun_connections (
    lun_id          TEXT NOT NULL REFERENCES luns(id) ON DELETE CASCADE,
    connection_id   TEXT NOT NULL REFERENCES storage_connections(id),
    PRIMARY KEY (lun_id, connection_id)
);
CREATE INDEX lun_connections_connection ON lun_connections(connection_id);

CREATE TABLE vms (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    status  TEXT NOT NULL
);

CREATE TABLE disks (
    id                  TEXT PRIMARY KEY,
    alias               TEXT NOT NULL,
    storage_type        TEXT NOT NULL,
    lun_id              TEXT REFERENCES luns(id),
    provisioned_size    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE disk_attachments (
    vm_id       TEXT NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
    disk_id     TEXT NOT NULL REFERENCES disks(id) ON DELETE CASCADE,
    active      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (vm_id, disk_id)
);
