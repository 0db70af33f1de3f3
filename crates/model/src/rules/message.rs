//! One refusal message: its key, its error type (which decides the HTTP status), the field it is
//! about and its text. The catalogue of constructors is `messages`.

use std::fmt;

/// The class of a message; it decides the HTTP status of a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorType {
    BadParameters,
    NotSupported,
    Conflict,
    Internal,
    NoPermission,
}

impl ErrorType {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorType::BadParameters | ErrorType::NotSupported => 400,
            ErrorType::Conflict => 409,
            ErrorType::Internal => 500,
            ErrorType::NoPermission => 403,
        }
    }
}

/// What a command was doing, for the "Cannot {verb} {object}." prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Add,
    Edit,
    Remove,
    Attach,
    Detach,
    Activate,
    Deactivate,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Add => "add",
            Verb::Edit => "edit",
            Verb::Remove => "remove",
            Verb::Attach => "attach",
            Verb::Detach => "detach",
            Verb::Activate => "activate",
            Verb::Deactivate => "deactivate",
        }
    }
}

/// One message of a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The engine's message key, e.g. `VALIDATION_STORAGE_CONNECTION_INVALID`.
    pub key: &'static str,
    pub kind: ErrorType,
    /// Whether the text is preceded by "Cannot {verb} {object}.".
    pub prefixed: bool,
    /// The input field the message is about, when there is one (for marking it in a form).
    pub field: Option<&'static str>,
    pub text: String,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub(crate) fn msg(
    key: &'static str,
    kind: ErrorType,
    prefixed: bool,
    text: impl Into<String>,
) -> Message {
    Message {
        key,
        kind,
        prefixed,
        field: None,
        text: text.into(),
    }
}

impl Message {
    /// The message about `field`.
    pub fn on(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    /// The full sentence as the fault's detail shows it.
    pub fn render(&self, verb: Verb, object: &str) -> String {
        if self.prefixed {
            format!("Cannot {} {object}. {}", verb.as_str(), self.text)
        } else {
            self.text.clone()
        }
    }
}
