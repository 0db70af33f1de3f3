//! Every API operation, once: how it is routed and how it is documented. The router
//! (`http::api`) and the OpenAPI document (`http::openapi`) are both built from this list, so
//! the document cannot drift from what is served.

use super::declared::{self, Declared};
use super::permission::Permission;
use super::route_metrics::RouteMetrics;
use super::{
    clusters, connections, datacenters, disks, document, domains, events, hosts, observe, probes,
    switches, templates, users, vms,
};
use crate::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use storage_model::probe::{IscsiAction, ProbeReport};
use storage_model::rules::messages::Verb;
use storage_model::rules::permissions::ActionGroup;
use storage_model::{
    Action, ApiRoot, Cluster, Clusters, DataCenter, DataCenters, Disk, Disks, Event, Events, Host,
    Hosts, Permissions, StorageConnection, StorageConnections, StorageDomain, StorageDomains,
    StorageSwitch, StorageSwitches, Template, Templates, User, Vm, VmPools, Vms,
};

/// How an operation's body or answer is described: a JSON Schema from a Rust type.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

pub struct Operation {
    pub method: Method,
    /// axum's path syntax (`{id}`), relative to the API root.
    pub path: &'static str,
    pub summary: &'static str,
    pub query: &'static [&'static str],
    /// The request body's schema, and whether it is required (actions take an optional one).
    pub body: Option<(SchemaFn, bool)>,
    /// The success status and what it carries.
    pub ok: (u16, SchemaFn),
    /// The success answer's media type (JSON, or XML when asked, for all but a few).
    pub ok_type: &'static str,
    /// Who may call it beyond being signed in: every write declares one (a unit test holds
    /// every route to that), and the router enforces it before the handler runs.
    pub permission: Option<Permission>,
    /// The audit trail's name of what a write does ("Edit Storage Connection"): every write
    /// is an event, allowed or refused.
    pub audit: Option<&'static str>,
    /// The root element of its answer in XML (`storage_connections`, `action`…): declared, so
    /// the XML layer never guesses it from the URL or the body.
    pub xml: Option<&'static str>,
    /// Not part of oVirt's API (the connection test, NFS export listing, metrics…): documented
    /// as an extension, and not served by an engine started with `--vanilla`.
    pub extension: bool,
    pub handler: Endpoint,
}

/// An operation's handler, made into its route when the router is built: bound to the engine's
/// state inside the one service of what its row declares (`declared.rs`), so that a request
/// goes through one boxed service per route, not one per layer.
pub struct Endpoint(
    Box<dyn Fn(AppState, Declared, MethodFilter) -> MethodRouter<AppState> + Send + Sync>,
);

fn handler<H, T>(h: H) -> Endpoint
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Endpoint(Box::new(move |state, facts, method| {
        let bound = h.clone().with_state(state.clone());
        MethodRouter::new().on_service(method, declared::Service::new(state, facts, bound))
    }))
}

const fn needs(group: ActionGroup, verb: Verb, object: &'static str) -> Permission {
    Permission {
        group,
        verb,
        object,
        domain: None,
    }
}

use crate::commands::{CONNECTION, DOMAIN};
use ActionGroup::{
    CreateStorageDomain as CREATE, ManageInfrastructure as INFRA, ManageVm as VM,
    ManipulateStorageDomain as MANIPULATE,
};

fn op(
    method: Method,
    path: &'static str,
    summary: &'static str,
    handler: Endpoint,
    ok: (u16, SchemaFn),
) -> Operation {
    Operation {
        method,
        path,
        summary,
        query: &[],
        body: None,
        ok,
        ok_type: "application/json",
        permission: None,
        audit: None,
        xml: None,
        extension: false,
        handler,
    }
}

impl Operation {
    /// Its route: the handler inside what this row declares about it.
    pub fn route(&self, state: &AppState) -> anyhow::Result<MethodRouter<AppState>> {
        let method = MethodFilter::try_from(self.method.clone())
            .map_err(|e| anyhow::anyhow!("{} {}: {e}", self.method, self.path))?;
        Ok((self.handler.0)(state.clone(), self.declared(), method))
    }

    /// The facts of this row the route applies on every request.
    fn declared(&self) -> Declared {
        Declared {
            route: self.path,
            permission: self.permission,
            is_action: self.is_action(),
            xml: self.xml,
            audit: self.audit,
            writes: self.method != Method::GET,
            metrics: RouteMetrics::of(&self.method, self.path),
        }
    }

    fn body(mut self, body: SchemaFn) -> Self {
        self.body = Some((body, true));
        self
    }

    /// An action's body: `{}`, `{"async":"false"}` or none at all.
    fn action(mut self) -> Self {
        self.body = Some((schema::<Action>, false));
        self
    }

    fn query(mut self, query: &'static [&'static str]) -> Self {
        self.query = query;
        self
    }

    /// Answers YAML (a DR mapping file).
    fn yaml(mut self) -> Self {
        self.ok_type = "application/yaml";
        self
    }

    /// Answers plain text (the metrics).
    fn text(mut self) -> Self {
        self.ok_type = "text/plain";
        self
    }

    fn needs(mut self, p: Permission) -> Self {
        self.permission = Some(p);
        self
    }

    fn xml(mut self, element: &'static str) -> Self {
        self.xml = Some(element);
        self
    }

    /// The audit trail's name of this write.
    fn audit(mut self, action: &'static str) -> Self {
        self.audit = Some(action);
        self
    }

    /// Not oVirt's: this project's own addition to the API.
    fn extension(mut self) -> Self {
        self.extension = true;
        self
    }

    /// The grant may be scoped to the storage domain in this path parameter.
    fn on_domain(mut self, param: &'static str) -> Self {
        if let Some(p) = &mut self.permission {
            p.domain = Some(param);
        }
        self
    }

    /// Whether the body is an action's (`.action()`): a refusal then comes inside an action.
    pub fn is_action(&self) -> bool {
        matches!(self.body, Some((_, false)))
    }
}

const SWITCH: &str = crate::commands::plan_switch::OBJECT;

/// `POST /storageswitches/{id}/…`: a write on a switch, answering the switch.
fn switch_action(
    path: &'static str,
    audit: &'static str,
    summary: &'static str,
    handler: Endpoint,
) -> Operation {
    op(
        Method::POST,
        path,
        summary,
        handler,
        (200, schema::<StorageSwitch>),
    )
    .xml("storage_switch")
    .action()
    .audit(audit)
    .needs(needs(CREATE, Verb::Edit, SWITCH))
    .extension()
}

/// The parameters of a searchable collection.
const SEARCH: &[&str] = &["search", "case_sensitive", "max"];

pub fn all() -> Vec<Operation> {
    use Method as M;
    vec![
        op(
            M::GET,
            "/",
            "The API root and the signed-in user",
            handler(users::root),
            (200, schema::<ApiRoot>),
        )
        .xml("api"),
        op(
            M::GET,
            "/openapi.json",
            "This document",
            handler(document::serve),
            (200, schema::<serde_json::Value>),
        )
        .extension(),
        op(
            M::GET,
            "/metrics",
            "Prometheus metrics of this engine",
            handler(observe::serve),
            (200, schema::<String>),
        )
        .text()
        .extension(),
        op(
            M::GET,
            "/users/{id}",
            "A user",
            handler(users::get),
            (200, schema::<User>),
        )
        .xml("user"),
        op(
            M::GET,
            "/users/{id}/permissions",
            "A user's roles",
            handler(users::permissions),
            (200, schema::<Permissions>),
        )
        .xml("permissions"),
        op(
            M::GET,
            "/storagedomains/{id}/permissions",
            "Roles granted on a storage domain",
            handler(users::of_domain),
            (200, schema::<Permissions>),
        )
        .xml("permissions"),
        op(
            M::GET,
            "/events",
            "The audit trail, newest first",
            handler(events::list),
            (200, schema::<Events>),
        )
        .xml("events")
        .query(&["search", "case_sensitive", "storage_domain", "from", "max"]),
        op(
            M::GET,
            "/events/{index}",
            "One event",
            handler(events::get),
            (200, schema::<Event>),
        )
        .xml("event"),
        op(
            M::GET,
            "/storageconnections",
            "Every storage connection",
            handler(connections::list),
            (200, schema::<StorageConnections>),
        )
        .xml("storage_connections"),
        op(
            M::POST,
            "/storageconnections",
            "Add a storage connection (optionally through a host)",
            handler(connections::add),
            (201, schema::<StorageConnection>),
        )
        .xml("storage_connection")
        .body(schema::<StorageConnection>)
        .audit("Add Storage Connection")
        .needs(needs(CREATE, Verb::Add, CONNECTION)),
        op(
            M::GET,
            "/storageswitches",
            "Storage switches, newest first",
            handler(switches::list),
            (200, schema::<StorageSwitches>),
        )
        .xml("storage_switches")
        .extension(),
        op(
            M::POST,
            "/storageswitches",
            "Plan a storage switch (a mapping, or a DR mapping file): changes nothing",
            handler(switches::plan),
            (201, schema::<StorageSwitch>),
        )
        .xml("storage_switch")
        .body(schema::<StorageSwitch>)
        .audit("Plan Storage Switch")
        .needs(needs(CREATE, Verb::Add, SWITCH))
        .extension(),
        op(
            M::GET,
            "/storageswitches/{id}",
            "One storage switch: its plan and every step's progress",
            handler(switches::get),
            (200, schema::<StorageSwitch>),
        )
        .xml("storage_switch")
        .extension(),
        op(
            M::GET,
            "/storageswitches/{id}/drmapping",
            "The switch as the oVirt disaster-recovery role's mapping file (YAML)",
            handler(switches::dr_mapping),
            (200, schema::<String>),
        )
        .yaml()
        .extension(),
        switch_action(
            "/storageswitches/{id}/start",
            "Start Storage Switch",
            "Start a planned switch",
            handler(switches::start),
        ),
        switch_action(
            "/storageswitches/{id}/cancel",
            "Cancel Storage Switch",
            "Cancel a plan, or stop a running switch after its current step",
            handler(switches::cancel),
        ),
        switch_action(
            "/storageswitches/{id}/rollback",
            "Roll Back Storage Switch",
            "Put back every domain a failed or cancelled switch touched",
            handler(switches::rollback),
        ),
        op(
            M::POST,
            "/storageswitches/{id}/failback",
            "Plan the inverse of a finished switch",
            handler(switches::failback),
            (201, schema::<StorageSwitch>),
        )
        .xml("storage_switch")
        .action()
        .audit("Plan Storage Switch Fail-Back")
        .needs(needs(CREATE, Verb::Add, SWITCH))
        .extension(),
        op(
            M::GET,
            "/storageconnections/{id}",
            "One storage connection",
            handler(connections::get),
            (200, schema::<StorageConnection>),
        )
        .xml("storage_connection"),
        op(
            M::PUT,
            "/storageconnections/{id}",
            "Edit a storage connection (partial)",
            handler(connections::update),
            (200, schema::<StorageConnection>),
        )
        .xml("storage_connection")
        .body(schema::<StorageConnection>)
        .query(&["host", "force"])
        .audit("Edit Storage Connection")
        .needs(needs(CREATE, Verb::Edit, CONNECTION)),
        op(
            M::DELETE,
            "/storageconnections/{id}",
            "Remove a storage connection",
            handler(connections::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .query(&["host"])
        .audit("Remove Storage Connection")
        .needs(needs(CREATE, Verb::Remove, CONNECTION)),
        op(
            M::POST,
            "/storageconnections/test",
            "Test a connection before saving it",
            handler(probes::test_unsaved),
            (200, schema::<ProbeReport>),
        )
        .xml("action")
        .body(schema::<StorageConnection>)
        .audit("Test Storage Connection")
        .needs(needs(CREATE, Verb::Edit, CONNECTION))
        .extension(),
        op(
            M::POST,
            "/storageconnections/{id}/test",
            "Test a stored connection",
            handler(probes::test_stored),
            (200, schema::<ProbeReport>),
        )
        .xml("action")
        .action()
        .query(&["host"])
        .audit("Test Storage Connection")
        .needs(needs(CREATE, Verb::Edit, CONNECTION))
        .extension(),
        op(
            M::GET,
            "/storagedomains",
            "Every storage domain",
            handler(domains::list),
            (200, schema::<StorageDomains>),
        )
        .xml("storage_domains")
        .query(&["search", "case_sensitive", "max", "follow"]),
        op(
            M::POST,
            "/storagedomains",
            "Add a storage domain",
            handler(domains::add),
            (201, schema::<StorageDomain>),
        )
        .xml("storage_domain")
        .body(schema::<StorageDomain>)
        .audit("Add Storage Domain")
        .needs(needs(CREATE, Verb::Add, DOMAIN)),
        op(
            M::GET,
            "/storagedomains/{id}",
            "One storage domain",
            handler(domains::get),
            (200, schema::<StorageDomain>),
        )
        .xml("storage_domain"),
        op(
            M::PUT,
            "/storagedomains/{id}",
            "Edit a storage domain",
            handler(domains::update),
            (200, schema::<StorageDomain>),
        )
        .xml("storage_domain")
        .body(schema::<StorageDomain>)
        .audit("Edit Storage Domain")
        .needs(needs(MANIPULATE, Verb::Edit, DOMAIN))
        .on_domain("id"),
        op(
            M::DELETE,
            "/storagedomains/{id}",
            "Remove a storage domain",
            handler(domains::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .query(&["host", "format", "destroy"])
        .audit("Remove Storage Domain")
        .needs(needs(CREATE, Verb::Remove, DOMAIN)),
        op(
            M::GET,
            "/storagedomains/{id}/storageconnections",
            "A domain's connections",
            handler(domains::connections),
            (200, schema::<StorageConnections>),
        )
        .xml("storage_connections"),
        op(
            M::POST,
            "/storagedomains/{id}/storageconnections",
            "Attach a connection to an iSCSI domain",
            handler(domains::attach_connection),
            (200, schema::<Action>),
        )
        .xml("action")
        .body(schema::<StorageConnection>)
        .audit("Attach Storage Connection")
        .needs(needs(MANIPULATE, Verb::Attach, CONNECTION))
        .on_domain("id"),
        op(
            M::GET,
            "/storagedomains/{id}/storageconnections/{conn}",
            "One of a domain's connections",
            handler(domains::connection),
            (200, schema::<StorageConnection>),
        )
        .xml("storage_connection"),
        op(
            M::DELETE,
            "/storagedomains/{id}/storageconnections/{conn}",
            "Detach a connection from an iSCSI domain",
            handler(domains::detach_connection),
            (200, schema::<Action>),
        )
        .xml("action")
        .audit("Detach Storage Connection")
        .needs(needs(MANIPULATE, Verb::Detach, CONNECTION))
        .on_domain("id"),
        op(
            M::GET,
            "/datacenters",
            "Every data center",
            handler(datacenters::list),
            (200, schema::<DataCenters>),
        )
        .xml("data_centers")
        .query(SEARCH),
        op(
            M::GET,
            "/datacenters/{id}",
            "One data center",
            handler(datacenters::get),
            (200, schema::<DataCenter>),
        )
        .xml("data_center"),
        op(
            M::GET,
            "/datacenters/{id}/storagedomains",
            "The domains of a data center, with their status there",
            handler(datacenters::storage_domains),
            (200, schema::<StorageDomains>),
        )
        .xml("storage_domains"),
        op(
            M::POST,
            "/datacenters/{id}/storagedomains",
            "Attach a domain to a data center",
            handler(datacenters::attach),
            (201, schema::<StorageDomain>),
        )
        .xml("storage_domain")
        .body(schema::<StorageDomain>)
        .audit("Attach Storage Domain")
        .needs(needs(MANIPULATE, Verb::Attach, DOMAIN)),
        op(
            M::GET,
            "/datacenters/{id}/storagedomains/{sd}",
            "A domain in a data center",
            handler(datacenters::storage_domain),
            (200, schema::<StorageDomain>),
        )
        .xml("storage_domain"),
        op(
            M::DELETE,
            "/datacenters/{id}/storagedomains/{sd}",
            "Detach a domain from a data center",
            handler(datacenters::detach),
            (200, schema::<Action>),
        )
        .xml("action")
        .audit("Detach Storage Domain")
        .needs(needs(MANIPULATE, Verb::Detach, DOMAIN))
        .on_domain("sd"),
        op(
            M::POST,
            "/datacenters/{id}/storagedomains/{sd}/activate",
            "Activate a domain",
            handler(datacenters::activate),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Activate Storage Domain")
        .needs(needs(MANIPULATE, Verb::Activate, DOMAIN))
        .on_domain("sd"),
        op(
            M::POST,
            "/datacenters/{id}/storagedomains/{sd}/deactivate",
            "Put a domain in maintenance",
            handler(datacenters::deactivate),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Maintenance Storage Domain")
        .needs(needs(MANIPULATE, Verb::Deactivate, DOMAIN))
        .on_domain("sd"),
        op(
            M::GET,
            "/clusters",
            "Every cluster",
            handler(clusters::list),
            (200, schema::<Clusters>),
        )
        .xml("clusters")
        .query(SEARCH),
        op(
            M::GET,
            "/clusters/{id}",
            "One cluster",
            handler(clusters::get),
            (200, schema::<Cluster>),
        )
        .xml("cluster"),
        op(
            M::GET,
            "/hosts",
            "Every host",
            handler(hosts::list),
            (200, schema::<Hosts>),
        )
        .xml("hosts")
        .query(SEARCH),
        op(
            M::GET,
            "/hosts/{id}",
            "One host",
            handler(hosts::get),
            (200, schema::<Host>),
        )
        .xml("host"),
        op(
            M::POST,
            "/hosts/{id}/discoveriscsi",
            "Discover iSCSI targets from a host",
            handler(probes::discover),
            (200, schema::<IscsiAction>),
        )
        .xml("action")
        .body(schema::<IscsiAction>)
        .audit("Discover iSCSI Targets")
        .needs(needs(CREATE, Verb::Edit, CONNECTION)),
        op(
            M::POST,
            "/hosts/{id}/iscsilogin",
            "Log a host in to an iSCSI target",
            handler(probes::login),
            (200, schema::<Action>),
        )
        .xml("action")
        .body(schema::<IscsiAction>)
        .audit("Log In to iSCSI Target")
        .needs(needs(CREATE, Verb::Edit, CONNECTION)),
        op(
            M::GET,
            "/hosts/{id}/nfsexports",
            "The exports an NFS server offers, seen from a host",
            handler(probes::exports),
            (200, schema::<probes::Exports>),
        )
        .xml("nfs_exports")
        .query(&["address"])
        .extension(),
        op(
            M::GET,
            "/disks",
            "Every disk",
            handler(disks::list),
            (200, schema::<Disks>),
        )
        .xml("disks")
        .query(SEARCH),
        op(
            M::GET,
            "/disks/{id}",
            "One disk",
            handler(disks::get),
            (200, schema::<Disk>),
        )
        .xml("disk"),
        op(
            M::GET,
            "/disks/{id}/storageconnections",
            "The connections a direct-LUN disk uses",
            handler(disks::connections),
            (200, schema::<StorageConnections>),
        )
        .xml("storage_connections")
        .extension(),
        op(
            M::GET,
            "/vms",
            "Every virtual machine",
            handler(vms::list),
            (200, schema::<Vms>),
        )
        .xml("vms")
        .query(SEARCH),
        op(
            M::GET,
            "/vms/{id}",
            "One virtual machine",
            handler(vms::get),
            (200, schema::<Vm>),
        )
        .xml("vm"),
        op(
            M::POST,
            "/vms/{id}/start",
            "Start a virtual machine",
            handler(vms::start),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Start VM")
        .needs(needs(VM, Verb::Activate, "VM")),
        op(
            M::POST,
            "/vms/{id}/stop",
            "Stop a virtual machine",
            handler(vms::stop),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Stop VM")
        .needs(needs(VM, Verb::Deactivate, "VM")),
        op(
            M::DELETE,
            "/clusters/{id}",
            "Remove an empty cluster",
            handler(clusters::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .audit("Remove Cluster")
        .needs(needs(INFRA, Verb::Remove, "Cluster")),
        op(
            M::DELETE,
            "/datacenters/{id}",
            "Remove a data center (only its master left, in maintenance; or force)",
            handler(datacenters::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .query(&["force"])
        .audit("Remove Data Center")
        .needs(needs(INFRA, Verb::Remove, "Data Center")),
        op(
            M::POST,
            "/hosts/{id}/deactivate",
            "Put a host in maintenance (the SPM hands over)",
            handler(hosts::deactivate),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Maintenance Host")
        .needs(needs(INFRA, Verb::Deactivate, "Host")),
        op(
            M::POST,
            "/hosts/{id}/activate",
            "Bring a host out of maintenance",
            handler(hosts::activate),
            (200, schema::<Action>),
        )
        .xml("action")
        .action()
        .audit("Activate Host")
        .needs(needs(INFRA, Verb::Activate, "Host")),
        op(
            M::DELETE,
            "/hosts/{id}",
            "Remove a host in maintenance",
            handler(hosts::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .audit("Remove Host")
        .needs(needs(INFRA, Verb::Remove, "Host")),
        op(
            M::DELETE,
            "/vms/{id}",
            "Remove a VM that is down, with the disks only it used",
            handler(vms::remove),
            (200, schema::<Action>),
        )
        .xml("action")
        .audit("Remove VM")
        .needs(needs(INFRA, Verb::Remove, "VM")),
        op(
            M::GET,
            "/templates",
            "Every template (the Blank one)",
            handler(templates::list),
            (200, schema::<Templates>),
        )
        .xml("templates")
        .query(SEARCH),
        op(
            M::GET,
            "/templates/{id}",
            "One template",
            handler(templates::get),
            (200, schema::<Template>),
        )
        .xml("template"),
        op(
            M::GET,
            "/vmpools",
            "Every VM pool (none here)",
            handler(templates::pools),
            (200, schema::<VmPools>),
        )
        .xml("vm_pools")
        .query(SEARCH),
    ]
}
