//! `?search=`, `case_sensitive` and `max` on a collection, read once for every list handler.
//! The language itself is `storage_model::search`; this only turns its refusal into a fault.

use super::params::Params;
use crate::error::ApiError;
use axum::http::StatusCode;
use storage_model::search::{self, Collection, Compiled, Searchable};

/// A collection request's selection: what to keep, and how many.
pub struct Selection {
    pub search: Compiled,
    pub max: Option<usize>,
}

impl Selection {
    /// Reads `search` (default: everything), `case_sensitive` (default true, as in the real
    /// API) and `max` (absent or negative: no limit).
    pub fn read(collection: &'static Collection, params: &Params) -> Result<Self, ApiError> {
        let case_sensitive = params
            .get("case_sensitive")
            .map(|v| storage_model::wire::opt_bool::parse(v).unwrap_or(true))
            .unwrap_or(true);
        let search = match params.get("search").filter(|s| !s.trim().is_empty()) {
            Some(text) => search::compile(collection, text, case_sensitive).map_err(|e| {
                ApiError::fault(
                    StatusCode::BAD_REQUEST,
                    "Operation Failed",
                    format!("[{e}]"),
                )
            })?,
            None => Compiled::everything(collection),
        };
        let max = match params.get("max").map(str::trim) {
            None | Some("") => None,
            Some(m) => {
                let n: i64 = m.parse().map_err(|_| {
                    ApiError::fault(
                        StatusCode::BAD_REQUEST,
                        "Operation Failed",
                        format!("[The 'max' parameter takes a whole number, not '{m}'.]"),
                    )
                })?;
                usize::try_from(n).ok()
            }
        };
        Ok(Selection { search, max })
    }

    /// Whether the search looks at this field (so a handler loads it only when needed).
    pub fn uses(&self, field: &str) -> bool {
        self.search.uses(field)
    }

    pub fn apply<T: Searchable>(&self, rows: Vec<T>) -> Vec<T> {
        self.search.select(rows, self.max)
    }
}
