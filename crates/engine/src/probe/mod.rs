//! The host agent: what a host does with storage on the engine's behalf — test and connect,
//! iSCSI discovery and login, NFS export listing, and measuring space. The embedded agent acts as
//! every host from the engine's own machine, for real: TCP, ONC RPC, iSCSI and the file system.
//! Every step is bounded by `timeout`; network I/O is async and file-system checks run on the
//! blocking pool, so probes never stall the request workers.

pub mod iscsi;
pub mod iscsi_error;
pub mod local;
pub mod rpc;
pub mod tcp;

use std::time::{Duration, Instant};
use storage_model::probe::{ProbeReport, ProbeStep, ProbeSteps};
use storage_model::{StorageConnection, StorageType};
pub use tcp::Scope;

/// The NFS server port.
pub const NFS_PORT: u16 = 2049;

/// Free and used bytes of a storage location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceStats {
    pub available: i64,
    pub used: i64,
}

#[derive(Debug, Clone)]
pub struct HostAgent {
    pub timeout: Duration,
    pub scope: Scope,
    /// Where NFS servers listen (2049; tests point it at their own RPC server).
    pub nfs_port: u16,
    /// Where rpcbind listens (111).
    pub rpcbind_port: u16,
}

impl Default for HostAgent {
    fn default() -> Self {
        HostAgent {
            timeout: Duration::from_secs(5),
            scope: Scope::Any,
            nfs_port: NFS_PORT,
            rpcbind_port: 111,
        }
    }
}

/// Records steps with their outcome and duration.
#[derive(Default)]
struct Steps(Vec<ProbeStep>);

impl Steps {
    fn push(&mut self, name: &str, started: Instant, outcome: Result<String, String>) -> bool {
        let ok = outcome.is_ok();
        self.0.push(ProbeStep {
            name: name.into(),
            ok: Some(ok),
            detail: match outcome {
                Ok(d) | Err(d) => d,
            },
            duration_ms: i64::try_from(started.elapsed().as_millis()).ok(),
        });
        ok
    }

    fn skipped(&mut self, name: &str, detail: String) {
        self.0.push(ProbeStep {
            name: name.into(),
            ok: None,
            detail,
            duration_ms: Some(0),
        });
    }

    fn report(self) -> ProbeReport {
        let ok = self.0.iter().all(|s| s.ok != Some(false));
        ProbeReport {
            status: if ok { "complete" } else { "failed" }.into(),
            probe_steps: Some(ProbeSteps { probe_step: self.0 }),
        }
    }
}

fn chap(c: &StorageConnection) -> Option<iscsi::Chap<'_>> {
    match (c.username.as_deref(), c.password.as_deref()) {
        (Some(u), Some(p)) if !u.is_empty() => Some(iscsi::Chap { user: u, secret: p }),
        _ => None,
    }
}

impl HostAgent {
    /// Tests that the storage behind `c` can be used, step by step.
    pub async fn test(&self, c: &StorageConnection) -> ProbeReport {
        let mut steps = Steps::default();
        let t = c.storage_type.unwrap_or(StorageType::Nfs);
        let address = c.address.clone().unwrap_or_default();
        match t {
            StorageType::Localfs => {
                self.local(&mut steps, c.path.as_deref().unwrap_or(""))
                    .await
            }
            StorageType::Posixfs | StorageType::Glusterfs if address.is_empty() => {
                self.local(&mut steps, c.path.as_deref().unwrap_or(""))
                    .await
            }
            _ if !tcp::allowed(self.scope, &address) => steps.skipped(
                "reach",
                format!("{address} was not contacted: this engine only probes loopback addresses"),
            ),
            StorageType::Nfs => {
                let started = Instant::now();
                let reached = tcp::connect(&address, self.nfs_port, self.timeout)
                    .await
                    .map(|_| format!("{address}:{} accepts connections", self.nfs_port));
                if steps.push("connect", started, reached) {
                    let started = Instant::now();
                    let vers = match c.nfs_version {
                        Some(storage_model::NfsVersion::V3) => 3,
                        _ => 4,
                    };
                    let alive = rpc::ping(&address, self.nfs_port, rpc::NFS, vers, self.timeout)
                        .await
                        .map(|_| format!("the NFS service answers (version {vers})"));
                    steps.push("nfs", started, alive);
                }
            }
            StorageType::Posixfs | StorageType::Glusterfs => {
                let started = Instant::now();
                let found = tcp::resolve(&address, 0, self.timeout)
                    .await
                    .map(|a| format!("{address} resolves to {}", a[0].ip()));
                steps.push("resolve", started, found);
            }
            StorageType::Iscsi => {
                let port = u16::try_from(c.port.unwrap_or(3260)).unwrap_or(3260);
                let target = c.target.clone().unwrap_or_default();
                let started = Instant::now();
                let reached = tcp::connect(&address, port, self.timeout)
                    .await
                    .map(|_| format!("the portal {address}:{port} accepts connections"));
                if !steps.push("connect", started, reached) {
                    return steps.report();
                }
                let started = Instant::now();
                let found = iscsi::discover(&address, port, chap(c), self.timeout)
                    .await
                    .map_err(|e| e.to_string());
                let found = found.and_then(|targets| {
                    if targets.iter().any(|x| x.name == target) {
                        Ok(format!(
                            "the portal offers {target} ({} targets)",
                            targets.len()
                        ))
                    } else {
                        Err(format!(
                            "the portal does not offer {target} (it offers {})",
                            targets.len()
                        ))
                    }
                });
                if !steps.push("discover", started, found) {
                    return steps.report();
                }
                let started = Instant::now();
                let login = iscsi::login(&address, port, &target, chap(c), self.timeout)
                    .await
                    .map(|_| format!("logged in to {target} and out again"))
                    .map_err(|e| e.to_string());
                steps.push("login", started, login);
            }
            other => steps.skipped("reach", format!("{} storage is not probed", other.label())),
        }
        steps.report()
    }

    async fn local(&self, steps: &mut Steps, path: &str) {
        let started = Instant::now();
        let p = path.to_string();
        let results = tokio::time::timeout(
            self.timeout,
            tokio::task::spawn_blocking(move || local::check(&p)),
        )
        .await;
        match results {
            Ok(Ok(list)) => {
                for (name, outcome) in list {
                    steps.push(name, started, outcome);
                }
            }
            Ok(Err(e)) => {
                steps.push("path", started, Err(format!("the check failed: {e}")));
            }
            Err(_) => {
                steps.push(
                    "path",
                    started,
                    Err(format!(
                        "{path} did not answer within {} s (hung mount?)",
                        self.timeout.as_secs_f32()
                    )),
                );
            }
        }
    }

    /// Connects the host to the storage: the test must pass; the error names the failed step.
    pub async fn connect(&self, _host: &str, c: &StorageConnection) -> Result<(), String> {
        let report = self.test(c).await;
        match report.steps().iter().find(|s| s.ok == Some(false)) {
            None => Ok(()),
            Some(s) => Err(format!("{} failed: {}", s.name, s.detail)),
        }
    }

    /// Disconnects the host from the storage (nothing is kept connected by the embedded agent).
    pub async fn disconnect(&self, _host: &str, _c: &StorageConnection) {}

    /// Space of the storage behind a connection, when the agent can measure it (local paths,
    /// and POSIX paths without a server).
    pub async fn space(&self, c: &StorageConnection) -> Option<SpaceStats> {
        let local = match c.storage_type {
            Some(StorageType::Localfs) => true,
            Some(StorageType::Posixfs) => c.address.as_deref().is_none_or(str::is_empty),
            _ => false,
        };
        if !local {
            return None;
        }
        let path = c.path.clone()?;
        tokio::task::spawn_blocking(move || local::space(&path))
            .await
            .ok()
            .flatten()
    }

    /// iSCSI SendTargets discovery on a portal.
    pub async fn discover(
        &self,
        address: &str,
        port: u16,
        chap: Option<iscsi::Chap<'_>>,
    ) -> Result<Vec<iscsi::Target>, String> {
        if !tcp::allowed(self.scope, address) {
            return Err(format!(
                "{address} was not contacted: this engine only probes loopback addresses"
            ));
        }
        iscsi::discover(address, port, chap, self.timeout)
            .await
            .map_err(|e| e.to_string())
    }

    /// A normal-session login check to one target.
    pub async fn login(
        &self,
        address: &str,
        port: u16,
        target: &str,
        chap: Option<iscsi::Chap<'_>>,
    ) -> Result<(), String> {
        if !tcp::allowed(self.scope, address) {
            return Err(format!(
                "{address} was not contacted: this engine only probes loopback addresses"
            ));
        }
        iscsi::login(address, port, target, chap, self.timeout)
            .await
            .map_err(|e| e.to_string())
    }

    /// The exports of an NFS server (through rpcbind and MOUNT; NFSv3 servers).
    pub async fn exports(&self, address: &str) -> Result<Vec<String>, String> {
        if !tcp::allowed(self.scope, address) {
            return Err(format!(
                "{address} was not contacted: this engine only probes loopback addresses"
            ));
        }
        rpc::exports(address, self.rpcbind_port, self.timeout).await
    }
}
