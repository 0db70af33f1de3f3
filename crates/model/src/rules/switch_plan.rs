//! Switching a site to its replica (issue 18's first part): where each connection goes under the
//! administrator's mapping, and the order the domains are switched in. Pure: the engine plans
//! with it, the web admin previews with it.
//!
//! A mapping is rules (every connection on one NFS/POSIX server moves to another, with an
//! optional path prefix rewritten; every iSCSI path on one portal moves to another, with an
//! optional target renamed) and per-connection overrides, which win over the rules.

use crate::StorageConnection;

/// One "move everything on this server" line of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// File connections (NFS, POSIX, GlusterFS) on `from` go to `to`; a path starting with the
    /// prefix's first part starts with its second instead.
    Server {
        from: String,
        to: String,
        path_prefix: Option<(String, String)>,
    },
    /// iSCSI connections on portal `from` (address, port) go to portal `to`; a target named as
    /// the first part of `target` becomes the second.
    Portal {
        from: (String, i32),
        to: (String, i32),
        target: Option<(String, String)>,
    },
}

fn same_host(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// `path` with `from` replaced by `to` when `from` is a whole leading part of it (`/exports`
/// matches `/exports/data`, not `/exportsX`).
fn rewrite_prefix(path: &str, from: &str, to: &str) -> Option<String> {
    let from = from.trim_end_matches('/');
    let rest = path.strip_prefix(from)?;
    (rest.is_empty() || rest.starts_with('/'))
        .then(|| format!("{}{rest}", to.trim_end_matches('/')))
}

impl Rule {
    /// The connection as this rule moves it, or `None` when the rule does not apply to it.
    pub fn apply(&self, c: &StorageConnection) -> Option<StorageConnection> {
        let address = c.address.as_deref()?;
        match self {
            Rule::Server {
                from,
                to,
                path_prefix,
            } => {
                if c.storage_type.is_some_and(|t| t.is_block()) || !same_host(address, from) {
                    return None;
                }
                let path = match (path_prefix, c.path.as_deref()) {
                    (Some((old, new)), Some(p)) => {
                        Some(rewrite_prefix(p, old, new).unwrap_or_else(|| p.to_string()))
                    }
                    (_, p) => p.map(str::to_string),
                };
                Some(StorageConnection {
                    address: Some(to.trim().to_string()),
                    path,
                    ..c.clone()
                })
            }
            Rule::Portal { from, to, target } => {
                let port = c.port_or_default();
                if !c.storage_type.is_some_and(|t| t.is_block())
                    || !same_host(address, &from.0)
                    || port != from.1
                {
                    return None;
                }
                let target = match (target, c.target.as_deref()) {
                    (Some((old, new)), Some(t)) if t == old => Some(new.clone()),
                    (_, t) => t.map(str::to_string),
                };
                Some(StorageConnection {
                    address: Some(to.0.trim().to_string()),
                    port: Some(to.1),
                    target,
                    ..c.clone()
                })
            }
        }
    }
}

/// Where `c` goes: its override if it has one, else the first rule that applies, else nowhere
/// (`None`: it stays as it is).
pub fn remap(
    c: &StorageConnection,
    rules: &[Rule],
    overrides: &[StorageConnection],
) -> Option<StorageConnection> {
    let id = c.id.as_deref();
    overrides
        .iter()
        .find(|o| id.is_some() && o.id.as_deref() == id)
        .map(|o| StorageConnection {
            storage_type: c.storage_type,
            id: c.id.clone(),
            ..o.clone()
        })
        .or_else(|| rules.iter().find_map(|r| r.apply(c)))
        .filter(|moved| moved != c)
}

/// A domain to switch: its id and name, and whether it is its data center's master.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainToSwitch {
    pub id: String,
    pub name: String,
    pub master: bool,
}

/// The order domains are switched in: every other domain first (by name, so a plan reads the
/// same every time), the master last — while the others switch it keeps the data center up, and
/// when its own turn comes the engine hands the master role to a domain already switched.
pub fn order(mut domains: Vec<DomainToSwitch>) -> Vec<DomainToSwitch> {
    domains.sort_by(|a, b| a.master.cmp(&b.master).then_with(|| a.name.cmp(&b.name)));
    domains
}

/// Domains that share a changing connection switch together (an iSCSI path used by two block
/// domains cannot be new for one and old for the other). Takes each changing connection with
/// the domains behind it; answers the groups, each with its domains and its connections, in the
/// order first met. A connection without a domain is a group of its own.
pub fn group(uses: &[(String, Vec<String>)]) -> Vec<(Vec<String>, Vec<String>)> {
    let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (connection, domains) in uses {
        let meets: Vec<usize> = (0..groups.len())
            .filter(|&g| domains.iter().any(|d| groups[g].0.contains(d)))
            .collect();
        let mut merged = (Vec::new(), Vec::new());
        for &g in meets.iter().rev() {
            let (ds, cs) = groups.remove(g);
            merged.0.splice(0..0, ds);
            merged.1.splice(0..0, cs);
        }
        for d in domains {
            if !merged.0.contains(d) {
                merged.0.push(d.clone());
            }
        }
        merged.1.push(connection.clone());
        let at = meets.first().copied().unwrap_or(groups.len());
        groups.insert(at.min(groups.len()), merged);
    }
    groups
}

/// Connections the plan would leave with the same details (by `key`, the engine's duplicate
/// key): each such connection with the other one it would duplicate.
pub fn clashes(keys: &[(String, String)]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (i, (id, key)) in keys.iter().enumerate() {
        if let Some((other, _)) = keys[..i].iter().find(|(_, k)| k == key) {
            found.push((id.clone(), other.clone()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StorageType;

    fn nfs(id: &str, address: &str, path: &str) -> StorageConnection {
        StorageConnection {
            id: Some(id.into()),
            storage_type: Some(StorageType::Nfs),
            address: Some(address.into()),
            path: Some(path.into()),
            ..Default::default()
        }
    }

    fn iscsi(id: &str, address: &str, port: Option<i32>, target: &str) -> StorageConnection {
        StorageConnection {
            id: Some(id.into()),
            storage_type: Some(StorageType::Iscsi),
            address: Some(address.into()),
            port,
            target: Some(target.into()),
            ..Default::default()
        }
    }

    fn server(from: &str, to: &str, prefix: Option<(&str, &str)>) -> Rule {
        Rule::Server {
            from: from.into(),
            to: to.into(),
            path_prefix: prefix.map(|(a, b)| (a.into(), b.into())),
        }
    }

    #[test]
    fn a_server_rule_moves_file_connections_and_rewrites_the_path_prefix() {
        let rule = server(
            "nfs1.example.com",
            "nfs1-dr.example.com",
            Some(("/exports", "/replica")),
        );
        let moved = rule
            .apply(&nfs("a", "NFS1.example.com", "/exports/data"))
            .unwrap();
        assert_eq!(moved.address.as_deref(), Some("nfs1-dr.example.com"));
        assert_eq!(moved.path.as_deref(), Some("/replica/data"));
        assert_eq!(
            moved.id.as_deref(),
            Some("a"),
            "the same connection, re-pointed"
        );
        // A path outside the prefix keeps its path; only whole leading parts match.
        let kept = rule
            .apply(&nfs("b", "nfs1.example.com", "/exportsX/iso"))
            .unwrap();
        assert_eq!(kept.path.as_deref(), Some("/exportsX/iso"));
        assert_eq!(
            rule.apply(&nfs("c", "nfs2.example.com", "/exports/data")),
            None
        );
        assert_eq!(
            rule.apply(&iscsi("d", "nfs1.example.com", None, "iqn.x")),
            None
        );
    }

    #[test]
    fn a_portal_rule_moves_iscsi_paths_and_renames_the_target() {
        let rule = Rule::Portal {
            from: ("192.0.2.21".into(), 3260),
            to: ("198.51.100.21".into(), 3261),
            target: Some((
                "iqn.2026-01.com.example:db".into(),
                "iqn.2026-01.com.example:db-dr".into(),
            )),
        };
        // No port stored is the default port.
        let moved = rule
            .apply(&iscsi(
                "a",
                "192.0.2.21",
                None,
                "iqn.2026-01.com.example:db",
            ))
            .unwrap();
        assert_eq!(moved.address.as_deref(), Some("198.51.100.21"));
        assert_eq!(moved.port, Some(3261));
        assert_eq!(
            moved.target.as_deref(),
            Some("iqn.2026-01.com.example:db-dr")
        );
        let other = rule
            .apply(&iscsi("b", "192.0.2.21", Some(3260), "iqn.other"))
            .unwrap();
        assert_eq!(other.target.as_deref(), Some("iqn.other"));
        assert_eq!(
            rule.apply(&iscsi("c", "192.0.2.21", Some(3262), "iqn.other")),
            None
        );
        assert_eq!(rule.apply(&nfs("d", "192.0.2.21", "/x")), None);
    }

    #[test]
    fn an_override_wins_over_the_rules_and_keeps_the_type_and_id() {
        let rules = [server("nfs1.example.com", "nfs9.example.com", None)];
        let c = nfs("a", "nfs1.example.com", "/exports/data");
        let mut o = nfs("a", "nfs5.example.com", "/other");
        o.storage_type = Some(StorageType::Posixfs);
        let moved = remap(&c, &rules, &[o]).unwrap();
        assert_eq!(moved.address.as_deref(), Some("nfs5.example.com"));
        assert_eq!(
            moved.storage_type,
            Some(StorageType::Nfs),
            "the type never changes"
        );
        let by_rule = remap(&nfs("b", "nfs1.example.com", "/x"), &rules, &[]).unwrap();
        assert_eq!(by_rule.address.as_deref(), Some("nfs9.example.com"));
        assert_eq!(
            remap(&nfs("c", "nfs2.example.com", "/x"), &rules, &[]),
            None
        );
        // A rule that changes nothing moves nothing.
        let same = [server("nfs1.example.com", "nfs1.example.com", None)];
        assert_eq!(remap(&c, &same, &[]), None);
    }

    #[test]
    fn the_master_switches_last_and_the_others_by_name() {
        let d = |id: &str, name: &str, master: bool| DomainToSwitch {
            id: id.into(),
            name: name.into(),
            master,
        };
        let plan = order(vec![
            d("1", "data-nfs", true),
            d("2", "iso", false),
            d("3", "data-b", false),
        ]);
        let names: Vec<_> = plan.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["data-b", "iso", "data-nfs"]);
    }
    #[test]
    fn domains_sharing_a_connection_switch_together() {
        let u = |c: &str, ds: &[&str]| (c.to_string(), ds.iter().map(|d| d.to_string()).collect());
        let groups = group(&[
            u("a", &["d1"]),
            u("b", &["d2"]),
            u("c", &["d3"]),
            u("shared", &["d1", "d3"]),
            u("orphan", &[]),
        ]);
        assert_eq!(
            groups,
            vec![
                (
                    vec!["d1".to_string(), "d3".to_string()],
                    vec!["a".to_string(), "c".to_string(), "shared".to_string()]
                ),
                (vec!["d2".to_string()], vec!["b".to_string()]),
                (vec![], vec!["orphan".to_string()]),
            ]
        );
    }

    #[test]
    fn two_connections_moved_onto_the_same_details_clash() {
        let k = |id: &str, key: &str| (id.to_string(), key.to_string());
        assert_eq!(
            clashes(&[k("a", "x:/1"), k("b", "x:/2"), k("c", "x:/1")]),
            vec![("c".to_string(), "a".to_string())]
        );
        assert!(clashes(&[k("a", "x:/1"), k("b", "x:/2")]).is_empty());
    }
}
