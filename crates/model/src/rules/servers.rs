//! Storage servers: the connections grouped by the server they reach (an NFS/POSIX/GlusterFS
//! address, an iSCSI portal), where an administrator says "this server failed" — and the switch
//! rule that moves everything on one, ready to fill in.

use crate::switch::SwitchRule;
use crate::StorageConnection;

/// One server and the connections on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// `nfs1.example.com`, or `192.0.2.21:3260` for a portal.
    pub label: String,
    /// Whether it is an iSCSI portal (else a file server).
    pub portal: bool,
    /// The ids of its connections, in the order given.
    pub connections: Vec<String>,
}

impl Server {
    /// The rule that moves every connection on it, its destination left to fill in.
    pub fn rule(&self) -> SwitchRule {
        match self.label.rsplit_once(':').filter(|_| self.portal) {
            Some((address, port)) => SwitchRule {
                kind: "portal".into(),
                from_address: address.into(),
                from_port: port.parse().ok(),
                to_port: port.parse().ok(),
                ..Default::default()
            },
            None => SwitchRule {
                kind: "server".into(),
                from_address: self.label.clone(),
                ..Default::default()
            },
        }
    }
}

/// The server a connection reaches, and whether it is a portal; none for local paths and
/// POSIX paths without a server.
pub fn server_of(c: &StorageConnection) -> Option<(String, bool)> {
    let address = c
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())?;
    let address = address.to_ascii_lowercase();
    if c.storage_type.is_some_and(|t| t.is_block()) {
        Some((format!("{address}:{}", c.port_or_default()), true))
    } else {
        Some((address, false))
    }
}

/// Every server with its connections, by label.
pub fn group(connections: &[StorageConnection]) -> Vec<Server> {
    let mut servers: Vec<Server> = Vec::new();
    for c in connections {
        let Some((label, portal)) = server_of(c) else {
            continue;
        };
        let id = c.id.clone().unwrap_or_default();
        match servers
            .iter_mut()
            .find(|s| s.label == label && s.portal == portal)
        {
            Some(s) => s.connections.push(id),
            None => servers.push(Server {
                label,
                portal,
                connections: vec![id],
            }),
        }
    }
    servers.sort_by(|a, b| a.label.cmp(&b.label));
    servers
}

/// The mapping that moves exactly `chosen` (the connections of the domains an administrator
/// selected): a rule for each server they are on, and every other connection on those servers
/// left out (`excluded`), so the plan touches nothing else.
pub fn mapping_for(
    all: &[StorageConnection],
    chosen: &[StorageConnection],
) -> (Vec<SwitchRule>, Vec<String>) {
    let servers = group(chosen);
    let picked: Vec<&str> = chosen.iter().filter_map(|c| c.id.as_deref()).collect();
    let excluded = group(all)
        .into_iter()
        .filter(|s| {
            servers
                .iter()
                .any(|x| x.label == s.label && x.portal == s.portal)
        })
        .flat_map(|s| s.connections)
        .filter(|id| !picked.contains(&id.as_str()))
        .collect();
    (servers.iter().map(Server::rule).collect(), excluded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::switch_plan::Rule;
    use crate::StorageType;

    fn conn(
        id: &str,
        t: StorageType,
        address: Option<&str>,
        port: Option<i32>,
    ) -> StorageConnection {
        StorageConnection {
            id: Some(id.into()),
            storage_type: Some(t),
            address: address.map(str::to_string),
            port,
            path: Some("/x".into()),
            target: Some("iqn.t".into()),
            ..Default::default()
        }
    }

    #[test]
    fn connections_group_by_server_and_portal_and_local_paths_by_none() {
        let servers = group(&[
            conn("a", StorageType::Nfs, Some("NFS1.example.com"), None),
            conn("b", StorageType::Nfs, Some("nfs1.example.com"), None),
            conn("c", StorageType::Iscsi, Some("192.0.2.21"), None),
            conn("d", StorageType::Iscsi, Some("192.0.2.21"), Some(3260)),
            conn("e", StorageType::Iscsi, Some("192.0.2.21"), Some(3261)),
            conn("f", StorageType::Localfs, None, None),
        ]);
        let labels: Vec<(&str, usize)> = servers
            .iter()
            .map(|s| (s.label.as_str(), s.connections.len()))
            .collect();
        assert_eq!(
            labels,
            [
                ("192.0.2.21:3260", 2),
                ("192.0.2.21:3261", 1),
                ("nfs1.example.com", 2)
            ]
        );
    }

    #[test]
    fn a_servers_rule_moves_what_is_on_it_once_filled_in() {
        let servers = group(&[conn("c", StorageType::Iscsi, Some("192.0.2.21"), None)]);
        let mut rule = servers[0].rule();
        assert_eq!(rule.from_address, "192.0.2.21");
        assert!(rule.to_rule().is_err(), "the destination is to fill in");
        rule.to_address = "198.51.100.21".into();
        assert_eq!(
            rule.to_rule(),
            Ok(Rule::Portal {
                from: ("192.0.2.21".into(), 3260),
                to: ("198.51.100.21".into(), 3260),
                target: None
            })
        );
        let nfs = group(&[conn("a", StorageType::Nfs, Some("nfs1.example.com"), None)]);
        assert_eq!(nfs[0].rule().kind, "server");
    }

    #[test]
    fn a_selection_maps_its_servers_and_leaves_their_other_connections_out() {
        let all = [
            conn("a", StorageType::Nfs, Some("nfs1.example.com"), None),
            conn("b", StorageType::Nfs, Some("nfs1.example.com"), None),
            conn("c", StorageType::Nfs, Some("nfs2.example.com"), None),
            conn("d", StorageType::Iscsi, Some("192.0.2.21"), None),
        ];
        let (rules, excluded) = mapping_for(&all, &[all[0].clone(), all[3].clone()]);
        let froms: Vec<&str> = rules.iter().map(|r| r.from_address.as_str()).collect();
        assert_eq!(froms, ["192.0.2.21", "nfs1.example.com"]);
        assert_eq!(
            excluded,
            ["b"],
            "b shares nfs1 but was not selected; c is elsewhere"
        );
    }
}
