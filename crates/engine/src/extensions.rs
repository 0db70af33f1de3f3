//! What this engine adds to oVirt's API, and the switch that takes it away.
//!
//! The additions: the operations marked `.extension()` in `http::operations` (connection test,
//! NFS export listing, a direct-LUN disk's connections, metrics, the OpenAPI document), the
//! `field` of a fault, and the `storage_domain` filter of `/events`. An engine started with
//! `--vanilla` serves none of them and names itself as oVirt's engine does, so the web admin
//! (and its tests) can prove they work in front of a real engine.
//!
//! Routes are left out when the router is built; what a handler or a fault decides on the way
//! (a fault has no access to the engine's settings) asks [`enabled`], which the API's front
//! layer answers for the request it runs.

use std::future::Future;

tokio::task_local! {
    static VANILLA: bool;
}

/// Whether this request may be answered with the extensions (true outside a request).
pub fn enabled() -> bool {
    !VANILLA.try_with(|v| *v).unwrap_or(false)
}

/// Runs one request's answer without the extensions.
pub async fn without<F: Future>(answer: F) -> F::Output {
    VANILLA.scope(true, answer).await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn only_the_request_run_without_them_goes_without() {
        assert!(super::enabled());
        assert!(!super::without(async { super::enabled() }).await);
        assert!(super::enabled());
    }
}
