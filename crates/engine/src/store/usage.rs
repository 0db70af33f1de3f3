//! Who uses a connection: file domains, LUNs of block domains, direct-LUN disks and their VMs.
//! The update, remove and attach rules are decided from these.

use super::connections::ConnectionRow;
use super::domains::AttachmentRow;
use sqlx::{Any, FromRow};
use storage_model::{StorageConnection, StorageDomainStatus, StorageType};

#[derive(Debug, Clone, FromRow)]
pub struct NamedId {
    pub id: String,
    pub name: String,
}

/// File domains whose connection is `connection_id`.
pub async fn file_domains_using<'e, E>(db: E, connection_id: &str) -> anyhow::Result<Vec<NamedId>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT id, name FROM storage_domains WHERE connection_id = $1 ORDER BY name",
    )
    .bind(connection_id)
    .fetch_all(db)
    .await?)
}

/// A LUN reached through a connection, and what it belongs to.
#[derive(Debug, Clone, FromRow)]
pub struct LunUse {
    pub lun_id: String,
    pub volume_group_id: Option<String>,
    pub storage_domain_id: Option<String>,
    pub domain_name: Option<String>,
    pub disk_id: Option<String>,
    pub disk_alias: Option<String>,
}

pub async fn luns_on<'e, E>(db: E, connection_id: &str) -> anyhow::Result<Vec<LunUse>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT l.id AS lun_id, l.volume_group_id, l.storage_domain_id, d.name AS domain_name, \
                k.id AS disk_id, k.alias AS disk_alias \
         FROM lun_connections lc JOIN luns l ON l.id = lc.lun_id \
         LEFT JOIN storage_domains d ON d.id = l.storage_domain_id \
         LEFT JOIN disks k ON k.lun_id = l.id \
         WHERE lc.connection_id = $1 ORDER BY l.id",
    )
    .bind(connection_id)
    .fetch_all(db)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct VmUse {
    pub id: String,
    pub name: String,
    pub status: String,
    #[sqlx(try_from = "crate::store::Flag")]
    pub active: bool,
}

/// VMs with `disk_id` attached (plugged or not).
pub async fn vms_using_disk<'e, E>(db: E, disk_id: &str) -> anyhow::Result<Vec<VmUse>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT v.id, v.name, v.status, a.active FROM disk_attachments a \
         JOIN vms v ON v.id = a.vm_id WHERE a.disk_id = $1 ORDER BY v.name",
    )
    .bind(disk_id)
    .fetch_all(db)
    .await?)
}

/// A domain's data-center attachments.
pub async fn attachments_of<'e, E>(db: E, domain_id: &str) -> anyhow::Result<Vec<AttachmentRow>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT storage_domain_id, data_center_id, status, is_master \
         FROM storage_domain_data_centers WHERE storage_domain_id = $1",
    )
    .bind(domain_id)
    .fetch_all(db)
    .await?)
}

/// A domain's status in each data center it is attached to (empty: unattached).
pub async fn statuses_of<'e, E>(db: E, domain_id: &str) -> anyhow::Result<Vec<StorageDomainStatus>>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    statuses(&attachments_of(db, domain_id).await?)
}

/// The statuses of a domain's attachments, as the model's enum.
pub fn statuses(attachments: &[AttachmentRow]) -> anyhow::Result<Vec<StorageDomainStatus>> {
    attachments
        .iter()
        .map(|a| super::parse_column("storage_domain_data_centers", "status", &a.status))
        .collect()
}

/// An existing connection with the same details, by the engine's duplicate rules:
/// file types match the exact address and path; iSCSI matches address, port and target (not the
/// user name); a local path is a duplicate only among the connectable connections of the same
/// data center (domains there that are active, inactive or unknown). `exclude` is the
/// connection being updated. Returns the id and the name of a domain using it (or "").
pub async fn find_duplicate(
    db: &mut sqlx::AnyConnection,
    c: &StorageConnection,
    exclude: Option<&str>,
    data_center: Option<&str>,
) -> anyhow::Result<Option<(String, String)>> {
    let Some(t) = c.storage_type else {
        return Ok(None);
    };
    let exclude = exclude.unwrap_or("");
    let found: Option<String> = match t {
        StorageType::Localfs => {
            let Some(dc) = data_center else {
                return Ok(None);
            };
            sqlx::query_scalar(
                "SELECT c.id FROM storage_connections c \
                 JOIN storage_domains d ON d.connection_id = c.id \
                 JOIN storage_domain_data_centers a ON a.storage_domain_id = d.id \
                 WHERE c.storage_type = $4 AND c.path = $1 AND a.data_center_id = $2 \
                   AND a.status IN ($5, $6, $7) AND c.id <> $3 LIMIT 1",
            )
            .bind(&c.path)
            .bind(dc)
            .bind(exclude)
            .bind(StorageType::Localfs.as_str())
            // The connectable statuses (the engine's duplicate check for local paths).
            .bind(StorageDomainStatus::Active.as_str())
            .bind(StorageDomainStatus::Inactive.as_str())
            .bind(StorageDomainStatus::Unknown.as_str())
            .fetch_optional(&mut *db)
            .await?
        }
        StorageType::Iscsi | StorageType::Fcp => {
            sqlx::query_scalar(
                "SELECT id FROM storage_connections WHERE storage_type IN ($5, $6) \
                 AND address = $1 AND port IS NOT DISTINCT FROM $2 AND target IS NOT DISTINCT FROM $3 AND id <> $4 ORDER BY rowid LIMIT 1",
            )
            .bind(&c.address)
            .bind(c.port)
            .bind(&c.target)
            .bind(exclude)
            .bind(StorageType::Iscsi.as_str())
            .bind(StorageType::Fcp.as_str())
            .fetch_optional(&mut *db)
            .await?
        }
        _ => {
            sqlx::query_scalar(
                "SELECT id FROM storage_connections \
                 WHERE storage_type NOT IN ($4, $5, $6) \
                 AND address IS NOT DISTINCT FROM $1 AND path = $2 AND id <> $3 ORDER BY rowid LIMIT 1",
            )
            .bind(&c.address)
            .bind(&c.path)
            .bind(exclude)
            .bind(StorageType::Iscsi.as_str())
            .bind(StorageType::Fcp.as_str())
            .bind(StorageType::Localfs.as_str())
            .fetch_optional(&mut *db)
            .await?
        }
    };
    let Some(id) = found else {
        return Ok(None);
    };
    let name: Option<String> = sqlx::query_scalar(
        "SELECT name FROM storage_domains WHERE connection_id = $1 \
         UNION ALL SELECT d.name FROM lun_connections lc JOIN luns l ON l.id = lc.lun_id \
         JOIN storage_domains d ON d.id = l.storage_domain_id WHERE lc.connection_id = $1 LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(Some((id, name.unwrap_or_default())))
}

/// A domain using a connection, with its data-center attachments.
#[derive(Debug, Clone)]
pub struct DomainUse {
    pub id: String,
    pub name: String,
    pub attachments: Vec<AttachmentRow>,
}

/// A LUN reached through a connection, with its domain's attachments and its disk's VMs.
#[derive(Debug, Clone)]
pub struct LunInUse {
    pub lun: LunUse,
    pub domain_attachments: Vec<AttachmentRow>,
    pub vms: Vec<VmUse>,
}

/// A connection and everything that uses it: what an edit or a removal is decided on.
#[derive(Debug, Clone)]
pub struct ConnectionInUse {
    pub row: ConnectionRow,
    pub file_domains: Vec<DomainUse>,
    pub luns: Vec<LunInUse>,
}

impl ConnectionInUse {
    /// The domain a command on the connection concerns (for its audit event): the first of
    /// its file domains, else the first domain of its LUNs.
    pub fn first_domain(&self) -> Option<&str> {
        self.file_domains
            .first()
            .map(|d| d.id.as_str())
            .or_else(|| {
                self.luns
                    .iter()
                    .find_map(|l| l.lun.storage_domain_id.as_deref())
            })
    }
}

/// Loads a connection and its users once, inside the command's transaction (`None`: no such
/// connection). An unused connection costs three statements.
pub async fn connection_in_use(
    db: &mut sqlx::AnyConnection,
    id: &str,
) -> anyhow::Result<Option<ConnectionInUse>> {
    let Some(row) = super::connections::get(&mut *db, id).await? else {
        return Ok(None);
    };
    let mut file_domains = Vec::new();
    for d in file_domains_using(&mut *db, id).await? {
        file_domains.push(DomainUse {
            attachments: attachments_of(&mut *db, &d.id).await?,
            id: d.id,
            name: d.name,
        });
    }
    let mut luns = Vec::new();
    for lun in luns_on(&mut *db, id).await? {
        let domain_attachments = match &lun.storage_domain_id {
            Some(d) => attachments_of(&mut *db, d).await?,
            None => Vec::new(),
        };
        let vms = match &lun.disk_id {
            Some(disk) => vms_using_disk(&mut *db, disk).await?,
            None => Vec::new(),
        };
        luns.push(LunInUse {
            lun,
            domain_attachments,
            vms,
        });
    }
    Ok(Some(ConnectionInUse {
        row,
        file_domains,
        luns,
    }))
}
