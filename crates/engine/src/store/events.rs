//! The audit trail.

use super::now_ms;
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
}

pub struct NewEvent<'a> {
    pub user_name: Option<&'a str>,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub storage_domain_id: Option<&'a str>,
    pub success: bool,
    pub description: &'a str,
}

pub async fn record(pool: &AnyPool, e: NewEvent<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO events (time, user_name, action, target, storage_domain_id, outcome, severity, description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now_ms())
    .bind(e.user_name)
    .bind(e.action)
    .bind(e.target)
    .bind(e.storage_domain_id)
    .bind(if e.success { "success" } else { "failure" })
    .bind(if e.success { "normal" } else { "warning" })
    .bind(e.description)
    .execute(pool)
    .await?;
    Ok(())
}

/// Newest first; `after` keeps only events with a larger id; `domain` only those about it.
pub async fn list(
    pool: &AnyPool,
    domain: Option<&str>,
    after: Option<i64>,
    max: i64,
) -> anyhow::Result<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT id, time, user_name, action, target, storage_domain_id, outcome, severity, description \
         FROM events WHERE ($1 IS NULL OR storage_domain_id = $1) AND id > $2 \
         ORDER BY id DESC LIMIT $3",
    )
    .bind(domain)
    .bind(after.unwrap_or(0))
    .bind(max)
    .fetch_all(pool)
    .await?)
}
