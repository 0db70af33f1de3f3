//! Storage connection rows.

use super::parse_column;
use sqlx::{AnyPool, FromRow};
use storage_model::{NfsVersion, StorageType};

#[derive(Debug, Clone, FromRow)]
pub struct ConnectionRow {
    pub id: String,
    pub storage_type: String,
    pub address: Option<String>,
    pub path: Option<String>,
    pub port: Option<i64>,
    pub target: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub portal: Option<String>,
    pub mount_options: Option<String>,
    pub vfs_type: Option<String>,
    pub nfs_version: Option<String>,
    pub nfs_timeo: Option<i64>,
    pub nfs_retrans: Option<i64>,
}

impl ConnectionRow {
    pub fn storage_type(&self) -> anyhow::Result<StorageType> {
        parse_column("storage_connections", "storage_type", &self.storage_type)
    }

    pub fn nfs_version(&self) -> anyhow::Result<Option<NfsVersion>> {
        self.nfs_version
            .as_deref()
            .map(|v| parse_column("storage_connections", "nfs_version", v))
            .transpose()
    }
}

const COLUMNS: &str = "c.id, c.storage_type, c.address, c.path, c.port, c.target, c.username, \
     c.password, c.portal, c.mount_options, c.vfs_type, c.nfs_version, c.nfs_timeo, c.nfs_retrans";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<ConnectionRow>> {
    let sql = format!("SELECT {COLUMNS} FROM storage_connections c ORDER BY c.rowid");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub async fn get<'e, E>(db: E, id: &str) -> anyhow::Result<Option<ConnectionRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM storage_connections c WHERE c.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(db).await?)
}

/// A connection and a domain using it.
#[derive(Debug, Clone, FromRow)]
pub struct DomainConnectionRow {
    pub domain_id: String,
    #[sqlx(flatten)]
    pub connection: ConnectionRow,
}

/// Every (domain, connection) pair in one query, the same pairs [`for_domain`] gives per domain
/// and in the same order, for `follow=storage_connections` on the domain list.
pub async fn for_all_domains(pool: &AnyPool) -> anyhow::Result<Vec<DomainConnectionRow>> {
    let sql = format!(
        "SELECT domain_id, {COLUMNS} FROM ( \
            SELECT d.id AS domain_id, c.rowid AS r, c.* FROM storage_domains d \
            JOIN storage_connections c ON c.id = d.connection_id \
          UNION \
            SELECT l.storage_domain_id AS domain_id, c.rowid AS r, c.* FROM luns l \
            JOIN lun_connections lc ON lc.lun_id = l.id \
            JOIN storage_connections c ON c.id = lc.connection_id \
            WHERE l.storage_domain_id IS NOT NULL \
         ) c ORDER BY domain_id, r"
    );
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

/// The connections a domain uses: its own for file domains, those of its LUNs for block domains.
pub async fn for_domain(pool: &AnyPool, domain_id: &str) -> anyhow::Result<Vec<ConnectionRow>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM storage_connections c \
         WHERE c.id IN (SELECT connection_id FROM storage_domains WHERE id = $1) \
            OR c.id IN (SELECT lc.connection_id FROM lun_connections lc \
                        JOIN luns l ON l.id = lc.lun_id WHERE l.storage_domain_id = $1) \
         ORDER BY c.rowid"
    );
    Ok(sqlx::query_as(&sql).bind(domain_id).fetch_all(pool).await?)
}

impl ConnectionRow {
    /// The row that `insert` or `update` writes for `c` (so a command can answer what it
    /// stored without reading it back).
    pub fn of(id: &str, c: &storage_model::StorageConnection) -> ConnectionRow {
        ConnectionRow {
            id: id.to_string(),
            storage_type: c
                .storage_type
                .map(|t| t.as_str())
                .unwrap_or_default()
                .to_string(),
            address: c.address.clone(),
            path: c.path.clone(),
            port: c.port.map(i64::from),
            target: c.target.clone(),
            username: c.username.clone(),
            password: c.password.clone(),
            portal: c.portal.clone(),
            mount_options: c.mount_options.clone(),
            vfs_type: c.vfs_type.clone(),
            nfs_version: c.nfs_version.map(|v| v.as_str().to_string()),
            nfs_timeo: c.nfs_timeo.map(i64::from),
            nfs_retrans: c.nfs_retrans.map(i64::from),
        }
    }

    /// The full stored details, secrets included (for merging and for the host agent; never
    /// for output, which goes through `http::connections::to_wire`).
    pub fn details(&self) -> anyhow::Result<storage_model::StorageConnection> {
        Ok(storage_model::StorageConnection {
            id: Some(self.id.clone()),
            storage_type: Some(self.storage_type()?),
            address: self.address.clone(),
            path: self.path.clone(),
            port: self.port.and_then(|p| i32::try_from(p).ok()),
            target: self.target.clone(),
            username: self.username.clone(),
            password: self.password.clone(),
            portal: self.portal.clone(),
            mount_options: self.mount_options.clone(),
            vfs_type: self.vfs_type.clone(),
            nfs_version: self.nfs_version()?,
            nfs_timeo: self.nfs_timeo.and_then(|v| i32::try_from(v).ok()),
            nfs_retrans: self.nfs_retrans.and_then(|v| i32::try_from(v).ok()),
            ..Default::default()
        })
    }
}

/// Inserts a new connection row.
pub async fn insert<'e, E>(
    db: E,
    id: &str,
    c: &storage_model::StorageConnection,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO storage_connections (id, storage_type, address, path, port, target, username, \
         password, portal, mount_options, vfs_type, nfs_version, nfs_timeo, nfs_retrans) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(id)
    .bind(c.storage_type.map(|t| t.as_str()))
    .bind(&c.address)
    .bind(&c.path)
    .bind(c.port)
    .bind(&c.target)
    .bind(&c.username)
    .bind(&c.password)
    .bind(&c.portal)
    .bind(&c.mount_options)
    .bind(&c.vfs_type)
    .bind(c.nfs_version.map(|v| v.as_str()))
    .bind(c.nfs_timeo)
    .bind(c.nfs_retrans)
    .execute(db)
    .await?;
    Ok(())
}

/// Replaces every detail of a connection (the id and type stay).
pub async fn update<'e, E>(
    db: E,
    id: &str,
    c: &storage_model::StorageConnection,
) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE storage_connections SET address = $1, path = $2, port = $3, target = $4, username = $5, \
         password = $6, portal = $7, mount_options = $8, vfs_type = $9, nfs_version = $10, nfs_timeo = $11, \
         nfs_retrans = $12 WHERE id = $13",
    )
    .bind(&c.address)
    .bind(&c.path)
    .bind(c.port)
    .bind(&c.target)
    .bind(&c.username)
    .bind(&c.password)
    .bind(&c.portal)
    .bind(&c.mount_options)
    .bind(&c.vfs_type)
    .bind(c.nfs_version.map(|v| v.as_str()))
    .bind(c.nfs_timeo)
    .bind(c.nfs_retrans)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete<'e, E>(db: E, id: &str) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM storage_connections WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
