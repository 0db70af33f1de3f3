//! Taking a site apart as the Ansible `datacenter_cleanup` role does, by the real engine's
//! rules: VMs, hosts (maintenance and the SPM hand-over), clusters, data centers.

mod common;

use common::{ids, Engine};
use reqwest::Method;
use serde_json::json;

fn action(path: &str) -> String {
    format!("/ovirt-engine/api{path}")
}

#[tokio::test]
async fn a_vm_goes_when_down_with_its_disks_and_the_lun_stays() {
    let e = Engine::demo().await;
    let vm = format!("/vms/{}", ids::VM_DB);
    e.delete(&vm)
        .await
        .refused(409, "The virtual machine is running; stop it first.");
    e.send(
        Method::POST,
        &action(&format!("{vm}/stop")),
        Some(json!({})),
    )
    .await
    .ok();
    let r = e.delete(&vm).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(e.fetch(&vm).await.status, 404);
    assert_eq!(
        e.fetch(&format!("/disks/{}", ids::DISK_LUN)).await.status,
        404
    );
    // The LUN's connection is the storage's, not the VM's.
    let c = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_ISCSI_LUN_DISK))
        .await;
    assert_eq!(c.status, 200, "{}", c.text);
}

#[tokio::test]
async fn hosts_hand_the_spm_over_and_leave_from_maintenance() {
    let e = Engine::demo().await;
    let up = format!("/hosts/{}", ids::HOST_UP);
    let other = format!("/hosts/{}", ids::HOST_MAINTENANCE);
    e.delete(&up)
        .await
        .refused(409, "The host must be in maintenance first.");
    // The other host is activated first, so the SPM has somewhere to go.
    let r = e
        .send(
            Method::POST,
            &action(&format!("{other}/activate")),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = e
        .send(
            Method::POST,
            &action(&format!("{up}/deactivate")),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(e.fetch(&up).await.ok()["status"], "maintenance");
    assert_eq!(e.fetch(&up).await.ok()["spm"], "false");
    assert_eq!(
        e.fetch(&other).await.ok()["spm"],
        "true",
        "the SPM moved to the host that is up"
    );
    let r = e.delete(&up).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(e.fetch(&up).await.status, 404);
}

#[tokio::test]
async fn clusters_and_data_centers_go_only_when_emptied() {
    let e = Engine::demo().await;
    let cluster = format!("/clusters/{}", ids::CLUSTER);
    let r = e.delete(&cluster).await;
    r.refused(409, "The cluster still has 2 host(s)");
    assert!(r.text.contains("1 virtual machine(s)"), "{}", r.text);

    let dc = format!("/datacenters/{}", ids::DATA_CENTER);
    let r = e.delete(&dc).await;
    r.refused(
        409,
        "storage domains other than the master: archive-iscsi, data-ceph",
    );
    assert!(
        r.text.contains("The master storage domain is active"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("virtual machine(s) run in the data center"),
        "{}",
        r.text
    );
    assert_eq!(e.fetch(&dc).await.status, 200, "nothing changed");

    let r = e
        .send(Method::DELETE, &action(&format!("{dc}?force=true")), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(e.fetch(&dc).await.status, 404);
    // Its domains are unattached, its cluster and hosts have no data center.
    let unattached = e.fetch("/storagedomains?search=status%3Dunattached").await;
    assert_eq!(
        unattached.ok()["storage_domain"].as_array().unwrap().len(),
        7
    );
    let c = e.fetch(&cluster).await;
    assert!(c.ok().get("data_center").is_none(), "{}", c.text);
    let found = e.fetch("/hosts?search=datacenter%3DDefault").await;
    assert!(found.ok().get("host").is_none(), "{}", found.text);
}

#[tokio::test]
async fn templates_and_pools_list_as_on_every_site() {
    let e = Engine::demo().await;
    let t = e.fetch("/templates").await;
    assert_eq!(t.ok()["template"][0]["name"], "Blank");
    assert_eq!(
        t.ok()["template"][0]["id"],
        "00000000-0000-0000-0000-000000000000"
    );
    let none = e.fetch("/templates?search=datacenter%3DDefault").await;
    assert!(none.ok().get("template").is_none());
    assert!(e
        .fetch("/vmpools?search=datacenter%3DDefault")
        .await
        .ok()
        .get("vm_pool")
        .is_none());
    e.fetch("/vmpools?search=colour%3Dred").await.fault(
        400,
        "Operation Failed",
        "Cannot search pools",
    );
}
