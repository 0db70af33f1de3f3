//! oVirt's search language (`?search=` on collections), parsed and evaluated once, here.
//!
//! The grammar is the real engine's (its `SyntaxChecker`): an optional object prefix
//! (`Storage:`), conditions `field op value` joined by `and`/`or` (or juxtaposition, which means
//! `and`; `and` binds tighter), a bare word as free text, then optional `sortby field [asc|desc]`
//! and `page N`. Values may be quoted (`name="my data"`); `*` is a wildcard in text. Which fields
//! a collection has, and their types, are declared per collection in [`fields`].

pub mod eval;
pub mod fields;
pub mod parse;
pub mod time;

pub use eval::{Compiled, Searchable, Val};
pub use fields::{Collection, Field, Kind};
pub use parse::{Condition, Expr, Op, Query};

/// Why a search cannot run: the real engine's 400 fault text is
/// `Cannot search <noun>: <reason>.`
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SearchError(pub String);

/// Parses `text` and checks it against `collection`: every field known, every value of the
/// field's type. `case_sensitive` is the REST parameter (default true in the real API).
pub fn compile(
    collection: &'static Collection,
    text: &str,
    case_sensitive: bool,
) -> Result<Compiled, SearchError> {
    let query = parse::parse(text, collection)?;
    eval::Compiled::new(collection, query, case_sensitive)
}
