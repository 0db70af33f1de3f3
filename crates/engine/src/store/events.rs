//! The audit trail.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: i64,
    pub time: i64,
    pub user_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub storage_domain_id: Option<String>,
    pub outcome: String,
    pub severity: String,
    pub description: String,
    /// The user who acted, when they still exist.
    pub user_id: Option<String>,
    /// The storage domain's name, when it still exists.
    pub storage_domain_name: Option<String>,
}

/// An event to record (owned: the event log writes it after its caller may have gone).
pub struct NewEvent {
    pub user_name: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub storage_domain_id: Option<String>,
    pub success: bool,
    pub description: String,
}

/// Writes one event on `conn` (a transaction of the event log's: `event_log.rs`), stamped with
/// `time` (unix ms, when it was recorded).
pub(super) async fn insert(
    conn: &mut sqlx::AnyConnection,
    e: &NewEvent,
    time: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO events (time, user_name, action, target, storage_domain_id, outcome, severity, description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(time)
    .bind(e.user_name.as_deref())
    .bind(e.action.as_str())
    .bind(e.target.as_deref())
    .bind(e.storage_domain_id.as_deref())
    .bind(if e.success { "success" } else { "failure" })
    .bind(if e.success { "normal" } else { "warning" })
    .bind(e.description.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

const SELECT: &str = "SELECT e.id, e.time, e.user_name, e.action, e.target, \
     e.storage_domain_id, e.outcome, e.severity, e.description, u.id AS user_id, \
     d.name AS storage_domain_name FROM events e \
     LEFT JOIN users u ON u.name || '@' || u.profile = e.user_name \
     LEFT JOIN storage_domains d ON d.id = e.storage_domain_id";

/// Newest first; `after` keeps only events with a larger id; `domain` only those about it;
/// `max` the newest that many (all when `None`).
pub async fn list(
    pool: &AnyPool,
    domain: Option<&str>,
    after: Option<i64>,
    max: Option<i64>,
) -> anyhow::Result<Vec<EventRow>> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR e.storage_domain_id = $1) AND e.id > $2 \
         ORDER BY e.id DESC LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(domain)
        .bind(after.unwrap_or(0))
        .bind(max.unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> anyhow::Result<Option<EventRow>> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}
