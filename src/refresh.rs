//! Auto-refresh: every page reloads its data when `tick` changes. It ticks every `period`
//! seconds (the user picks 5/10/20/30/60 or off), not while the browser tab is hidden, and in a
//! quick burst after each action so its effect shows at once.

use leptos::prelude::*;
use std::time::Duration;

/// The refresh choices webadmin offers, in seconds (0 = off).
pub const PERIODS: &[u32] = &[5, 10, 20, 30, 60, 0];

#[derive(Clone, Copy)]
pub struct Refresher {
    pub period: RwSignal<u32>,
    pub tick: RwSignal<u64>,
    elapsed: RwSignal<u32>,
}

impl Refresher {
    /// Starts the clock and provides the refresher to the app.
    pub fn provide() -> Self {
        let r = Refresher {
            period: RwSignal::new(10),
            tick: RwSignal::new(0),
            elapsed: RwSignal::new(0),
        };
        let _ = set_interval_with_handle(
            move || {
                let hidden = document().hidden();
                let period = r.period.get_untracked();
                if hidden || period == 0 {
                    return;
                }
                let e = r.elapsed.get_untracked() + 1;
                if e >= period {
                    r.elapsed.set(0);
                    r.now();
                } else {
                    r.elapsed.set(e);
                }
            },
            Duration::from_secs(1),
        );
        provide_context(r);
        r
    }

    pub fn get() -> Self {
        use_context::<Refresher>().unwrap_or_else(|| Refresher {
            period: RwSignal::new(0),
            tick: RwSignal::new(0),
            elapsed: RwSignal::new(0),
        })
    }

    /// Reload now.
    pub fn now(&self) {
        self.tick.update(|t| *t += 1);
    }

    /// Reload now and twice more shortly after (status transitions settle).
    pub fn burst(&self) {
        let r = *self;
        r.now();
        for ms in [1000, 3000] {
            set_timeout(move || r.now(), Duration::from_millis(ms));
        }
    }
}

/// The "Refresh" picker and button.
#[component]
pub fn RefreshControl() -> impl IntoView {
    let r = Refresher::get();
    view! {
        <div class="refresh-control">
            <label>
                "Auto-refresh "
                <select on:change=move |ev| {
                    r.period.set(event_target_value(&ev).parse().unwrap_or(0))
                }>
                    {PERIODS
                        .iter()
                        .map(|p| {
                            let label = if *p == 0 { "Off".to_string() } else { format!("{p} s") };
                            view! {
                                <option value=p.to_string() selected=move || r.period.get() == *p>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="button" class="secondary" on:click=move |_| r.now()>
                "Refresh"
            </button>
        </div>
    }
}
