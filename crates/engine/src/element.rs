//! The XML root element of an answer, attached to the response by whoever knows it: the
//! operation (declared in `http::operations`), a fault (`fault`), an action's outcome
//! (`action`). `http::xml` writes it; nothing guesses it from the URL or the body.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element(pub &'static str);
