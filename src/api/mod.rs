//! The REST client: typed calls to the engine's oVirt v4 API.

mod client;
pub mod connections;
pub mod domains;
mod error;

pub use client::get_json;
pub use error::ApiError;
