//! A small, realistic site for demos and tests: one data center, two hosts, NFS/POSIX/local/iSCSI
//! domains in active, maintenance and unattached states, a multipath iSCSI domain, an orphan
//! connection and a direct-LUN disk of a running VM.

use super::Store;
use storage_model::GIB;

/// Fixed ids, so tests and documentation can name demo objects.
pub mod ids {
    pub const DATA_CENTER: &str = "5849b030-626e-47cb-ad90-3ce782d831b3";
    pub const CLUSTER: &str = "7b2d1e40-9a3c-4f5e-8d6b-2c3d4e5f6a01";
    pub const HOST_UP: &str = "8f1c6a42-3b1e-4c2a-9d8e-1a2b3c4d5e01";
    pub const HOST_MAINTENANCE: &str = "8f1c6a42-3b1e-4c2a-9d8e-1a2b3c4d5e02";

    pub const CONN_NFS_DATA: &str = "c0000000-0000-4000-8000-000000000001";
    pub const CONN_NFS_ISO: &str = "c0000000-0000-4000-8000-000000000002";
    pub const CONN_POSIX: &str = "c0000000-0000-4000-8000-000000000003";
    pub const CONN_LOCAL: &str = "c0000000-0000-4000-8000-000000000004";
    pub const CONN_NFS_EXPORT: &str = "c0000000-0000-4000-8000-000000000005";
    pub const CONN_ISCSI_A: &str = "c0000000-0000-4000-8000-000000000006";
    pub const CONN_ISCSI_B: &str = "c0000000-0000-4000-8000-000000000007";
    pub const CONN_ISCSI_ARCHIVE: &str = "c0000000-0000-4000-8000-000000000008";
    pub const CONN_ISCSI_LUN_DISK: &str = "c0000000-0000-4000-8000-000000000009";
    pub const CONN_ORPHAN: &str = "c0000000-0000-4000-8000-00000000000a";

    pub const SD_NFS_DATA: &str = "d0000000-0000-4000-8000-000000000001";
    pub const SD_NFS_ISO: &str = "d0000000-0000-4000-8000-000000000002";
    pub const SD_POSIX: &str = "d0000000-0000-4000-8000-000000000003";
    pub const SD_LOCAL: &str = "d0000000-0000-4000-8000-000000000004";
    pub const SD_NFS_EXPORT: &str = "d0000000-0000-4000-8000-000000000005";
    pub const SD_ISCSI: &str = "d0000000-0000-4000-8000-000000000006";
    pub const SD_ISCSI_ARCHIVE: &str = "d0000000-0000-4000-8000-000000000007";

    pub const VM_DB: &str = "e0000000-0000-4000-8000-000000000001";
    pub const DISK_LUN: &str = "f0000000-0000-4000-8000-000000000001";
}

use ids::*;

struct Conn {
    id: &'static str,
    storage_type: &'static str,
    address: Option<&'static str>,
    path: Option<&'static str>,
    port: Option<i64>,
    target: Option<&'static str>,
    vfs_type: Option<&'static str>,
    mount_options: Option<&'static str>,
    nfs: Option<(&'static str, i64, i64)>,
}

const fn file(
    id: &'static str,
    t: &'static str,
    address: Option<&'static str>,
    path: &'static str,
) -> Conn {
    Conn {
        id,
        storage_type: t,
        address,
        path: Some(path),
        port: None,
        target: None,
        vfs_type: None,
        mount_options: None,
        nfs: None,
    }
}

const fn iscsi(id: &'static str, address: &'static str, target: &'static str) -> Conn {
    Conn {
        id,
        storage_type: "iscsi",
        address: Some(address),
        path: None,
        port: Some(3260),
        target: Some(target),
        vfs_type: None,
        mount_options: None,
        nfs: None,
    }
}

struct Domain {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    domain_type: &'static str,
    storage_type: &'static str,
    connection: Option<&'static str>,
    volume_group: Option<&'static str>,
    total_gib: i64,
    used_gib: i64,
    /// Status in the data center, or None when unattached.
    status: Option<&'static str>,
    master: bool,
}

pub async fn seed(store: &Store) -> anyhow::Result<()> {
    let mut tx = crate::store::begin_write(&store.pool).await?;
    seed_into(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes the demo site inside the caller's transaction.
pub async fn seed_into(tx: &mut crate::store::WriteTx) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO data_centers (id, name, description, is_local, status, storage_format, \
         version_major, version_minor) VALUES ($1, 'Default', 'The default Data Center', 0, 'up', 'v5', 4, 7)",
    )
    .bind(DATA_CENTER)
    .execute(&mut **tx)
    .await?;

    sqlx::query(
        "INSERT INTO clusters (id, name, description, data_center_id) \
         VALUES ($1, 'Default', 'The default cluster', $2)",
    )
    .bind(CLUSTER)
    .bind(DATA_CENTER)
    .execute(&mut **tx)
    .await?;

    for (id, name, address, status, spm) in [
        (HOST_UP, "host1.example.com", "192.0.2.11", "up", true),
        (
            HOST_MAINTENANCE,
            "host2.example.com",
            "192.0.2.12",
            "maintenance",
            false,
        ),
    ] {
        sqlx::query(
            "INSERT INTO hosts (id, name, address, status, data_center_id, spm, cluster_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(name)
        .bind(address)
        .bind(status)
        .bind(DATA_CENTER)
        .bind(i64::from(spm))
        .bind(CLUSTER)
        .execute(&mut **tx)
        .await?;
    }

    let connections = [
        Conn {
            nfs: Some(("v4_1", 600, 6)),
            ..file(
                CONN_NFS_DATA,
                "nfs",
                Some("nfs1.example.com"),
                "/exports/data",
            )
        },
        file(
            CONN_NFS_ISO,
            "nfs",
            Some("nfs1.example.com"),
            "/exports/iso",
        ),
        Conn {
            vfs_type: Some("ceph"),
            mount_options: Some("name=admin,secretfile=/etc/ceph/admin.secret"),
            ..file(
                CONN_POSIX,
                "posixfs",
                Some("ceph-mon1.example.com"),
                "/volumes/vmstore",
            )
        },
        file(CONN_LOCAL, "localfs", None, "/var/lib/ovirt/scratch"),
        Conn {
            nfs: Some(("v3", 100, 3)),
            ..file(
                CONN_NFS_EXPORT,
                "nfs",
                Some("nfs2.example.com"),
                "/exports/backup",
            )
        },
        iscsi(
            CONN_ISCSI_A,
            "192.0.2.21",
            "iqn.2026-01.com.example:storage.data",
        ),
        iscsi(
            CONN_ISCSI_B,
            "192.0.2.22",
            "iqn.2026-01.com.example:storage.data",
        ),
        iscsi(
            CONN_ISCSI_ARCHIVE,
            "192.0.2.23",
            "iqn.2026-01.com.example:storage.archive",
        ),
        iscsi(
            CONN_ISCSI_LUN_DISK,
            "192.0.2.21",
            "iqn.2026-01.com.example:storage.db",
        ),
        file(
            CONN_ORPHAN,
            "nfs",
            Some("nfs3.example.com"),
            "/exports/spare",
        ),
    ];
    for c in &connections {
        sqlx::query(
            "INSERT INTO storage_connections (id, storage_type, address, path, port, target, \
             vfs_type, mount_options, nfs_version, nfs_timeo, nfs_retrans) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(c.id)
        .bind(c.storage_type)
        .bind(c.address)
        .bind(c.path)
        .bind(c.port)
        .bind(c.target)
        .bind(c.vfs_type)
        .bind(c.mount_options)
        .bind(c.nfs.map(|n| n.0))
        .bind(c.nfs.map(|n| n.1))
        .bind(c.nfs.map(|n| n.2))
        .execute(&mut **tx)
        .await?;
    }

    let domains = [
        Domain {
            id: SD_NFS_DATA,
            name: "data-nfs",
            description: "Primary VM disks",
            domain_type: "data",
            storage_type: "nfs",
            connection: Some(CONN_NFS_DATA),
            volume_group: None,
            total_gib: 2048,
            used_gib: 1210,
            status: Some("active"),
            master: true,
        },
        Domain {
            id: SD_NFS_ISO,
            name: "iso-nfs",
            description: "Installation media",
            domain_type: "iso",
            storage_type: "nfs",
            connection: Some(CONN_NFS_ISO),
            volume_group: None,
            total_gib: 200,
            used_gib: 61,
            status: Some("active"),
            master: false,
        },
        Domain {
            id: SD_POSIX,
            name: "data-ceph",
            description: "CephFS through POSIX",
            domain_type: "data",
            storage_type: "posixfs",
            connection: Some(CONN_POSIX),
            volume_group: None,
            total_gib: 4096,
            used_gib: 900,
            status: Some("maintenance"),
            master: false,
        },
        Domain {
            id: SD_LOCAL,
            name: "scratch-local",
            description: "Local scratch space",
            domain_type: "data",
            storage_type: "localfs",
            connection: Some(CONN_LOCAL),
            volume_group: None,
            total_gib: 500,
            used_gib: 20,
            status: None,
            master: false,
        },
        Domain {
            id: SD_NFS_EXPORT,
            name: "backup-export",
            description: "Old export domain",
            domain_type: "export",
            storage_type: "nfs",
            connection: Some(CONN_NFS_EXPORT),
            volume_group: None,
            total_gib: 1024,
            used_gib: 700,
            status: None,
            master: false,
        },
        Domain {
            id: SD_ISCSI,
            name: "data-iscsi",
            description: "SAN, two paths",
            domain_type: "data",
            storage_type: "iscsi",
            connection: None,
            volume_group: Some("Vg1a2b3c-data"),
            total_gib: 1023,
            used_gib: 412,
            status: Some("active"),
            master: false,
        },
        Domain {
            id: SD_ISCSI_ARCHIVE,
            name: "archive-iscsi",
            description: "Archive array",
            domain_type: "data",
            storage_type: "iscsi",
            connection: None,
            volume_group: Some("Vg4d5e6f-archive"),
            total_gib: 8191,
            used_gib: 5120,
            status: Some("maintenance"),
            master: false,
        },
    ];
    for d in &domains {
        sqlx::query(
            "INSERT INTO storage_domains (id, name, description, domain_type, storage_type, \
             connection_id, volume_group_id, storage_format, available_bytes, used_bytes, \
             committed_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, 'v5', $8, $9, $10)",
        )
        .bind(d.id)
        .bind(d.name)
        .bind(d.description)
        .bind(d.domain_type)
        .bind(d.storage_type)
        .bind(d.connection)
        .bind(d.volume_group)
        .bind((d.total_gib - d.used_gib) * GIB)
        .bind(d.used_gib * GIB)
        .bind(d.used_gib * GIB)
        .execute(&mut **tx)
        .await?;
        if let Some(status) = d.status {
            sqlx::query(
                "INSERT INTO storage_domain_data_centers (storage_domain_id, data_center_id, \
                 status, is_master) VALUES ($1, $2, $3, $4)",
            )
            .bind(d.id)
            .bind(DATA_CENTER)
            .bind(status)
            .bind(i64::from(d.master))
            .execute(&mut **tx)
            .await?;
        }
    }

    // LUNs: two on the multipath domain (each reached through both portals), one on the archive
    // domain, and one that backs a direct-LUN disk.
    /// id, domain, volume group, size in GiB, connections
    type Lun<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        i64,
        &'a [&'a str],
    );
    let luns: [Lun; 4] = [
        (
            "36001405a1b2c3d4e5f600000000000a1",
            Some(SD_ISCSI),
            Some("Vg1a2b3c-data"),
            512,
            &[CONN_ISCSI_A, CONN_ISCSI_B],
        ),
        (
            "36001405a1b2c3d4e5f600000000000a2",
            Some(SD_ISCSI),
            Some("Vg1a2b3c-data"),
            512,
            &[CONN_ISCSI_A, CONN_ISCSI_B],
        ),
        (
            "36001405a1b2c3d4e5f600000000000b1",
            Some(SD_ISCSI_ARCHIVE),
            Some("Vg4d5e6f-archive"),
            8192,
            &[CONN_ISCSI_ARCHIVE],
        ),
        (
            "36001405a1b2c3d4e5f600000000000c1",
            None,
            None,
            100,
            &[CONN_ISCSI_LUN_DISK],
        ),
    ];
    for (id, domain, vg, size_gib, conns) in luns {
        sqlx::query(
            "INSERT INTO luns (id, volume_group_id, storage_domain_id, size_bytes, serial, \
             vendor_id, product_id) VALUES ($1, $2, $3, $4, $5, 'LIO-ORG', 'demo-lun')",
        )
        .bind(id)
        .bind(vg)
        .bind(domain)
        .bind(size_gib * GIB)
        .bind(format!("SLIO-ORG_demo-lun_{}", &id[id.len() - 6..]))
        .execute(&mut **tx)
        .await?;
        for c in conns {
            sqlx::query("INSERT INTO lun_connections (lun_id, connection_id) VALUES ($1, $2)")
                .bind(id)
                .bind(c)
                .execute(&mut **tx)
                .await?;
        }
    }

    sqlx::query("INSERT INTO vms (id, name, status, cluster_id) VALUES ($1, 'db01', 'up', $2)")
        .bind(VM_DB)
        .bind(CLUSTER)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO disks (id, alias, storage_type, lun_id, provisioned_size) \
         VALUES ($1, 'db01_lun', 'lun', '36001405a1b2c3d4e5f600000000000c1', $2)",
    )
    .bind(DISK_LUN)
    .bind(100 * GIB)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO disk_attachments (vm_id, disk_id, active) VALUES ($1, $2, 1)")
        .bind(VM_DB)
        .bind(DISK_LUN)
        .execute(&mut **tx)
        .await?;

    Ok(())
}
