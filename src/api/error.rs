//! What can go wrong talking to the engine, in words an administrator can act on.

use storage_model::Fault;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: the engine is down, restarting, or unreachable.
    #[error("The engine could not be reached ({0}). Check that it is running, then retry.")]
    Unreachable(String),
    /// The engine refused with a fault.
    #[error("{}", fault_text(.status, .fault))]
    Refused { status: u16, fault: Option<Fault> },
    /// The engine answered with something this client does not understand.
    #[error("The engine sent an answer that could not be read: {0}")]
    Decode(String),
}

fn fault_text(status: &u16, fault: &Option<Fault>) -> String {
    match fault {
        Some(f) if !f.detail.is_empty() => format!("{}: {}", f.reason, f.detail),
        Some(f) if !f.reason.is_empty() => f.reason.clone(),
        _ => match status {
            401 => "You are not logged in, or your session has expired.".to_string(),
            403 => "You are not allowed to do this.".to_string(),
            404 => "It no longer exists.".to_string(),
            s => format!("The engine answered with HTTP {s}."),
        },
    }
}

/// The code of a view or step fetched on first use (`ui::deferred`) did not arrive.
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiError::Unreachable("the code for this could not be fetched".into())
    }
}

impl ApiError {
    /// The fault's detail, when the engine refused with one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ApiError::Refused { fault: Some(f), .. } => Some(f.detail.as_str()),
            _ => None,
        }
    }

    /// The form field the refusal is about, as the engine names it in the fault (a real oVirt
    /// engine names none; the message then goes to the dialog's banner only).
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Refused { fault: Some(f), .. } => f.field.as_deref(),
            _ => None,
        }
    }

    /// Text for a person: the engine's messages without the list brackets.
    pub fn message(&self) -> String {
        match self {
            ApiError::Refused { fault: Some(f), .. } if !f.detail.is_empty() => f
                .detail
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            other => other.to_string(),
        }
    }
}
