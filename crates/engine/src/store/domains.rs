//! Storage domain rows, with their data-center attachments, connection and LUNs loaded in a
//! fixed number of queries (no per-domain round trips).

use super::connections::ConnectionRow;
use sqlx::{AnyPool, FromRow};
use std::collections::HashMap;

#[derive(Debug, Clone, FromRow)]
pub struct DomainRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub comment: Option<String>,
    pub domain_type: String,
    pub storage_type: String,
    pub connection_id: Option<String>,
    pub volume_group_id: Option<String>,
    pub storage_format: String,
    pub available_bytes: Option<i64>,
    pub used_bytes: Option<i64>,
    pub committed_bytes: Option<i64>,
    #[sqlx(try_from = "crate::store::Flag")]
    pub wipe_after_delete: bool,
    #[sqlx(try_from = "crate::store::Flag")]
    pub discard_after_delete: bool,
    #[sqlx(try_from = "crate::store::Flag")]
    pub backup: bool,
    pub warning_low_space_indicator: i64,
    pub critical_space_action_blocker: i64,
    pub block_size: i64,
    pub external_status: String,
}

/// A domain's attachment to one data center.
#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub storage_domain_id: String,
    pub data_center_id: String,
    pub status: String,
    #[sqlx(try_from = "crate::store::Flag")]
    pub is_master: bool,
}

/// A LUN of a block domain, with the details of the first of its connections.
#[derive(Debug, Clone, FromRow)]
pub struct LunRow {
    pub id: String,
    pub volume_group_id: Option<String>,
    pub storage_domain_id: Option<String>,
    pub size_bytes: i64,
    pub serial: Option<String>,
    pub vendor_id: Option<String>,
    pub product_id: Option<String>,
    pub paths: i64,
    pub address: Option<String>,
    pub port: Option<i64>,
    pub target: Option<String>,
    pub username: Option<String>,
}

/// Everything the API shows about one domain.
#[derive(Debug, Clone)]
pub struct DomainView {
    pub row: DomainRow,
    pub attachments: Vec<AttachmentRow>,
    pub connection: Option<ConnectionRow>,
    pub luns: Vec<LunRow>,
}

const DOMAIN_COLUMNS: &str = "d.id, d.name, d.description, d.comment, d.domain_type, \
     d.storage_type, d.connection_id, d.volume_group_id, d.storage_format, d.available_bytes, \
     d.used_bytes, d.committed_bytes, d.wipe_after_delete, d.discard_after_delete, d.backup, \
     d.warning_low_space_indicator, d.critical_space_action_blocker, d.block_size, \
     d.external_status";

/// Whether a domain exists (one indexed lookup, not a full view).
pub async fn exists(pool: &AnyPool, id: &str) -> anyhow::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM storage_domains WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Which domains to load.
pub enum Scope<'a> {
    All,
    One(&'a str),
    DataCenter(&'a str),
}

pub async fn load(pool: &AnyPool, scope: Scope<'_>) -> anyhow::Result<Vec<DomainView>> {
    let (filter, arg) = match scope {
        Scope::All => ("1 = 1", None),
        Scope::One(id) => ("d.id = $1", Some(id)),
        Scope::DataCenter(dc) => (
            "d.id IN (SELECT storage_domain_id FROM storage_domain_data_centers \
             WHERE data_center_id = $1)",
            Some(dc),
        ),
    };

    let sql =
        format!("SELECT {DOMAIN_COLUMNS} FROM storage_domains d WHERE {filter} ORDER BY d.name");
    let rows: Vec<DomainRow> = bind_opt(sqlx::query_as(&sql), arg).fetch_all(pool).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }

    let sql = format!(
        "SELECT a.storage_domain_id, a.data_center_id, a.status, a.is_master \
         FROM storage_domain_data_centers a JOIN storage_domains d ON d.id = a.storage_domain_id \
         WHERE {filter}"
    );
    let attachments: Vec<AttachmentRow> =
        bind_opt(sqlx::query_as(&sql), arg).fetch_all(pool).await?;

    let sql = format!(
        "SELECT c.id, c.storage_type, c.address, c.path, c.port, c.target, c.username, \
         c.password, c.portal, c.mount_options, c.vfs_type, c.nfs_version, c.nfs_timeo, \
         c.nfs_retrans \
         FROM storage_connections c JOIN storage_domains d ON d.connection_id = c.id \
         WHERE {filter}"
    );
    let connections: Vec<ConnectionRow> =
        bind_opt(sqlx::query_as(&sql), arg).fetch_all(pool).await?;

    let sql = format!(
        "SELECT l.id, l.volume_group_id, l.storage_domain_id, l.size_bytes, l.serial, \
         l.vendor_id, l.product_id, \
         (SELECT COUNT(*) FROM lun_connections x WHERE x.lun_id = l.id) AS paths, \
         c.address, c.port, c.target, c.username \
         FROM luns l JOIN storage_domains d ON d.id = l.storage_domain_id \
         LEFT JOIN storage_connections c ON c.id = \
             (SELECT lc.connection_id FROM lun_connections lc JOIN storage_connections cc \
              ON cc.id = lc.connection_id WHERE lc.lun_id = l.id ORDER BY cc.rowid LIMIT 1) \
         WHERE {filter} ORDER BY l.id"
    );
    let luns: Vec<LunRow> = bind_opt(sqlx::query_as(&sql), arg).fetch_all(pool).await?;

    let mut attachments_by_domain: HashMap<String, Vec<AttachmentRow>> = HashMap::new();
    for a in attachments {
        attachments_by_domain
            .entry(a.storage_domain_id.clone())
            .or_default()
            .push(a);
    }
    let connection_by_id: HashMap<String, ConnectionRow> =
        connections.into_iter().map(|c| (c.id.clone(), c)).collect();
    let mut luns_by_domain: HashMap<String, Vec<LunRow>> = HashMap::new();
    for l in luns {
        if let Some(d) = l.storage_domain_id.clone() {
            luns_by_domain.entry(d).or_default().push(l);
        }
    }

    Ok(rows
        .into_iter()
        .map(|row| DomainView {
            attachments: attachments_by_domain.remove(&row.id).unwrap_or_default(),
            connection: row
                .connection_id
                .as_ref()
                .and_then(|c| connection_by_id.get(c).cloned()),
            luns: luns_by_domain.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

fn bind_opt<'q, O>(
    q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    arg: Option<&'q str>,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    match arg {
        Some(a) => q.bind(a),
        None => q,
    }
}

/// A domain's name by id (what the audit trail names).
pub async fn name_of(pool: &AnyPool, id: &str) -> anyhow::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM storage_domains WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// A domain's id by name (an attach that names the domain).
pub async fn id_by_name(pool: &AnyPool, name: &str) -> anyhow::Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM storage_domains WHERE name = $1")
            .bind(name)
            .fetch_optional(pool)
            .await?,
    )
}

/// What a domain holds (`data`, `iso`…), when it exists.
pub async fn domain_type<'e, E>(db: E, id: &str) -> anyhow::Result<Option<String>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query_scalar("SELECT domain_type FROM storage_domains WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// A domain's name and storage type, when it exists.
pub async fn name_and_storage_type(
    pool: &AnyPool,
    id: &str,
) -> anyhow::Result<Option<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT name, storage_type FROM storage_domains WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Whether another domain has this name.
pub async fn name_taken(pool: &AnyPool, name: &str, except: &str) -> anyhow::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM storage_domains WHERE name = $1 AND id <> $2")
            .bind(name)
            .bind(except)
            .fetch_one(pool)
            .await?;
    Ok(n > 0)
}

/// A domain's name and space, when it exists.
pub async fn name_and_space(
    pool: &AnyPool,
    id: &str,
) -> anyhow::Result<Option<(String, Option<i64>, Option<i64>)>> {
    Ok(sqlx::query_as(
        "SELECT name, available_bytes, used_bytes FROM storage_domains WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// A domain's space after a refresh.
pub async fn set_space(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    available: i64,
    used: i64,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE storage_domains SET available_bytes = $1, used_bytes = $2 WHERE id = $3")
        .bind(available)
        .bind(used)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An edit of a domain's own fields: each field given replaces the stored one.
pub async fn update_fields(
    pool: &AnyPool,
    id: &str,
    new_name: Option<&str>,
    body: &storage_model::StorageDomain,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE storage_domains SET name = COALESCE($1, name), \
         description = COALESCE($2, description), comment = COALESCE($3, comment), \
         warning_low_space_indicator = COALESCE($4, warning_low_space_indicator), \
         critical_space_action_blocker = COALESCE($5, critical_space_action_blocker), \
         wipe_after_delete = COALESCE($6, wipe_after_delete), \
         discard_after_delete = COALESCE($7, discard_after_delete), backup = COALESCE($8, backup) \
         WHERE id = $9",
    )
    .bind(new_name)
    .bind(&body.description)
    .bind(&body.comment)
    .bind(body.warning_low_space_indicator)
    .bind(body.critical_space_action_blocker)
    .bind(body.wipe_after_delete.map(i64::from))
    .bind(body.discard_after_delete.map(i64::from))
    .bind(body.backup.map(i64::from))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// A domain's own connection (file domains; `Some(None)` for block domains), when it exists.
pub async fn connection_of(pool: &AnyPool, id: &str) -> anyhow::Result<Option<Option<String>>> {
    Ok(
        sqlx::query_scalar("SELECT connection_id FROM storage_domains WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Removes a domain with its attachments and LUNs. Block domains' connections stay (other
/// domains may share them); a file domain's `connection` goes with it unless another domain
/// uses it.
pub async fn delete(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    connection: Option<&str>,
) -> anyhow::Result<()> {
    for sql in [
        "DELETE FROM storage_domain_data_centers WHERE storage_domain_id = $1",
        "DELETE FROM lun_connections WHERE lun_id IN (SELECT id FROM luns WHERE storage_domain_id = $1)",
        "DELETE FROM luns WHERE storage_domain_id = $1",
        "DELETE FROM storage_domains WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    if let Some(c) = connection {
        sqlx::query(
            "DELETE FROM storage_connections WHERE id = $1 \
             AND NOT EXISTS (SELECT 1 FROM storage_domains WHERE connection_id = $1)",
        )
        .bind(c)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A new domain's row (`committed` starts at 0; the storage format is the current one).
pub struct NewDomain<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub domain_type: storage_model::StorageDomainType,
    pub storage_type: storage_model::StorageType,
    /// File domains: their one connection.
    pub connection_id: Option<&'a str>,
    /// Block domains: the volume group their LUNs form.
    pub volume_group_id: Option<&'a str>,
    pub available_bytes: Option<i64>,
    pub used_bytes: Option<i64>,
    pub wipe_after_delete: bool,
    pub discard_after_delete: bool,
    pub backup: bool,
    pub warning_low_space_indicator: i32,
    pub critical_space_action_blocker: i32,
}

pub async fn insert<'e, E>(db: E, d: &NewDomain<'_>) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO storage_domains (id, name, description, comment, domain_type, storage_type, \
         connection_id, volume_group_id, storage_format, available_bytes, used_bytes, \
         committed_bytes, wipe_after_delete, discard_after_delete, backup, \
         warning_low_space_indicator, critical_space_action_blocker) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'v5', $9, $10, 0, $11, $12, $13, $14, $15)",
    )
    .bind(d.id)
    .bind(d.name)
    .bind(d.description)
    .bind(d.comment)
    .bind(d.domain_type.as_str())
    .bind(d.storage_type.as_str())
    .bind(d.connection_id)
    .bind(d.volume_group_id)
    .bind(d.available_bytes)
    .bind(d.used_bytes)
    .bind(i64::from(d.wipe_after_delete))
    .bind(i64::from(d.discard_after_delete))
    .bind(i64::from(d.backup))
    .bind(d.warning_low_space_indicator)
    .bind(d.critical_space_action_blocker)
    .execute(db)
    .await?;
    Ok(())
}
