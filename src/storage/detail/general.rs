//! General: what the domain is and where it lives.

use super::item;
use crate::api::domains::DomainRow;
use crate::ui::{gib_text, StatusBadge};
use leptos::prelude::*;
use storage_model::StorageType;

#[component]
pub fn GeneralTab(row: DomainRow) -> impl IntoView {
    let d = row.domain.clone();
    let s = d.storage.clone().unwrap_or_default();
    let t = row.storage_type();
    let path = match t {
        StorageType::Localfs => s.path.clone(),
        StorageType::Nfs | StorageType::Posixfs | StorageType::Glusterfs => {
            Some(match (&s.address, &s.path) {
                (Some(a), Some(p)) => format!("{a}:{p}"),
                (None, Some(p)) => p.clone(),
                _ => String::new(),
            })
        }
        _ => None,
    };
    let luns = s
        .volume_group
        .as_ref()
        .and_then(|vg| vg.logical_units.clone())
        .map(|l| l.logical_unit)
        .unwrap_or_default();
    view! {
        <dl class="props">
            <dt>"Status"</dt>
            <dd>
                <StatusBadge kind=row.status.as_str() label=row.status.label() />
            </dd>
            {item("Storage Type", Some(t.label().to_string()))}
            {item("Path", path)}
            {item("NFS Version", s.nfs_version.map(|v| v.label().to_string()))}
            {item("Retransmissions (#)", s.nfs_retrans.map(|v| v.to_string()))}
            {item("Timeout (deciseconds)", s.nfs_timeo.map(|v| v.to_string()))}
            {item("VFS Type", s.vfs_type.clone())}
            {item("Mount Options", s.mount_options.clone())}
            {item("Volume Group", s.volume_group.as_ref().and_then(|v| v.id.clone()))}
            {item("Total Space", Some(format!("{} GB", gib_text(d.total_bytes()))))}
            {item("Free Space", Some(format!("{} GB", gib_text(d.available))))}
            {item("Used Space", Some(format!("{} GB", gib_text(d.used))))}
            {item("Format", d.storage_format.map(|f| f.as_str().to_uppercase()))}
            {item("Warning Low Space Indicator (%)", d.warning_low_space_indicator.map(|v| v.to_string()))}
            {item("Critical Space Action Blocker (GB)", d.critical_space_action_blocker.map(|v| v.to_string()))}
            {item("Description", d.description.clone())}
            {item("Comment", d.comment.clone())}
        </dl>
        {(!luns.is_empty()).then(|| view! {
            <table class="grid compact" aria-label="Logical units">
                <thead><tr><th scope="col">"LUN ID"</th><th scope="col">"Size (GB)"</th><th scope="col">"Paths"</th><th scope="col">"Serial"</th></tr></thead>
                <tbody>
                    {luns.into_iter().map(|l| view! {
                        <tr>
                            <td class="mono">{l.id.clone()}</td>
                            <td class="num">{gib_text(l.size)}</td>
                            <td class="num">{l.paths.map(|p| p.to_string())}</td>
                            <td class="mono">{l.serial.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
