//! URL parameters: query (`?host=h1&force=true`) and matrix (`…/{id};host=h1`) alike, looked up
//! query first, as the engine's `ParametersHelper` does.

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use percent_encoding::percent_decode_str;

#[derive(Debug, Default, Clone)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn from_uri(uri: &axum::http::Uri) -> Self {
        let mut pairs: Vec<(String, String)> = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .unwrap_or_default();
        let last = uri.path().rsplit('/').next().unwrap_or("");
        for part in last.split(';').skip(1) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            pairs.push((decode(k), decode(v)));
        }
        Params { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// A boolean flag: `true|t|yes|y|1` or `false|f|no|n|0`; present but empty means true;
    /// anything else is ignored, as the engine ignores it.
    pub fn flag(&self, name: &str) -> bool {
        match self.get(name) {
            None => false,
            Some(v) => matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "" | "true" | "t" | "yes" | "y" | "1"
            ),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let params = Params::from_uri(&parts.uri);
        // No parameter means anything with a NUL in it (and PostgreSQL cannot store one).
        if params
            .pairs
            .iter()
            .any(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(ApiError::fault(
                StatusCode::BAD_REQUEST,
                "Request syntactically incorrect.",
                "A URL parameter contains a NUL character (%00), which no parameter accepts.",
            ));
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_matrix_parameters() {
        let uri: axum::http::Uri = "/api/storageconnections/abc;host=h%201;force?async=false"
            .parse()
            .unwrap();
        let p = Params::from_uri(&uri);
        assert_eq!(p.get("host"), Some("h 1"));
        assert!(p.flag("force"));
        assert!(!p.flag("async"));
        assert!(!p.flag("missing"));
        let uri: axum::http::Uri = "/x?force=maybe&host=a".parse().unwrap();
        let p = Params::from_uri(&uri);
        assert!(!p.flag("force"));
        assert_eq!(p.get("host"), Some("a"));
    }
}
