//! Security headers on everything the engine serves. The Content-Security-Policy allows the web
//! admin and nothing more: its own scripts (the inline module loader `make spa` writes into
//! index.html, by hash), WebAssembly compilation, its own styles, requests to its own origin; no
//! framing by anyone.

use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// The headers, computed once at start (the policy depends on the built index.html): those of
/// the web admin's pages and files, and those of API answers. An API answer is never a page the
/// browser renders (its types are JSON and XML, sniffing is off), so it carries what OWASP's REST
/// guidance asks of one: a policy that allows nothing and no framing, no sniffing. (Fewer headers
/// also cost less on the API's hottest path, GET of one object: BENCHMARKS.md.)
#[derive(Clone)]
pub struct Headers {
    page: Arc<Vec<(HeaderName, HeaderValue)>>,
    api: Arc<Vec<(HeaderName, HeaderValue)>>,
}

impl Headers {
    pub fn new(dist: Option<&Path>, tls: bool) -> anyhow::Result<Self> {
        let index = match dist {
            Some(d) => std::fs::read_to_string(d.join("index.html"))
                .map_err(|e| anyhow::anyhow!("reading {}/index.html: {e}", d.display()))?,
            None => String::new(),
        };
        let hsts = tls.then(|| {
            (
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            )
        });
        let nosniff = (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        // For browsers without frame-ancestors.
        let no_frames = (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        let mut page = vec![
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&content_security_policy(&index))?,
            ),
            nosniff.clone(),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            no_frames.clone(),
            (
                HeaderName::from_static("cross-origin-opener-policy"),
                HeaderValue::from_static("same-origin"),
            ),
        ];
        let mut api = vec![
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(API_POLICY),
            ),
            nosniff,
            no_frames,
        ];
        page.extend(hsts.clone());
        api.extend(hsts);
        Ok(Headers {
            page: Arc::new(page),
            api: Arc::new(api),
        })
    }
}

/// The policy of every API answer.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The policy for a page whose inline scripts are those of `index_html`.
pub fn content_security_policy(index_html: &str) -> String {
    let hashes: Vec<String> = inline_scripts(index_html)
        .into_iter()
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{}{}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        if hashes.is_empty() { "" } else { " " },
        hashes.join(" ")
    )
}

/// The bodies of `<script>` elements without a `src` (exactly as written, which is what the
/// browser hashes).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            found.push(&body_and_more[..close]);
        }
        rest = &body_and_more[close..];
    }
    found
}

impl Headers {
    /// Puts the headers on an answer: an API answer's (`api`) or a page's.
    pub fn apply(&self, response: &mut Response, api: bool) {
        let list = if api { &self.api } else { &self.page };
        let h = response.headers_mut();
        for (name, value) in list.iter() {
            h.insert(name.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_is_inline() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script></head>";
        let csp = content_security_policy(html);
        // echo -n "\nimport init from '/a.js';\n" | openssl dgst -sha256 -binary | base64
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"\nimport init from '/a.js';\n"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1, "only the inline one");
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
