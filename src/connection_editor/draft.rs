//! The editable state of a connection form, and its validation by the shared rules.

use leptos::prelude::*;
use std::collections::BTreeMap;
use storage_model::rules::{required, validate_connection};
use storage_model::{NfsVersion, StorageConnection, StorageType};

/// Every field of every connection form, as text the user edits.
#[derive(Clone, Copy)]
pub struct ConnectionDraft {
    /// The stored connection being edited (its password stays on the engine).
    pub id: RwSignal<Option<String>>,
    pub storage_type: RwSignal<StorageType>,
    /// NFS "Export Path" / POSIX "Path": `server:/path` (POSIX may be a bare path).
    pub export_path: RwSignal<String>,
    /// Local "Path".
    pub local_path: RwSignal<String>,
    pub nfs_version: RwSignal<String>,
    pub nfs_retrans: RwSignal<String>,
    pub nfs_timeo: RwSignal<String>,
    pub mount_options: RwSignal<String>,
    pub vfs_type: RwSignal<String>,
    pub address: RwSignal<String>,
    pub port: RwSignal<String>,
    pub target: RwSignal<String>,
    pub username: RwSignal<String>,
    pub password: RwSignal<String>,
    /// Fields the user has edited: their errors show as they type.
    pub touched: RwSignal<Vec<&'static str>>,
    /// After a save attempt every error shows.
    pub show_all: RwSignal<bool>,
    /// The engine's refusal: the field it is about (if known) and its text.
    /// The engine's refusal: the field the fault names (as it names it) and the message.
    pub server_error: RwSignal<Option<(Option<String>, String)>>,
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Splits `server:/path` (also `[v6]:/path`) into address and path; a bare path has no address.
pub fn split_export(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim();
    if s.is_empty() {
        return (None, None);
    }
    match s.find(":/") {
        Some(i) => (Some(s[..i].to_string()), Some(s[i + 1..].to_string())),
        None if s.starts_with('/') => (None, Some(s.to_string())),
        None => (Some(s.to_string()), None),
    }
}

fn join_export(address: &Option<String>, path: &Option<String>) -> String {
    match (address, path) {
        (Some(a), Some(p)) => format!("{a}:{p}"),
        (None, Some(p)) => p.clone(),
        (Some(a), None) => a.clone(),
        (None, None) => String::new(),
    }
}

impl ConnectionDraft {
    pub fn new(storage_type: StorageType) -> Self {
        ConnectionDraft {
            id: RwSignal::new(None),
            storage_type: RwSignal::new(storage_type),
            export_path: RwSignal::new(String::new()),
            local_path: RwSignal::new(String::new()),
            nfs_version: RwSignal::new(NfsVersion::Auto.as_str().to_string()),
            nfs_retrans: RwSignal::new(String::new()),
            nfs_timeo: RwSignal::new(String::new()),
            mount_options: RwSignal::new(String::new()),
            vfs_type: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            port: RwSignal::new("3260".to_string()),
            target: RwSignal::new(String::new()),
            username: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            touched: RwSignal::new(Vec::new()),
            show_all: RwSignal::new(false),
            server_error: RwSignal::new(None),
        }
    }

    /// A draft holding a stored connection's details (never its password, which is not sent).
    pub fn from_wire(c: &StorageConnection) -> Self {
        let d = ConnectionDraft::new(c.storage_type.unwrap_or(StorageType::Nfs));
        d.load(c);
        d
    }

    /// Replaces the fields with a stored connection's details.
    pub fn load(&self, c: &StorageConnection) {
        self.storage_type
            .set(c.storage_type.unwrap_or(StorageType::Nfs));
        self.export_path.set(join_export(&c.address, &c.path));
        self.local_path.set(text(&c.path));
        self.nfs_version.set(
            c.nfs_version
                .map(|v| v.as_str().to_string())
                .unwrap_or_else(|| NfsVersion::Auto.as_str().to_string()),
        );
        self.nfs_retrans
            .set(c.nfs_retrans.map(|v| v.to_string()).unwrap_or_default());
        self.nfs_timeo
            .set(c.nfs_timeo.map(|v| v.to_string()).unwrap_or_default());
        self.mount_options.set(text(&c.mount_options));
        self.vfs_type.set(text(&c.vfs_type));
        self.address.set(text(&c.address));
        self.port
            .set(c.port.map(|p| p.to_string()).unwrap_or_default());
        self.target.set(text(&c.target));
        self.username.set(text(&c.username));
        self.password.set(String::new());
        self.touched.set(Vec::new());
        self.show_all.set(false);
        self.server_error.set(None);
    }

    pub fn touch(&self, field: &'static str) {
        self.server_error.update(|e| {
            if e.as_ref().is_some_and(|(f, _)| f.as_deref() == Some(field)) {
                *e = None;
            }
        });
        self.touched.update(|t| {
            if !t.contains(&field) {
                t.push(field);
            }
        });
    }

    /// The wire form of the draft, or the fields whose text is not a number.
    pub fn to_wire(&self) -> Result<StorageConnection, BTreeMap<&'static str, String>> {
        let t = self.storage_type.get();
        let mut errors = BTreeMap::new();
        let mut number = |field: &'static str, raw: String| -> Option<i32> {
            let raw = raw.trim().to_string();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<i32>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errors.insert(field, "Enter a whole number.".to_string());
                    None
                }
            }
        };
        let opt = |s: String| {
            let s = s.trim().to_string();
            (!s.is_empty()).then_some(s)
        };
        let mut c = StorageConnection {
            storage_type: Some(t),
            ..Default::default()
        };
        match t {
            StorageType::Nfs => {
                let (a, p) = split_export(&self.export_path.get());
                c.address = a;
                c.path = p;
                c.nfs_version = self.nfs_version.get().parse().ok();
                c.nfs_retrans = number("nfs_retrans", self.nfs_retrans.get());
                c.nfs_timeo = number("nfs_timeo", self.nfs_timeo.get());
                c.mount_options = opt(self.mount_options.get());
            }
            StorageType::Posixfs | StorageType::Glusterfs => {
                let (a, p) = split_export(&self.export_path.get());
                c.address = a;
                c.path = p;
                c.vfs_type = opt(self.vfs_type.get());
                c.mount_options = opt(self.mount_options.get());
            }
            StorageType::Localfs => c.path = opt(self.local_path.get()),
            _ => {
                c.address = opt(self.address.get());
                c.port = number("port", self.port.get());
                c.target = opt(self.target.get());
                c.username = opt(self.username.get());
                c.password = opt(self.password.get());
            }
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }

    /// Every problem, by field, from the same rules the engine applies.
    pub fn problems(&self) -> BTreeMap<&'static str, String> {
        let c = match self.to_wire() {
            Ok(c) => c,
            Err(errors) => return errors,
        };
        let mut problems = BTreeMap::new();
        // A typed NFS export path that does not split into server and path is a malformed
        // path, not a missing one: let the mount-point rule say so.
        let typed_export =
            c.storage_type == Some(StorageType::Nfs) && !self.export_path.get().trim().is_empty();
        for field in required::missing_for_add(&c) {
            if typed_export && (field == "address" || field == "path") {
                continue;
            }
            problems.insert(field, "This field is required.".to_string());
        }
        if problems.is_empty() {
            if let Err(messages) = validate_connection(&c) {
                for m in messages {
                    problems.insert(m.field.unwrap_or("connection"), m.text);
                }
            }
        }
        problems
    }

    /// The error to show under a field: the engine's when it is about this field, else the
    /// rules' once the field was edited or a save was attempted.
    pub fn error(&self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        let d = *self;
        Signal::derive(move || {
            if let Some((Some(f), text)) = d.server_error.get() {
                if fields.contains(&f.as_str()) {
                    return Some(text);
                }
            }
            let show = d.show_all.get() || d.touched.with(|t| fields.iter().any(|f| t.contains(f)));
            if !show {
                return None;
            }
            let problems = d.problems();
            fields.iter().find_map(|f| problems.get(f).cloned())
        })
    }

    /// Whether any problem sits among `fields` (opens a collapsed section that holds one).
    pub fn has_problem_in(&self, fields: &'static [&'static str]) -> bool {
        if let Some((Some(f), _)) = self.server_error.get() {
            if fields.contains(&f.as_str()) {
                return true;
            }
        }
        self.show_all.get() && {
            let p = self.problems();
            fields.iter().any(|f| p.contains_key(f))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_export;

    #[test]
    fn export_paths_split_at_the_first_colon_slash() {
        assert_eq!(
            split_export("nfs1.example.com:/exports/data"),
            (
                Some("nfs1.example.com".into()),
                Some("/exports/data".into())
            )
        );
        assert_eq!(
            split_export("[1::2]:/x"),
            (Some("[1::2]".into()), Some("/x".into()))
        );
        assert_eq!(split_export("/local"), (None, Some("/local".into())));
        assert_eq!(split_export("host-only"), (Some("host-only".into()), None));
    }
}
