//! What a write needs, as the operations table declares it and the gate checks it.

use storage_model::rules::messages::Verb;
use storage_model::rules::permissions::ActionGroup;

/// What a write needs: an action group, and what its refusal says (`Cannot <verb> <object>`).
/// `domain` names the path parameter holding the storage domain the grant may be scoped to.
#[derive(Debug, Clone, Copy)]
pub struct Permission {
    pub group: ActionGroup,
    pub verb: Verb,
    pub object: &'static str,
    pub domain: Option<&'static str>,
}
