//! User Timing marks at the moments an administrator waits for (data arrived, rows painted, a
//! filter applied). The large-inventory benchmark reads them (e2e/bench); any browser's
//! performance panel shows them too.

use leptos::prelude::{request_animation_frame, set_timeout, Effect};
use std::time::Duration;

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Marks `name` once the browser has painted what the current task changed: the next animation
/// frame renders it, and the task after that frame runs once it is on screen.
pub fn mark_after_paint(name: &'static str) {
    request_animation_frame(move || set_timeout(move || mark(name), Duration::ZERO));
}

/// Marks `name` after the first paint in which `shown` holds (rows on screen), once per page.
pub fn mark_first_paint(name: &'static str, shown: impl Fn() -> bool + Send + Sync + 'static) {
    Effect::new(move |painted: Option<bool>| {
        let now = shown();
        if now && painted != Some(true) {
            mark_after_paint(name);
        }
        now || painted == Some(true)
    });
}
