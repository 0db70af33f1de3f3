//! The REST client: typed calls to the engine's oVirt v4 API.

mod client;
pub mod connections;
pub mod datacenters;
pub mod domains;
mod error;
pub mod latest;
pub mod loaded;
pub mod probes;
pub mod sso;
pub mod switches;

pub use client::{delete, get_json, get_text, parse, post_json, put_json};
pub use error::ApiError;

/// Percent-encodes a value for a URL parameter.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
