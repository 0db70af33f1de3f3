//! A parsed query checked against its collection ([`Compiled`]) and run over rows.

use super::fields::{Collection, Field, Kind};
use super::parse::{Condition, Expr, Op, Query};
use super::{time, SearchError};
use std::cmp::Ordering;

/// One value of a field of one row. A field can have several (a domain in two data centers).
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Text(&'a str),
    Int(i64),
    Bool(bool),
    /// Milliseconds since the epoch.
    Date(i64),
}

impl<'a> Val<'a> {
    /// An optional text: one value, or none.
    pub fn opt(v: &'a Option<String>) -> Vec<Val<'a>> {
        v.iter().map(|s| Val::Text(s)).collect()
    }

    /// Several texts (the names a cross reference finds).
    pub fn texts(v: &'a [String]) -> Vec<Val<'a>> {
        v.iter().map(|s| Val::Text(s)).collect()
    }
}

/// A row that can be searched: the values of one of its collection's fields.
pub trait Searchable {
    fn values(&self, field: &str) -> Vec<Val<'_>>;
}

#[derive(Debug, Clone)]
enum Test {
    /// `*` wildcard pattern, already lowercased when case-insensitive.
    Text(String),
    Int(i64),
    Bool(bool),
    Enum(String),
    Date(i64),
    /// The empty value: matches a row with no value (or an empty text).
    Unset,
}

#[derive(Debug, Clone)]
struct Check {
    /// `None`: free text, any text field.
    field: Option<&'static Field>,
    op: Op,
    test: Test,
}

#[derive(Debug, Clone)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Check(Check),
}

/// A search ready to run: every field known, every value typed.
#[derive(Debug, Clone)]
pub struct Compiled {
    collection: &'static Collection,
    root: Option<Node>,
    sort: Option<(&'static Field, bool)>,
    page: Option<u32>,
    case_sensitive: bool,
}

fn fail(c: &Collection, why: impl std::fmt::Display) -> SearchError {
    SearchError(format!("Cannot search {}: {why}.", c.noun))
}

fn field_of(c: &'static Collection, name: &str) -> Result<&'static Field, SearchError> {
    c.field(name).ok_or_else(|| {
        fail(
            c,
            format!(
                "'{name}' is not a field of a {} search; the fields are: {}",
                c.prefixes[0].to_ascii_lowercase(),
                c.field_names()
            ),
        )
    })
}

fn check(
    c: &'static Collection,
    cond: &Condition,
    case_sensitive: bool,
) -> Result<Check, SearchError> {
    let fold = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_lowercase()
        }
    };
    let Some(name) = &cond.field else {
        // Free text is always looked for case-insensitively, anywhere in the text.
        let word = cond.value.clone().unwrap_or_default().to_lowercase();
        return Ok(Check {
            field: None,
            op: Op::Eq,
            test: Test::Text(format!("*{}*", word.trim_matches('*'))),
        });
    };
    let field = field_of(c, name)?;
    let op = cond.op;
    let ordered = matches!(field.kind, Kind::Int | Kind::Date);
    if !ordered && !matches!(op, Op::Eq | Op::Ne) {
        return Err(fail(
            c,
            format!(
                "'{}' cannot be compared with '{}', only with = and !=",
                field.name,
                op.as_str()
            ),
        ));
    }
    let Some(value) = cond.value.as_deref() else {
        return Ok(Check {
            field: Some(field),
            op,
            test: Test::Unset,
        });
    };
    let test = match field.kind {
        Kind::Text => Test::Text(fold(value)),
        Kind::Int => Test::Int(value.trim().parse().map_err(|_| {
            fail(
                c,
                format!("'{}' takes a whole number, not '{value}'", field.name),
            )
        })?),
        Kind::Bool => Test::Bool(crate::wire::opt_bool::parse(value).ok_or_else(|| {
            fail(
                c,
                format!("'{}' takes true or false, not '{value}'", field.name),
            )
        })?),
        Kind::Enum(names) => {
            let lower = value.trim().to_ascii_lowercase();
            if !names.contains(&lower.as_str()) {
                return Err(fail(
                    c,
                    format!(
                        "'{value}' is not a {}; it is one of: {}",
                        field.name,
                        names.join(", ")
                    ),
                ));
            }
            Test::Enum(lower)
        }
        Kind::Date => Test::Date(time::parse(value).ok_or_else(|| {
            fail(
                c,
                format!(
                    "'{}' takes a date as YYYY-MM-DD[ HH:MM[:SS]], not '{value}'",
                    field.name
                ),
            )
        })?),
    };
    Ok(Check {
        field: Some(field),
        op,
        test,
    })
}

fn compile_node(c: &'static Collection, e: &Expr, cs: bool) -> Result<Node, SearchError> {
    Ok(match e {
        Expr::And(v) => Node::And(
            v.iter()
                .map(|x| compile_node(c, x, cs))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Or(v) => Node::Or(
            v.iter()
                .map(|x| compile_node(c, x, cs))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Cond(cond) => Node::Check(check(c, cond, cs)?),
    })
}

/// `*` matches any run of characters; everything else itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(pos) => rest = &rest[pos + part.len()..],
                None => return false,
            }
        }
    }
    true
}

fn compare(op: Op, ord: Ordering) -> bool {
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
    }
}

impl Compiled {
    pub(super) fn new(
        collection: &'static Collection,
        query: Query,
        case_sensitive: bool,
    ) -> Result<Self, SearchError> {
        let root = query
            .expr
            .as_ref()
            .map(|e| compile_node(collection, e, case_sensitive))
            .transpose()?;
        let sort = query
            .sort
            .map(|(name, desc)| field_of(collection, &name).map(|f| (f, desc)))
            .transpose()?;
        Ok(Compiled {
            collection,
            root,
            sort,
            page: query.page,
            case_sensitive,
        })
    }

    /// The search that matches everything.
    pub fn everything(collection: &'static Collection) -> Self {
        Compiled {
            collection,
            root: None,
            sort: None,
            page: None,
            case_sensitive: true,
        }
    }

    /// Whether the search names this field anywhere (so a caller loads it only when needed).
    pub fn uses(&self, field: &str) -> bool {
        fn walk(n: &Node, field: &str) -> bool {
            match n {
                Node::And(v) | Node::Or(v) => v.iter().any(|x| walk(x, field)),
                Node::Check(c) => c.field.is_none_or(|f| f.name == field),
            }
        }
        self.root.as_ref().is_some_and(|n| walk(n, field))
            || self.sort.is_some_and(|(f, _)| f.name == field)
    }

    fn test_one(&self, check: &Check, v: &Val) -> Option<Ordering> {
        match (&check.test, v) {
            (Test::Text(p), Val::Text(t)) => {
                // Free text is always case-insensitive; fields follow `case_sensitive`.
                let hit = if check.field.is_none() || !self.case_sensitive {
                    glob(p, &t.to_lowercase())
                } else {
                    glob(p, t)
                };
                Some(if hit { Ordering::Equal } else { Ordering::Less })
            }
            (Test::Enum(e), Val::Text(t)) => Some(if t.eq_ignore_ascii_case(e) {
                Ordering::Equal
            } else {
                Ordering::Less
            }),
            (Test::Int(n), Val::Int(x)) => Some(x.cmp(n)),
            (Test::Date(n), Val::Date(x)) => Some(x.cmp(n)),
            (Test::Bool(b), Val::Bool(x)) => Some(if x == b {
                Ordering::Equal
            } else {
                Ordering::Less
            }),
            _ => None,
        }
    }

    fn check_row(&self, check: &Check, row: &impl Searchable) -> bool {
        let values: Vec<Val> = match check.field {
            Some(f) => row.values(f.name),
            None => self
                .collection
                .fields
                .iter()
                .filter(|f| f.kind == Kind::Text)
                .flat_map(|f| row.values(f.name))
                .collect(),
        };
        if let Test::Unset = check.test {
            let unset = values.iter().all(|v| matches!(v, Val::Text("")));
            return if check.op == Op::Ne { !unset } else { unset };
        }
        if check.op == Op::Ne {
            // Not equal: no value of the row is equal.
            return !values
                .iter()
                .any(|v| self.test_one(check, v) == Some(Ordering::Equal));
        }
        values.iter().any(|v| {
            self.test_one(check, v)
                .is_some_and(|o| compare(check.op, o))
        })
    }

    fn node(&self, n: &Node, row: &impl Searchable) -> bool {
        match n {
            Node::And(v) => v.iter().all(|x| self.node(x, row)),
            Node::Or(v) => v.iter().any(|x| self.node(x, row)),
            Node::Check(c) => self.check_row(c, row),
        }
    }

    pub fn matches(&self, row: &impl Searchable) -> bool {
        self.root.as_ref().is_none_or(|n| self.node(n, row))
    }

    /// The matching rows, sorted by `sortby` (rows keep their order otherwise), then the
    /// `page` of `max` rows (page size 100 when `max` is not given, as the real engine's
    /// default search limit), or the first `max`.
    pub fn select<T: Searchable>(&self, rows: Vec<T>, max: Option<usize>) -> Vec<T> {
        let mut hits: Vec<T> = rows.into_iter().filter(|r| self.matches(r)).collect();
        if let Some((field, desc)) = self.sort {
            hits.sort_by(|a, b| {
                let (va, vb) = (a.values(field.name), b.values(field.name));
                let ord = sort_key(va.first())
                    .partial_cmp(&sort_key(vb.first()))
                    .unwrap_or(Ordering::Equal);
                if desc {
                    ord.reverse()
                } else {
                    ord
                }
            });
        }
        let size = max.unwrap_or(if self.page.is_some() { 100 } else { usize::MAX });
        let skip = self
            .page
            .map_or(0, |p| (p as usize - 1).saturating_mul(size));
        hits.into_iter().skip(skip).take(size).collect()
    }
}

#[derive(PartialEq, PartialOrd)]
enum SortKey {
    None,
    Num(i64),
    Text(String),
}

fn sort_key(v: Option<&Val>) -> SortKey {
    match v {
        None => SortKey::None,
        Some(Val::Int(n)) | Some(Val::Date(n)) => SortKey::Num(*n),
        Some(Val::Bool(b)) => SortKey::Num(*b as i64),
        Some(Val::Text(t)) => SortKey::Text(t.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use crate::search::{compile, fields};

    struct Dom {
        name: &'static str,
        status: Vec<&'static str>,
        dc: Vec<&'static str>,
        stype: &'static str,
        size: i64,
        comment: &'static str,
    }

    impl super::Searchable for Dom {
        fn values(&self, field: &str) -> Vec<super::Val<'_>> {
            use super::Val::*;
            match field {
                "name" => vec![Text(self.name)],
                "status" => self.status.iter().map(|s| Text(s)).collect(),
                "datacenter" => self.dc.iter().map(|s| Text(s)).collect(),
                "type" => vec![Text(self.stype)],
                "size" => vec![Int(self.size)],
                "comment" => vec![Text(self.comment)],
                _ => vec![],
            }
        }
    }

    fn rows() -> Vec<Dom> {
        vec![
            Dom {
                name: "data-nfs",
                status: vec!["active"],
                dc: vec!["Default"],
                stype: "nfs",
                size: 100,
                comment: "",
            },
            Dom {
                name: "Data-iSCSI",
                status: vec!["maintenance"],
                dc: vec!["Default"],
                stype: "iscsi",
                size: 30,
                comment: "primary",
            },
            Dom {
                name: "iso",
                status: vec!["unattached"],
                dc: vec![],
                stype: "nfs",
                size: 5,
                comment: "",
            },
        ]
    }

    fn names(search: &str, cs: bool) -> Vec<&'static str> {
        let c = compile(&fields::STORAGE_DOMAINS, search, cs)
            .unwrap_or_else(|e| panic!("{search}: {e}"));
        c.select(rows(), None).into_iter().map(|d| d.name).collect()
    }

    #[test]
    fn quoted_names_wildcards_and_case() {
        assert_eq!(names(r#"name="data-nfs""#, true), ["data-nfs"]);
        assert_eq!(names("name=data*", true), ["data-nfs"]);
        assert_eq!(names("name=data*", false), ["data-nfs", "Data-iSCSI"]);
        assert_eq!(names("name!=data*", true), ["Data-iSCSI", "iso"]);
        assert_eq!(names("NAME=*S*", true), ["Data-iSCSI"]);
    }

    #[test]
    fn types_statuses_data_centers_and_or() {
        assert_eq!(names("type=nfs", true), ["data-nfs", "iso"]);
        assert_eq!(names("type=NFS and datacenter=Default", true), ["data-nfs"]);
        assert_eq!(
            names("status=maintenance or status=unattached", true),
            ["Data-iSCSI", "iso"]
        );
        assert_eq!(names("status=Active", true), ["data-nfs"]);
        assert_eq!(names("size > 10 and size <= 30", true), ["Data-iSCSI"]);
        assert_eq!(names("comment=\"\"", true), ["data-nfs", "iso"]);
        assert_eq!(names("comment!=''", true), ["Data-iSCSI"]);
        assert_eq!(names("primary", true), ["Data-iSCSI"]);
        assert_eq!(
            names("sortby size desc", true),
            ["data-nfs", "Data-iSCSI", "iso"]
        );
        assert_eq!(
            names("sortby name", true),
            ["Data-iSCSI", "data-nfs", "iso"]
        );
    }

    #[test]
    fn max_and_page() {
        let c = compile(&fields::STORAGE_DOMAINS, "sortby size page 2", true).unwrap();
        let got: Vec<_> = c
            .select(rows(), Some(2))
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(got, ["data-nfs"]);
        let c = compile(&fields::STORAGE_DOMAINS, "", true).unwrap();
        assert_eq!(c.select(rows(), Some(1)).len(), 1);
    }

    #[test]
    fn wrong_fields_values_and_operators_are_faults() {
        for (bad, why) in [
            (
                "colour=red",
                "'colour' is not a field of a storage search; the fields are: name, status",
            ),
            (
                "status=sleepy",
                "'sleepy' is not a status; it is one of: active",
            ),
            ("type=ceph", "'ceph' is not a type"),
            ("size=big", "'size' takes a whole number, not 'big'"),
            ("name<b", "'name' cannot be compared with '<'"),
            ("wipe_after_delete=maybe", "takes true or false"),
            ("sortby colour", "'colour' is not a field"),
        ] {
            let e = compile(&fields::STORAGE_DOMAINS, bad, true).expect_err(bad);
            assert!(e.0.starts_with("Cannot search storages: "), "{bad}: {e}");
            assert!(e.0.contains(why), "{bad}: {e}");
        }
        let e = compile(&fields::EVENTS, "time > yesterday", true).unwrap_err();
        assert!(e.0.contains("YYYY-MM-DD"), "{e}");
        assert!(compile(&fields::EVENTS, "time > \"2026-01-02 10:00\"", true).is_ok());
    }
}
