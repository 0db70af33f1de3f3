//! LUNs of block domains and the connections (paths) they are reached through.

pub async fn of_domain(
    conn: &mut sqlx::AnyConnection,
    domain: &str,
) -> anyhow::Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM luns WHERE storage_domain_id = $1")
            .bind(domain)
            .fetch_all(conn)
            .await?,
    )
}

/// A placeholder LUN to carry the connections of a domain without known LUNs (as the engine
/// does); returns its id.
pub async fn add_placeholder(
    conn: &mut sqlx::AnyConnection,
    domain: &str,
) -> anyhow::Result<String> {
    let dummy = format!("DUMMY_LUN_{domain}");
    sqlx::query(
        "INSERT INTO luns (id, volume_group_id, storage_domain_id, size_bytes) \
         SELECT $1, volume_group_id, id, 0 FROM storage_domains WHERE id = $2",
    )
    .bind(&dummy)
    .bind(domain)
    .execute(conn)
    .await?;
    Ok(dummy)
}

/// Makes the connection a path to the LUN (once).
pub async fn add_path(
    conn: &mut sqlx::AnyConnection,
    lun: &str,
    connection: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO lun_connections (lun_id, connection_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(lun)
    .bind(connection)
    .execute(conn)
    .await?;
    Ok(())
}

/// The connection stops being a path to the domain's LUNs.
pub async fn remove_domain_path(
    conn: &mut sqlx::AnyConnection,
    domain: &str,
    connection: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "DELETE FROM lun_connections WHERE connection_id = $1 \
         AND lun_id IN (SELECT id FROM luns WHERE storage_domain_id = $2)",
    )
    .bind(connection)
    .bind(domain)
    .execute(conn)
    .await?;
    Ok(())
}

/// The connection stops being a path to any LUN (before it is removed).
pub async fn remove_all_paths(
    conn: &mut sqlx::AnyConnection,
    connection: &str,
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM lun_connections WHERE connection_id = $1")
        .bind(connection)
        .execute(conn)
        .await?;
    Ok(())
}

/// What already uses a LUN: the domain it belongs to and the disk made of it, by name.
pub async fn user_of(
    pool: &sqlx::AnyPool,
    lun: &str,
) -> anyhow::Result<Option<(Option<String>, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT d.name, k.alias FROM luns l LEFT JOIN storage_domains d ON d.id = l.storage_domain_id \
         LEFT JOIN disks k ON k.lun_id = l.id WHERE l.id = $1",
    )
    .bind(lun)
    .fetch_optional(pool)
    .await?)
}

/// Makes the LUN part of the domain's volume group (adding it when it is new).
pub async fn claim(
    conn: &mut sqlx::AnyConnection,
    lun: &str,
    volume_group: &str,
    domain: &str,
    size_bytes: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO luns (id, volume_group_id, storage_domain_id, size_bytes) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET volume_group_id = excluded.volume_group_id, \
         storage_domain_id = excluded.storage_domain_id",
    )
    .bind(lun)
    .bind(volume_group)
    .bind(domain)
    .bind(size_bytes)
    .execute(conn)
    .await?;
    Ok(())
}
