//! The web admin: a Leptos single-page app that mirrors oVirt webadmin's Storage tab and talks
//! to the engine (or a real oVirt engine) through its v4 REST API.

pub mod api;
pub mod app;
pub mod connection_editor;
pub mod connections;
pub mod events;
pub mod login;
pub mod perf;
pub mod refresh;
pub mod servers;
pub mod session;
pub mod storage;
pub mod switch;
pub mod ui;
