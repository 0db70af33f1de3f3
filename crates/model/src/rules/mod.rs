//! The storage-connection rules, written once: the browser runs them for instant feedback and the
//! engine runs them for authority.

pub mod actions;
pub mod connection;
pub mod connection_removal;
pub mod connection_update;
pub mod domain;
pub mod domain_state;
pub mod infrastructure;
pub mod limits;
pub mod message;
pub mod messages;
pub mod mount_point;
pub mod permissions;
pub mod required;
pub mod servers;
pub mod switch_plan;
pub mod text;

pub use connection::validate_connection;
pub use messages::{ErrorType, Message, Verb};
