//! Storage Servers: the connections grouped by the server they reach, with the domains and LUN
//! disks behind each and their statuses — where an administrator says "this server failed" and
//! starts a switch to its replica.

mod page;

pub use page::ServersPage;
