//! Every write route × every role: the permission each route declares in the operations table
//! (`http::operations`) is what a real request meets. Denied is 403 and nothing else; allowed is
//! never 401 or 403 (it may still be refused for other reasons).

mod common;

use common::{add_user, ids, Engine};
use engine::http::operations;
use reqwest::Method;
use serde_json::{json, Value};
use storage_model::rules::permissions::{allows, allows_somewhere, ActionGroup, Grant, Role};

/// A concrete path for a route template: the demo's objects, the scoped admin's domain first.
fn concrete(template: &str) -> String {
    let mut path = template.to_string();
    let sd_first = template.starts_with("/storagedomains/{id}");
    for (param, value) in [
        ("{conn}", ids::CONN_ISCSI_A),
        ("{sd}", ids::SD_POSIX),
        ("{index}", "1"),
    ] {
        path = path.replace(param, value);
    }
    let id = if sd_first {
        ids::SD_POSIX
    } else if template.starts_with("/storageconnections/") {
        ids::CONN_ORPHAN
    } else if template.starts_with("/datacenters/") {
        ids::DATA_CENTER
    } else if template.starts_with("/hosts/") {
        ids::HOST_UP
    } else if template.starts_with("/vms/") {
        ids::VM_DB
    } else if template.starts_with("/clusters/") {
        ids::CLUSTER
    } else {
        ids::SD_POSIX
    };
    path.replace("{id}", id)
}

/// A body that reads as the route's input (what it says does not matter here).
fn body(method: &Method, template: &str) -> Option<Value> {
    if *method == Method::DELETE {
        return None;
    }
    Some(match template {
        "/storageconnections" | "/storageconnections/test" => {
            json!({"type": "nfs", "address": "nfs9.example.com", "path": "/perm"})
        }
        "/storageconnections/{id}" => json!({"path": "/exports/perm"}),
        "/storagedomains" => {
            json!({"name": "perm", "type": "data", "host": {"name": "host1.example.com"},
                                    "storage": {"type": "nfs", "address": "nfs9.example.com", "path": "/perm"}})
        }
        "/storagedomains/{id}" => json!({"comment": "perm"}),
        "/storagedomains/{id}/storageconnections" => json!({"id": ids::CONN_ISCSI_B}),
        "/datacenters/{id}/storagedomains" => json!({"id": ids::SD_POSIX}),
        "/hosts/{id}/discoveriscsi" | "/hosts/{id}/iscsilogin" => {
            json!({"iscsi": {"address": "127.0.0.1", "port": "1", "target": "iqn.2026-01.x:y"}})
        }
        _ => json!({}),
    })
}

fn role_grants(role: Role, domain: Option<&str>) -> Vec<Grant> {
    vec![Grant {
        role,
        storage_domain: domain.map(str::to_string),
    }]
}

#[test]
fn every_operation_declares_its_permission_audit_action_and_xml_element() {
    for op in operations::all() {
        let writes = op.method != Method::GET;
        // Sign-out-like and read-only POSTs would be listed here; there are none.
        assert_eq!(
            op.permission.is_some(),
            writes,
            "{} {}: every write declares a permission, no read does",
            op.method,
            op.path
        );
    }
    for op in operations::all().iter().filter(|o| o.method != Method::GET) {
        assert!(
            op.audit.is_some(),
            "{} {}: every write names itself for the audit trail",
            op.method,
            op.path
        );
    }
    for op in operations::all() {
        // Only JSON answers have an XML form (not the metrics' text, nor a DR mapping's YAML).
        let json_or_text = op.path == "/openapi.json" || op.ok_type != "application/json";
        assert_eq!(
            op.xml.is_some(),
            !json_or_text,
            "{} {}: every XML answer's root element is declared",
            op.method,
            op.path
        );
    }
    let stop = operations::all()
        .into_iter()
        .find(|o| o.path == "/vms/{id}/stop")
        .unwrap();
    assert_eq!(stop.permission.unwrap().group, ActionGroup::ManageVm);
}

#[tokio::test]
async fn every_write_route_for_every_role() {
    let roles: [(&str, Role, Option<&str>); 4] = [
        ("super@internal", Role::SuperUser, None),
        ("storage@internal", Role::StorageAdmin, None),
        ("ceph@internal", Role::StorageAdmin, Some(ids::SD_POSIX)),
        ("viewer@internal", Role::ReadOnlyAdmin, None),
    ];
    let mut checked = 0;
    for (login, role, domain) in roles {
        // Each role on a site of its own, so one role's writes do not change another's answers.
        let e = Engine::demo().await;
        let token = add_user(&e, login, role, domain).await;
        let grants = role_grants(role, domain);
        for op in operations::all() {
            let Some(p) = op.permission else { continue };
            let path = concrete(op.path);
            let expected = match p.domain {
                Some(_) => allows(&grants, p.group, Some(ids::SD_POSIX)),
                None => allows_somewhere(&grants, p.group),
            };
            let r = e
                .send_as(
                    &token,
                    op.method.clone(),
                    &format!("/ovirt-engine/api{path}"),
                    body(&op.method, op.path),
                )
                .await;
            let what = format!(
                "{login} ({role}) {} {path}: {} {}",
                op.method, r.status, r.text
            );
            if expected {
                assert!(r.status != 401 && r.status != 403, "allowed, yet {what}");
            } else {
                assert_eq!(r.status, 403, "denied, so 403: {what}");
                assert!(
                    r.text.contains("You are not authorized to do this."),
                    "{what}"
                );
            }
            checked += 1;
        }
        // The hole that was: a system-wide storage admin could power VMs off.
        if role == Role::StorageAdmin && domain.is_none() {
            let r = e
                .send_as(
                    &token,
                    Method::POST,
                    &format!("/ovirt-engine/api/vms/{}/stop", ids::VM_DB),
                    Some(json!({})),
                )
                .await;
            assert_eq!(r.status, 403, "{}", r.text);
            let vm = e.fetch(&format!("/vms/{}", ids::VM_DB)).await;
            assert_eq!(vm.ok()["status"], "up", "the VM still runs");
        }
    }
    assert!(checked >= 4 * 18, "{checked} requests");
}
