//! One rule of the mapping as edited: a server's (address, optional path prefix) or a portal's
//! (address and port, optional target).

use crate::ui::TextField;
use leptos::prelude::*;
use storage_model::switch::SwitchRule;

#[derive(Clone, Copy)]
pub struct RuleDraft {
    pub portal: bool,
    from: RwSignal<String>,
    to: RwSignal<String>,
    from_port: RwSignal<String>,
    to_port: RwSignal<String>,
    /// The path prefix (server) or target (portal) renamed, if any.
    from_part: RwSignal<String>,
    to_part: RwSignal<String>,
    pub error: RwSignal<Option<String>>,
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn given(v: RwSignal<String>) -> Option<String> {
    Some(v.get_untracked().trim().to_string()).filter(|s| !s.is_empty())
}

impl RuleDraft {
    pub fn of(r: &SwitchRule) -> Self {
        let portal = r.kind == "portal";
        let (from_part, to_part) = if portal {
            (text(&r.from_target), text(&r.to_target))
        } else {
            (text(&r.from_path), text(&r.to_path))
        };
        let port = |p: Option<i32>| p.map(|p| p.to_string()).unwrap_or_default();
        RuleDraft {
            portal,
            from: RwSignal::new(r.from_address.clone()),
            to: RwSignal::new(r.to_address.clone()),
            from_port: RwSignal::new(port(r.from_port)),
            to_port: RwSignal::new(port(r.to_port)),
            from_part: RwSignal::new(from_part),
            to_part: RwSignal::new(to_part),
            error: RwSignal::new(None),
        }
    }

    /// The rule as the engine takes it; a port that is not a number is the rule's error.
    pub fn rule(&self) -> Result<SwitchRule, String> {
        let port = |v: RwSignal<String>| -> Result<Option<i32>, String> {
            given(v)
                .map(|p| {
                    p.parse()
                        .map_err(|_| format!("The port '{p}' is not a number."))
                })
                .transpose()
        };
        let (part_from, part_to) = (given(self.from_part), given(self.to_part));
        let mut r = SwitchRule {
            kind: if self.portal { "portal" } else { "server" }.into(),
            from_address: self.from.get_untracked().trim().to_string(),
            to_address: self.to.get_untracked().trim().to_string(),
            from_port: port(self.from_port)?,
            to_port: port(self.to_port)?,
            ..Default::default()
        };
        if self.portal {
            (r.from_target, r.to_target) = (part_from, part_to);
        } else {
            (r.from_path, r.to_path) = (part_from, part_to);
        }
        // The model says whether it is whole (both ends of every rewrite, a destination).
        r.to_rule()?;
        Ok(r)
    }
}

/// The fields of one rule; its error (from the model's check) under the destination.
#[component]
pub fn RuleFields(draft: RuleDraft, index: usize) -> impl IntoView {
    let n = index + 1;
    let error = Signal::derive(move || draft.error.get());
    let (what, part) = if draft.portal {
        ("portal", "target")
    } else {
        ("server", "path prefix")
    };
    view! {
        <fieldset class="rule">
            <legend>{format!("Rule {n}: every connection on this {what}")}</legend>
            <div class="form-grid">
                <TextField label=format!("Rule {n} from address") value=draft.from />
                <TextField label=format!("Rule {n} to address") value=draft.to error
                    placeholder="the replica's address" on_edit=Callback::new(move |_| draft.error.set(None)) />
                {draft.portal.then(|| view! {
                    <TextField label=format!("Rule {n} from port") value=draft.from_port />
                    <TextField label=format!("Rule {n} to port") value=draft.to_port />
                })}
                <TextField label=format!("Rule {n} from {part}") value=draft.from_part hint="optional" />
                <TextField label=format!("Rule {n} to {part}") value=draft.to_part />
            </div>
        </fieldset>
    }
}
