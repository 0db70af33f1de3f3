-- Initial schema (PostgreSQL twin of ../sqlite/0001_initial.sql; the queries are shared, so the
-- columns are the same). Integers are BIGINT because SQLite's are 64-bit; flags stay 0/1 integers
-- for the same reason. Text sorts bytewise (COLLATE "C") as in SQLite, so lists come back in the
-- same order on both. Enum columns hold the API's lowercase spellings so rows read back unchanged.

CREATE TABLE data_centers (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL UNIQUE,
    description     TEXT COLLATE "C",
    is_local        BIGINT NOT NULL DEFAULT 0,
    status          TEXT COLLATE "C" NOT NULL,
    storage_format  TEXT COLLATE "C" NOT NULL,
    version_major   BIGINT NOT NULL,
    version_minor   BIGINT NOT NULL
);

CREATE TABLE hosts (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL UNIQUE,
    address         TEXT COLLATE "C" NOT NULL,
    status          TEXT COLLATE "C" NOT NULL,
    data_center_id  TEXT COLLATE "C" REFERENCES data_centers(id),
    spm             BIGINT NOT NULL DEFAULT 0
);

-- File connections keep address and path apart (the real engine joins them as `address:path` in one
-- column and splits them again on output; keeping them apart makes the split exact).
CREATE TABLE storage_connections (
    -- SQLite's implicit rowid, made explicit: connections list in the order they were added.
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id              TEXT COLLATE "C" PRIMARY KEY,
    storage_type    TEXT COLLATE "C" NOT NULL,
    address         TEXT COLLATE "C",
    path            TEXT COLLATE "C",
    port            BIGINT,
    target          TEXT COLLATE "C",
    username        TEXT COLLATE "C",
    password        TEXT COLLATE "C",
    portal          TEXT COLLATE "C",
    mount_options   TEXT COLLATE "C",
    vfs_type        TEXT COLLATE "C",
    nfs_version     TEXT COLLATE "C",
    nfs_timeo       BIGINT,
    nfs_retrans     BIGINT
);

CREATE TABLE storage_domains (
    id                              TEXT COLLATE "C" PRIMARY KEY,
    name                            TEXT COLLATE "C" NOT NULL UNIQUE,
    description                     TEXT COLLATE "C",
    comment                         TEXT COLLATE "C",
    domain_type                     TEXT COLLATE "C" NOT NULL,
    storage_type                    TEXT COLLATE "C" NOT NULL,
    -- File domains: their one connection. Block domains reach theirs through their LUNs.
    connection_id                   TEXT COLLATE "C" REFERENCES storage_connections(id),
    volume_group_id                 TEXT COLLATE "C",
    storage_format                  TEXT COLLATE "C" NOT NULL,
    available_bytes                 BIGINT,
    used_bytes                      BIGINT,
    committed_bytes                 BIGINT,
    wipe_after_delete               BIGINT NOT NULL DEFAULT 0,
    discard_after_delete            BIGINT NOT NULL DEFAULT 0,
    backup                          BIGINT NOT NULL DEFAULT 0,
    warning_low_space_indicator     BIGINT NOT NULL DEFAULT 10,
    critical_space_action_blocker   BIGINT NOT NULL DEFAULT 5,
    block_size                      BIGINT NOT NULL DEFAULT 512,
    external_status                 TEXT COLLATE "C" NOT NULL DEFAULT 'ok'
);
CREATE INDEX storage_domains_connection ON storage_domains(connection_id);

-- A domain's attachment to a data center and its status there (the engine's storage_pool_iso_map).
CREATE TABLE storage_domain_data_centers (
    storage_domain_id   TEXT COLLATE "C" NOT NULL REFERENCES storage_domains(id) ON DELETE CASCADE,
    data_center_id      TEXT COLLATE "C" NOT NULL REFERENCES data_centers(id),
    status              TEXT COLLATE "C" NOT NULL,
    is_master           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (storage_domain_id, data_center_id)
);
CREATE INDEX storage_domain_data_centers_dc ON storage_domain_data_centers(data_center_id);

CREATE TABLE luns (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    volume_group_id     TEXT COLLATE "C",
    storage_domain_id   TEXT COLLATE "C" REFERENCES storage_domains(id),
    size_bytes          BIGINT NOT NULL,
    serial              TEXT COLLATE "C",
    vendor_id           TEXT COLLATE "C",
    product_id          TEXT COLLATE "C"
);
CREATE INDEX luns_domain ON luns(storage_domain_id);

CREATE TABLE lun_connections (
    lun_id          TEXT COLLATE "C" NOT NULL REFERENCES luns(id) ON DELETE CASCADE,
    connection_id   TEXT COLLATE "C" NOT NULL REFERENCES storage_connections(id),
    PRIMARY KEY (lun_id, connection_id)
);
CREATE INDEX lun_connections_connection ON lun_connections(connection_id);

CREATE TABLE vms (
    id      TEXT COLLATE "C" PRIMARY KEY,
    name    TEXT COLLATE "C" NOT NULL UNIQUE,
    status  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE disks (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    alias               TEXT COLLATE "C" NOT NULL,
    storage_type        TEXT COLLATE "C" NOT NULL,
    lun_id              TEXT COLLATE "C" REFERENCES luns(id),
    provisioned_size    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE disk_attachments (
    vm_id       TEXT COLLATE "C" NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
    disk_id     TEXT COLLATE "C" NOT NULL REFERENCES disks(id) ON DELETE CASCADE,
    active      BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (vm_id, disk_id)
);
