//! Characters no text field accepts: the C0 control characters other than tab, line feed and
//! carriage return, and the non-characters U+FFFE and U+FFFF. XML 1.0 cannot carry them, so a
//! stored one would make every XML answer that shows it ill-formed (and every SDK listing fail).

use super::message::{msg, ErrorType, Message};

/// Whether no field accepts this character.
pub fn is_forbidden(c: char) -> bool {
    (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The first character of `s` that no field accepts.
pub fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| is_forbidden(c))
}

/// The text fields of the API's documents, as their names are written (`mount_options`). A
/// refusal about one of them names it, so a form can mark it.
pub const TEXT_FIELDS: &[&str] = &[
    "name",
    "description",
    "comment",
    "address",
    "path",
    "target",
    "portal",
    "mount_options",
    "vfs_type",
    "username",
    "password",
    "alias",
];

/// The refusal for `value` of `field`, if it holds a forbidden character.
pub fn check(field: &str, value: &str) -> Option<Message> {
    let c = forbidden_char(value)?;
    let field = TEXT_FIELDS.iter().copied().find(|f| *f == field);
    Some(control_character(field, c))
}

/// A character no field accepts (`rules::text`). Named by field when the field is known.
pub fn control_character(field: Option<&'static str>, c: char) -> Message {
    let what = field.map_or("A text value".to_string(), |f| {
        format!("The {}", f.replace('_', " "))
    });
    let kind = if (c as u32) < 0x20 {
        "control character"
    } else {
        "non-character"
    };
    let m = msg(
        "VALIDATION_FIELD_CONTAINS_CONTROL_CHARACTER",
        ErrorType::BadParameters,
        false,
        format!(
            "{what} contains the {kind} U+{:04X}, which no field accepts.",
            c as u32
        ),
    );
    match field {
        Some(f) => m.on(f),
        None => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_and_ordinary_text_passes() {
        assert_eq!(forbidden_char("/exports/a\u{1}b"), Some('\u{1}'));
        assert_eq!(forbidden_char("x\u{FFFF}"), Some('\u{FFFF}'));
        assert_eq!(forbidden_char("tab\tand\nnew line\r, é, 漢"), None);
        let msg = check("path", "/a\u{7}").unwrap();
        assert_eq!(msg.field, Some("path"));
        assert!(msg.text.contains("U+0007"), "{}", msg.text);
        assert_eq!(check("colour", "\u{1}").unwrap().field, None);
        assert!(check("path", "/fine").is_none());
    }
}
