//! One step of a storage switch, in three phases, each one transaction that also records the
//! step's progress (conditional on this engine still holding the switch): maintenance (the
//! master handing its role over as on a deactivation), the connections re-pointed with the
//! domains locked and their space refreshed, and activation back to the status each had. Every
//! phase can run again after a crash and lands in the same place; a step's connections change
//! together in one commit, so a domain is never half-switched.

use crate::store::{self, attachments, WriteTx};
use crate::AppState;
use storage_model::rules::domain_state::{self, MasterHandOver};
use storage_model::switch::StepDomain;
use storage_model::{StorageConnection, StorageDomainStatus, StorageDomainType};

/// Which way a step goes: to the new details, or back to the old ones (a rollback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Back,
}

/// Why a step did not finish.
#[derive(Debug)]
pub enum StepError {
    /// Another engine took the switch over (this one outlived its lease): stop touching it.
    Superseded,
    /// The step failed, in words for the administrator.
    Failed(String),
}

impl From<anyhow::Error> for StepError {
    fn from(e: anyhow::Error) -> Self {
        StepError::Failed(format!("{e:#}"))
    }
}

impl From<sqlx::Error> for StepError {
    fn from(e: sqlx::Error) -> Self {
        StepError::Failed(e.to_string())
    }
}

async fn status_in(
    tx: &mut WriteTx,
    d: &StepDomain,
    dc: &str,
) -> Result<(StorageDomainStatus, bool), StepError> {
    let (status, master) = attachments::status_in(&mut **tx, dc, &d.id)
        .await?
        .ok_or_else(|| {
            StepError::Failed(format!("Storage domain {} left its data center.", d.name))
        })?;
    Ok((
        store::parse_column("storage_domain_data_centers", "status", &status)?,
        master,
    ))
}

/// Phase 1: every domain of the step into maintenance (a master first hands its role to
/// another active data domain). Already in maintenance, or locked by a crashed phase 2: as is.
pub async fn to_maintenance(tx: &mut WriteTx, domains: &[StepDomain]) -> Result<(), StepError> {
    use StorageDomainStatus::*;
    for d in domains {
        let Some(dc) = d.data_center.as_deref() else {
            continue;
        };
        let (status, master) = status_in(tx, d, dc).await?;
        match status {
            Active | Inactive | Unknown => {}
            Maintenance | Locked => continue,
            other => {
                return Err(StepError::Failed(format!(
                    "Storage domain {} is {}; it cannot go to maintenance.",
                    d.name,
                    other.label()
                )))
            }
        }
        let (successor, others_active) = if master {
            (
                attachments::master_successor(&mut **tx, dc, &d.id).await?,
                attachments::others(&mut **tx, dc, &d.id).await?.1,
            )
        } else {
            (None, 0)
        };
        match domain_state::master_hand_over(master, successor, others_active)
            .map_err(|m| StepError::Failed(format!("{}: {}", d.name, m.text)))?
        {
            MasterHandOver::To(next) => attachments::make_master(&mut **tx, dc, &next).await?,
            MasterHandOver::NotMaster | MasterHandOver::Last => {}
        }
        attachments::set_status(&mut **tx, dc, &d.id, Maintenance).await?;
    }
    Ok(())
}

/// Phase 2a: the domains locked while their connections change.
pub async fn lock(tx: &mut WriteTx, domains: &[StepDomain]) -> Result<(), StepError> {
    for d in domains {
        if let Some(dc) = d.data_center.as_deref() {
            attachments::set_status(&mut **tx, dc, &d.id, StorageDomainStatus::Locked).await?;
        }
    }
    Ok(())
}

/// The locked domains back in maintenance: after their connections changed, or when the host
/// could not connect (their connections untouched).
pub async fn unlock(tx: &mut WriteTx, domains: &[StepDomain]) -> Result<(), StepError> {
    for d in domains {
        if let Some(dc) = d.data_center.as_deref() {
            attachments::set_status(&mut **tx, dc, &d.id, StorageDomainStatus::Maintenance).await?;
        }
    }
    Ok(())
}

/// Phase 2b: every connection of the step to its details, the domains' space refreshed, and
/// the domains back in maintenance — one commit.
pub async fn repoint(
    state: &AppState,
    tx: &mut WriteTx,
    domains: &[StepDomain],
    details: &[(String, StorageConnection)],
) -> Result<(), StepError> {
    for (id, c) in details {
        store::connections::update(&mut **tx, id, c).await?;
    }
    // A file domain's space is its one connection's.
    if let [(_, c)] = details {
        if let Some(space) = state.agent.space(c).await {
            for d in domains {
                store::domains::set_space(tx, &d.id, space.available, space.used).await?;
            }
        }
    }
    unlock(tx, domains).await
}

/// Phase 3: each domain back to the status it had (an active or inactive domain is activated;
/// one that was the master takes its role back).
pub async fn restore(tx: &mut WriteTx, domains: &[StepDomain]) -> Result<(), StepError> {
    use StorageDomainStatus::*;
    for d in domains {
        let (Some(dc), Some(before)) = (d.data_center.as_deref(), d.status_before) else {
            continue;
        };
        if !matches!(before, Active | Inactive | Unknown) {
            continue;
        }
        let (status, _) = status_in(tx, d, dc).await?;
        if status == Active {
            continue;
        }
        if !store::datacenters::has_up_host(&mut **tx, dc).await? {
            return Err(StepError::Failed(format!(
                "Storage domain {} cannot be activated: no host of its data center is up.",
                d.name
            )));
        }
        let has_master = store::datacenters::has_master(&mut **tx, dc).await?;
        let is_data = store::domains::domain_type(&mut **tx, &d.id)
            .await?
            .is_some_and(|t| t == StorageDomainType::Data.as_str());
        attachments::activate(&mut **tx, dc, &d.id, !has_master && is_data).await?;
        if d.master {
            attachments::make_master(&mut **tx, dc, &d.id).await?;
        }
    }
    Ok(())
}
