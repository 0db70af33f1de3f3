//! Reaching a host: name resolution and a TCP connection, each bounded, with errors in words.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::timeout;

/// Which destinations the agent may contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Anything (a real deployment).
    #[default]
    Any,
    /// Only loopback (tests and demos: nothing leaves the machine; other destinations are
    /// reported as not checked).
    Loopback,
}

fn strip_brackets(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// Whether the scope allows contacting `host` at all (decided before any DNS query).
pub fn allowed(scope: Scope, host: &str) -> bool {
    match scope {
        Scope::Any => true,
        Scope::Loopback => {
            let h = strip_brackets(host);
            h.eq_ignore_ascii_case("localhost")
                || h.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
    }
}

pub async fn resolve(host: &str, port: u16, wait: Duration) -> Result<Vec<SocketAddr>, String> {
    let h = strip_brackets(host).to_string();
    let lookup = tokio::net::lookup_host((h.clone(), port));
    let addrs: Vec<SocketAddr> = timeout(wait, lookup)
        .await
        .map_err(|_| format!("resolving {h} took longer than {} s", wait.as_secs_f32()))?
        .map_err(|e| format!("the name {h} could not be resolved (DNS): {e}"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("the name {h} has no address"));
    }
    Ok(addrs)
}

pub async fn connect(host: &str, port: u16, wait: Duration) -> Result<TcpStream, String> {
    let addrs = resolve(host, port, wait).await?;
    let mut last = String::new();
    for a in addrs {
        match timeout(wait, TcpStream::connect(a)).await {
            Err(_) => {
                last = format!(
                    "no answer from {a} within {} s (timeout)",
                    wait.as_secs_f32()
                )
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                last = format!("{a} refused the connection (nothing listens there)")
            }
            Ok(Err(e)) => last = format!("{a} cannot be reached: {e}"),
            Ok(Ok(s)) => return Ok(s),
        }
    }
    Err(last)
}
