//! Data Center: the domain's status in each data center, attach, detach, activate, maintenance.

use super::super::state::StorageCtx;
use crate::api::domains::DomainRow;
use crate::api::{datacenters, ApiError};
use crate::session::Session;
use crate::ui::{ActionButton, StatusBadge};
use leptos::prelude::*;
use storage_model::rules::actions::{DomainState, Enablement};
use storage_model::rules::permissions::ActionGroup;

/// The four things this tab does to the domain in a data center.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    Attach,
    Detach,
    Activate,
    Maintenance,
}

impl Op {
    const ALL: [Op; 4] = [Op::Attach, Op::Detach, Op::Activate, Op::Maintenance];

    fn label(self) -> &'static str {
        match self {
            Op::Attach => "Attach",
            Op::Detach => "Detach",
            Op::Activate => "Activate",
            Op::Maintenance => "Maintenance",
        }
    }

    /// webadmin's enablement of the button.
    fn allowed(self, s: &DomainState) -> Enablement {
        match self {
            Op::Attach => s.can_attach(),
            Op::Detach => s.can_detach(),
            Op::Activate => s.can_activate(),
            Op::Maintenance => s.can_deactivate(),
        }
    }

    /// What the notice says once done.
    fn done(self) -> &'static str {
        match self {
            Op::Attach => "Attached",
            Op::Detach => "Detached",
            Op::Activate => "Activated",
            Op::Maintenance => "Moved to maintenance",
        }
    }

    async fn run(self, dc: &str, domain: &str) -> Result<(), ApiError> {
        match self {
            Op::Attach => datacenters::attach(dc, domain).await.map(|_| ()),
            Op::Detach => datacenters::detach(dc, domain).await.map(|_| ()),
            Op::Activate => datacenters::activate(dc, domain).await.map(|_| ()),
            Op::Maintenance => datacenters::deactivate(dc, domain).await.map(|_| ()),
        }
    }
}

#[component]
pub fn DataCenterTab(row: DomainRow) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let session = Session::get();
    let state = row.state();
    let (id, name, dc) = (row.id(), row.name(), row.data_center());
    let dc_name = {
        let dc = dc.clone();
        move || ctx.data_center_name(&dc).unwrap_or_default()
    };
    let gate_id = id.clone();
    let enabled = move |op: Op| {
        let id = gate_id.clone();
        Signal::derive(move || {
            session.gate(
                ActionGroup::ManipulateStorageDomain,
                Some(&id),
                op.allowed(&state),
            )
        })
    };
    let attached_to = dc.clone();
    let act = Action::new_local(move |op: &Op| {
        let (op, domain, name) = (*op, id.clone(), name.clone());
        // Attach goes to the data center there is; the rest act where the domain is.
        let dc = match op {
            Op::Attach => ctx.first_data_center(),
            _ => attached_to.clone(),
        }
        .unwrap_or_default();
        async move {
            let result = op.run(&dc, &domain).await;
            ctx.done(result.map(|_| format!("{}: {name}", op.done())));
        }
    });
    view! {
        <div class="toolbar" role="toolbar" aria-label="Data center actions">
            {Op::ALL.map(|op| view! {
                <ActionButton label=op.label() enabled=enabled(op) on_click=Callback::new(move |_| { act.dispatch_local(op); }) />
            })}
        </div>
        {match dc {
            Some(_) => view! {
                <table class="grid compact" aria-label="Data centers">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Domain Status in Data Center"</th></tr></thead>
                    <tbody>
                        <tr>
                            <td>{dc_name}</td>
                            <td><StatusBadge kind=row.status.as_str() label=row.status.label() /></td>
                        </tr>
                    </tbody>
                </table>
            }.into_any(),
            None => view! { <p class="empty">"Not attached to a data center."</p> }.into_any(),
        }}
    }
}
