use leptos::prelude::*;

/// A used-space bar: the share of `total` that is used, as a bar and as its number.
#[component]
pub fn CapacityBar(used: Option<i64>, total: Option<i64>) -> impl IntoView {
    let pct = match (used, total) {
        (Some(u), Some(t)) if t > 0 => {
            Some(((u as f64 / t as f64) * 100.0).round().clamp(0.0, 100.0))
        }
        _ => None,
    };
    pct.map(|p| {
        let level = if p >= 90.0 {
            "critical"
        } else if p >= 75.0 {
            "warning"
        } else {
            "ok"
        };
        view! {
            <span
                class=format!("capacity capacity-{level}")
                role="img"
                aria-label=format!("{p}% used")
                title=format!("{p}% used")
            >
                // (`style:width`, set through the CSSOM: a `style` attribute is inline style, which
                // the page's policy refuses, and the fill then showed every domain full.)
                <span class="capacity-fill" style:width=format!("{p}%")></span>
            </span>
        }
    })
}
