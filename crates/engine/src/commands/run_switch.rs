//! Running a storage switch as a durable job: `start`, `cancel`, `rollback`, `failback`, and
//! `resume` of a switch whose engine died. The engine running it holds the switch's lease
//! (renewed with its locks); each phase of each step commits with its progress, so a survivor
//! that takes an expired lease over carries on from the phase that was interrupted.

use super::plan_switch::{self, without_secrets, OBJECT};
use super::switch_step::{self, Direction, StepError};
use super::{check_permission, lock_owner, ActionGroup};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::locks::{key, Locks};
use crate::store::{self, switches, WriteTx};
use crate::AppState;
use axum::http::StatusCode;
use storage_model::rules::messages::Verb;
use storage_model::{OnFailure, StepState, StorageConnection, StorageSwitch, SwitchStatus};

fn refused(what: &str, detail: impl Into<String>) -> ApiError {
    ApiError::fault(
        StatusCode::CONFLICT,
        "Operation Failed",
        format!("[Cannot {what} {OBJECT}. {}]", detail.into()),
    )
}

fn allowed(actor: &Actor) -> Result<(), ApiError> {
    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        Verb::Edit,
        OBJECT,
    )
}

async fn load(state: &AppState, id: &str) -> Result<StorageSwitch, ApiError> {
    switches::load(&state.store.pool, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `POST /storageswitches`: plans and stores a switch (nothing else changes).
pub async fn plan(
    state: &AppState,
    actor: &Actor,
    request: StorageSwitch,
) -> Result<StorageSwitch, ApiError> {
    allowed(actor)?;
    let extra = match request.dr_mapping.as_deref() {
        Some(text) => crate::dr_mapping::overrides(state, text).await?,
        None => Vec::new(),
    };
    let mut planned = plan_switch::build(state, &request, extra).await?;
    let id = uuid::Uuid::new_v4().to_string();
    planned.id = Some(id.clone());
    store::switches::insert(&state.store.pool, &id, &planned).await?;
    Ok(without_secrets(planned))
}

/// `POST …/{id}/start`: the plan is checked again against the site as it is now (a stale
/// plan is re-made; one whose preflight fails does not start), then runs in the background.
pub async fn start(state: &AppState, actor: &Actor, id: &str) -> Result<StorageSwitch, ApiError> {
    allowed(actor)?;
    let stored = load(state, id).await?;
    if stored.status != Some(SwitchStatus::Planned) {
        return Err(refused(
            "start",
            format!(
                "It is {}, not planned.",
                stored.status.unwrap_or(SwitchStatus::Planned)
            ),
        ));
    }
    let fresh = plan_switch::build(state, &stored, Vec::new()).await?;
    if !fresh.preflight.is_empty() {
        let reasons: Vec<String> = fresh.preflight.iter().map(|p| p.reason.clone()).collect();
        return Err(refused(
            "start",
            format!(
                "Its preflight fails; fix these or leave their connections out: {}",
                reasons.join(" ")
            ),
        ));
    }
    let doc = StorageSwitch {
        id: Some(id.to_string()),
        status: Some(SwitchStatus::Running),
        started_ms: Some(store::now_ms()),
        ..fresh
    };
    let owner = lock_owner(state);
    let mut tx = store::begin_write(&state.store.pool).await?;
    if !claim_in(&mut tx, state, id, &owner, &[SwitchStatus::Planned]).await?
        || !switches::save_held(&mut tx, id, &owner, &doc, false).await?
    {
        return Err(refused("start", "It was started or changed meanwhile."));
    }
    switches::replace_steps(&mut tx, id, &doc.steps).await?;
    tx.commit().await?;
    event(state, &doc, None, true, "started").await;
    tokio::spawn(drive(state.clone(), owner, doc.clone()));
    Ok(without_secrets(doc))
}

/// Takes the switch for `owner` if nobody runs it and it is (still, under the write lock) in
/// one of the `from` statuses: two engines asked at once never both run it.
async fn claim_in(
    tx: &mut WriteTx,
    state: &AppState,
    id: &str,
    owner: &str,
    from: &[SwitchStatus],
) -> anyhow::Result<bool> {
    if !switches::claim(tx, id, owner, state.settings.lock_lease).await? {
        return Ok(false);
    }
    let now = switches::get(tx, id).await?;
    Ok(now
        .and_then(|s| s.status)
        .is_some_and(|s| from.contains(&s)))
}

/// `POST …/{id}/cancel`: a plan is cancelled at once; a running switch stops after the step it
/// is in (the domains switched so far stay switched; roll back to undo them).
pub async fn cancel(state: &AppState, actor: &Actor, id: &str) -> Result<StorageSwitch, ApiError> {
    allowed(actor)?;
    let mut doc = load(state, id).await?;
    match doc.status {
        Some(SwitchStatus::Running) => {
            switches::request_cancel(&state.store.pool, id).await?;
            doc.cancel_requested = Some(true);
        }
        Some(SwitchStatus::Planned) => {
            doc.status = Some(SwitchStatus::Cancelled);
            doc.finished_ms = Some(store::now_ms());
            let mut tx = store::begin_write(&state.store.pool).await?;
            if !switches::save_idle(&mut tx, id, &doc).await? {
                return Err(refused("cancel", "Another engine is running it."));
            }
            tx.commit().await?;
        }
        other => {
            return Err(refused(
                "cancel",
                format!("It is {}.", other.unwrap_or(SwitchStatus::Planned)),
            ))
        }
    }
    Ok(without_secrets(doc))
}

/// `POST …/{id}/rollback`: every domain a failed or cancelled switch touched gets its old
/// connection details and its status back (in the background, newest step first).
pub async fn rollback(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<StorageSwitch, ApiError> {
    allowed(actor)?;
    let mut doc = load(state, id).await?;
    if !matches!(
        doc.status,
        Some(SwitchStatus::Failed | SwitchStatus::Cancelled)
    ) {
        return Err(refused(
            "roll back",
            format!(
                "Only a failed or cancelled switch rolls back; this one is {}.",
                doc.status.unwrap_or(SwitchStatus::Planned)
            ),
        ));
    }
    doc.status = Some(SwitchStatus::Running);
    doc.rolling_back = Some(true);
    doc.cancel_requested = None;
    let owner = lock_owner(state);
    let mut tx = store::begin_write(&state.store.pool).await?;
    let from = [SwitchStatus::Failed, SwitchStatus::Cancelled];
    if !claim_in(&mut tx, state, id, &owner, &from).await?
        || !switches::save_held(&mut tx, id, &owner, &doc, false).await?
    {
        return Err(refused("roll back", "It was started or changed meanwhile."));
    }
    switches::clear_cancel(&mut tx, id).await?;
    tx.commit().await?;
    tokio::spawn(drive(state.clone(), owner, doc.clone()));
    Ok(without_secrets(doc))
}

/// `POST …/{id}/failback`: the inverse plan of a finished switch — every connection it
/// re-pointed goes back to the details it had — stored as a new plan.
pub async fn failback(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<StorageSwitch, ApiError> {
    allowed(actor)?;
    let doc = load(state, id).await?;
    if !matches!(
        doc.status,
        Some(SwitchStatus::Succeeded | SwitchStatus::Cancelled | SwitchStatus::Failed)
    ) {
        return Err(refused(
            "fail back",
            format!(
                "Only a finished switch fails back; this one is {}.",
                doc.status.unwrap_or(SwitchStatus::Planned)
            ),
        ));
    }
    let switched: Vec<&String> = doc
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .flat_map(|s| &s.connections)
        .collect();
    let overrides: Vec<StorageConnection> = doc
        .connections
        .iter()
        .filter(|c| switched.contains(&&c.id))
        .map(|c| c.old.clone())
        .collect();
    if overrides.is_empty() {
        return Err(refused("fail back", "It switched no connection."));
    }
    let request = StorageSwitch {
        overrides,
        host: doc.host.clone(),
        on_failure: doc.on_failure,
        inverse_of: Some(id.to_string()),
        ..Default::default()
    };
    let mut planned = plan_switch::build(state, &request, Vec::new()).await?;
    let new_id = uuid::Uuid::new_v4().to_string();
    planned.id = Some(new_id.clone());
    store::switches::insert(&state.store.pool, &new_id, &planned).await?;
    Ok(without_secrets(planned))
}

/// Takes over every running switch whose engine died (its lease ran out) and carries it on.
pub async fn resume_abandoned(state: &AppState) -> anyhow::Result<()> {
    for id in switches::abandoned(&state.store.pool).await? {
        let owner = lock_owner(state);
        let mut tx = store::begin_write(&state.store.pool).await?;
        if !switches::claim(&mut tx, &id, &owner, state.settings.lock_lease).await? {
            continue;
        }
        let Some(doc) = switches::get(&mut tx, &id).await? else {
            continue;
        };
        tx.commit().await?;
        tracing::warn!(
            switch = id,
            "taking over a storage switch whose engine stopped"
        );
        if doc.status == Some(SwitchStatus::Running) {
            tokio::spawn(drive(state.clone(), owner, doc));
        } else {
            // Held but not running (its engine died while finishing it): just let it go.
            let mut tx = store::begin_write(&state.store.pool).await?;
            switches::save_held(&mut tx, &id, &owner, &doc, true).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}

/// A running switch and the engine driving it.
struct Run {
    state: AppState,
    owner: String,
    doc: StorageSwitch,
}

impl Run {
    fn id(&self) -> String {
        self.doc.id.clone().unwrap_or_default()
    }

    /// Writes step `index` in `tx`, conditional on still holding the switch.
    async fn save_step(&self, tx: &mut WriteTx, index: usize) -> Result<(), StepError> {
        if !switches::holds(tx, &self.id(), &self.owner).await? {
            return Err(StepError::Superseded);
        }
        switches::save_step(tx, &self.id(), index, &self.doc.steps[index]).await?;
        Ok(())
    }

    /// Writes the switch (not its steps) in `tx`, conditional on still holding it.
    async fn save(&self, tx: &mut WriteTx, release: bool) -> Result<(), StepError> {
        if switches::save_held(tx, &self.id(), &self.owner, &self.doc, release).await? {
            Ok(())
        } else {
            Err(StepError::Superseded)
        }
    }

    fn mark(&mut self, index: usize, state: StepState, message: Option<String>) {
        let now = store::now_ms();
        let step = &mut self.doc.steps[index];
        step.started_ms.get_or_insert(now);
        if state == StepState::Failed && step.state != StepState::Failed {
            step.failed_after = Some(step.state);
        }
        if matches!(
            state,
            StepState::Done | StepState::Failed | StepState::RolledBack
        ) {
            step.finished_ms = Some(now);
        }
        step.state = state;
        step.message = message;
    }

    /// One phase: `work` in a transaction that also records the step's new state.
    async fn phase<F>(&mut self, index: usize, state: StepState, work: F) -> Result<(), StepError>
    where
        F: for<'t> FnOnce(
            &'t mut WriteTx,
            &'t AppState,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<(), StepError>> + Send + 't>,
        >,
    {
        let mut tx = store::begin_write(&self.state.store.pool).await?;
        work(&mut tx, &self.state).await?;
        self.mark(index, state, None);
        self.save_step(&mut tx, index).await?;
        tx.commit().await?;
        // Connections and statuses changed; users and their tokens did not.
        self.state.caches.after_write();
        Ok(())
    }

    /// Step `index` one way, from whatever phase it was interrupted in.
    async fn step(&mut self, index: usize, direction: Direction) -> Result<(), StepError> {
        let step = self.doc.steps[index].clone();
        let details: Vec<(String, StorageConnection)> = step
            .connections
            .iter()
            .filter_map(|id| {
                let c = self.doc.connections.iter().find(|c| &c.id == id)?;
                let d = match direction {
                    Direction::Forward => &c.new,
                    Direction::Back => &c.old,
                };
                Some((id.clone(), d.clone()))
            })
            .collect();
        let mut keys: Vec<String> = step.domains.iter().map(|d| key::domain(&d.id)).collect();
        keys.extend(step.connections.iter().map(|c| key::connection(c)));
        keys.sort();
        keys.dedup();
        let locks = self.lock(&keys).await?;
        let outcome = if direction == Direction::Back && !step.touched_connections() {
            // Failed before its connections changed: only its domains' statuses go back.
            let d = step.domains.clone();
            self.phase(index, StepState::RolledBack, move |tx, _| {
                Box::pin(async move { switch_step::restore(tx, &d).await })
            })
            .await
        } else {
            self.phases(index, &step.domains, &details, direction).await
        };
        locks.release_or_expire().await;
        outcome
    }

    async fn lock(&self, keys: &[String]) -> Result<Locks, StepError> {
        let lease = self.state.settings.lock_lease;
        for _ in 0..50 {
            if let Ok(l) = Locks::acquire(&self.state.store.pool, &self.owner, keys, lease).await? {
                return Ok(l);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Err(StepError::Failed(
            "Another operation holds its domains or connections.".into(),
        ))
    }

    async fn phases(
        &mut self,
        index: usize,
        domains: &[storage_model::switch::StepDomain],
        details: &[(String, StorageConnection)],
        direction: Direction,
    ) -> Result<(), StepError> {
        let d1 = domains.to_vec();
        self.phase(index, StepState::Maintenance, move |tx, _| {
            Box::pin(async move { switch_step::to_maintenance(tx, &d1).await })
        })
        .await?;
        let d2 = domains.to_vec();
        self.phase(index, StepState::Updating, move |tx, _| {
            Box::pin(async move { switch_step::lock(tx, &d2).await })
        })
        .await?;
        if let Err(e) = self.connect(details).await {
            // Back to maintenance on the details it had: nothing half-switched, nothing locked.
            let d = domains.to_vec();
            self.phase(index, StepState::Maintenance, move |tx, _| {
                Box::pin(async move { switch_step::unlock(tx, &d).await })
            })
            .await?;
            return Err(e);
        }
        if let Some(pause) = self.state.settings.update_pause {
            tokio::time::sleep(pause).await;
        }
        let (d3, c3) = (domains.to_vec(), details.to_vec());
        self.phase(index, StepState::Updated, move |tx, state| {
            Box::pin(async move { switch_step::repoint(state, tx, &d3, &c3).await })
        })
        .await?;
        let d4 = domains.to_vec();
        let done = match direction {
            Direction::Forward => StepState::Done,
            Direction::Back => StepState::RolledBack,
        };
        self.phase(index, done, move |tx, _| {
            Box::pin(async move { switch_step::restore(tx, &d4).await })
        })
        .await
    }

    /// With a host: it connects to every new connection of the step (the real engine connects
    /// before it re-points). Without one, the records alone change.
    async fn connect(&self, details: &[(String, StorageConnection)]) -> Result<(), StepError> {
        let Some(host) = self.doc.host.as_ref().filter(|h| !h.names_nothing()) else {
            return Ok(());
        };
        let name = host.name.clone().or(host.id.clone()).unwrap_or_default();
        for (_, c) in details {
            self.state.agent.connect(&name, c).await.map_err(|reason| {
                StepError::Failed(format!("Host {name} cannot reach the storage: {reason}."))
            })?;
        }
        Ok(())
    }

    /// Ends the switch with `status` and lets it go.
    async fn finish(
        &mut self,
        status: SwitchStatus,
        message: Option<String>,
    ) -> Result<(), StepError> {
        self.doc.status = Some(status);
        self.doc.rolling_back = None;
        self.doc.finished_ms = Some(store::now_ms());
        self.doc.message = message;
        let mut tx = store::begin_write(&self.state.store.pool).await?;
        self.save(&mut tx, true).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Drives a held switch to its end: forward step by step (stopping between steps when asked
/// to), or — rolling back — every step that was started, newest first.
async fn drive(state: AppState, owner: String, doc: StorageSwitch) {
    let mut run = Run { state, owner, doc };
    match drive_run(&mut run).await {
        Ok(()) | Err(StepError::Superseded) => {}
        Err(StepError::Failed(e)) => {
            // The database failed under the run: it is left held, and taken over (this engine
            // included) once the lease lapses.
            tracing::error!(switch = run.id(), error = e, "storage switch stopped");
        }
    }
}

async fn drive_run(run: &mut Run) -> Result<(), StepError> {
    if run.doc.rolling_back == Some(true) {
        return roll_back_all(run).await;
    }
    for index in 0..run.doc.steps.len() {
        if run.doc.steps[index].state == StepState::Done {
            continue;
        }
        if switches::cancel_requested(&run.state.store.pool, &run.id()).await? {
            event(&run.state, &run.doc, None, true, "cancelled").await;
            return run.finish(SwitchStatus::Cancelled, None).await;
        }
        match run.step(index, Direction::Forward).await {
            Ok(()) => event(&run.state, &run.doc, Some(index), true, "switched").await,
            Err(StepError::Superseded) => return Err(StepError::Superseded),
            Err(StepError::Failed(why)) => {
                fail_step(run, index, &why).await?;
                event(&run.state, &run.doc, Some(index), false, &why).await;
                if run.doc.on_failure == Some(OnFailure::Rollback) {
                    run.doc.rolling_back = Some(true);
                    return roll_back_all(run).await;
                }
                return run.finish(SwitchStatus::Failed, Some(why)).await;
            }
        }
    }
    event(&run.state, &run.doc, None, true, "succeeded").await;
    run.finish(SwitchStatus::Succeeded, None).await
}

async fn fail_step(run: &mut Run, index: usize, why: &str) -> Result<(), StepError> {
    run.mark(index, StepState::Failed, Some(why.to_string()));
    let mut tx = store::begin_write(&run.state.store.pool).await?;
    run.save_step(&mut tx, index).await?;
    tx.commit().await?;
    Ok(())
}

async fn roll_back_all(run: &mut Run) -> Result<(), StepError> {
    let mut tx = store::begin_write(&run.state.store.pool).await?;
    run.save(&mut tx, false).await?;
    tx.commit().await?;
    for index in (0..run.doc.steps.len()).rev() {
        if matches!(
            run.doc.steps[index].state,
            StepState::Pending | StepState::RolledBack
        ) {
            continue;
        }
        if let Err(e) = run.step(index, Direction::Back).await {
            let why = match e {
                StepError::Superseded => return Err(StepError::Superseded),
                StepError::Failed(why) => why,
            };
            fail_step(run, index, &why).await?;
            event(&run.state, &run.doc, Some(index), false, &why).await;
            return run
                .finish(
                    SwitchStatus::Failed,
                    Some(format!("The rollback failed: {why}")),
                )
                .await;
        }
        event(&run.state, &run.doc, Some(index), true, "rolled back").await;
    }
    run.finish(SwitchStatus::RolledBack, None).await
}

/// Every step, and the switch's start and end, is an event in the audit trail.
async fn event(state: &AppState, doc: &StorageSwitch, step: Option<usize>, ok: bool, what: &str) {
    let id = doc.id.as_deref().unwrap_or("");
    let (target, domain, description) = match step.and_then(|i| doc.steps.get(i)) {
        Some(s) => (
            s.label(),
            s.domains.first().map(|d| d.id.clone()),
            format!("Storage switch {id}: {}: {what}", s.label()),
        ),
        None => (
            format!("storage switch {id}"),
            None,
            format!("Storage switch {id} {what}."),
        ),
    };
    let recorded = state
        .store
        .events
        .record(store::events::NewEvent {
            user_name: None,
            action: "Switch Storage".into(),
            target: Some(target),
            storage_domain_id: domain,
            success: ok,
            description,
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!(
            error = format!("{e:#}"),
            "could not record a storage switch event"
        );
    }
}
