//! From search text to a [`Query`]: tokens first, then the grammar (`or` of `and`s of
//! conditions), then `sortby` and `page`.

use super::fields::Collection;
use super::SearchError;

/// A comparison, as the real engine spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// `field op value`, or free text (`field` is `None`: the word is looked for in every text
/// field). `value` is `None` for the empty value (`name=""`), which matches what is unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub field: Option<String>,
    pub op: Op,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Every one of these.
    And(Vec<Expr>),
    /// Any one of these.
    Or(Vec<Expr>),
    Cond(Condition),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// `None`: everything matches.
    pub expr: Option<Expr>,
    /// `sortby field [desc]`: the field (lowercase) and whether descending.
    pub sort: Option<(String, bool)>,
    /// `page N` (1-based) of `max` items.
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(Op),
}

fn fail(collection: &Collection, why: impl std::fmt::Display) -> SearchError {
    SearchError(format!("Cannot search {}: {why}.", collection.noun))
}

fn tokenize(text: &str, c: &Collection) -> Result<Vec<Token>, SearchError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&ch) = chars.peek() {
        match ch {
            ch if ch.is_whitespace() => {
                chars.next();
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(x) => s.push(x),
                        None => return Err(fail(c, "a quoted value is not closed (\")")),
                    }
                }
                tokens.push(Token::Quoted(s));
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let eq_next = chars.peek() == Some(&'=');
                let op = match (ch, eq_next) {
                    ('=', _) => Op::Eq,
                    ('!', true) => Op::Ne,
                    ('!', false) => return Err(fail(c, "'!' must be followed by '='")),
                    ('<', true) => Op::Le,
                    ('<', false) => Op::Lt,
                    ('>', true) => Op::Ge,
                    _ => Op::Gt,
                };
                if ch != '=' && eq_next {
                    chars.next();
                }
                tokens.push(Token::Op(op));
            }
            '(' | ')' | ';' | '\\' => {
                return Err(fail(
                    c,
                    format!("the character '{ch}' is not part of the search language"),
                ))
            }
            ch if ch.is_control() => {
                return Err(fail(
                    c,
                    format!(
                        "the search contains the control character U+{:04X}",
                        ch as u32
                    ),
                ))
            }
            _ => {
                let mut s = String::new();
                while let Some(&x) = chars.peek() {
                    if x.is_whitespace() || matches!(x, '=' | '!' | '<' | '>' | '"' | '(' | ')') {
                        break;
                    }
                    s.push(x);
                    chars.next();
                }
                tokens.push(Token::Word(s));
            }
        }
    }
    Ok(tokens)
}

fn is_keyword(t: Option<&Token>, kw: &str) -> bool {
    matches!(t, Some(Token::Word(w)) if w.eq_ignore_ascii_case(kw))
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    c: &'a Collection,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn at_clause_end(&self) -> bool {
        self.peek().is_none()
            || is_keyword(self.peek(), "sortby")
            || is_keyword(self.peek(), "page")
    }

    fn or_expr(&mut self) -> Result<Expr, SearchError> {
        let mut parts = vec![self.and_expr()?];
        while is_keyword(self.peek(), "or") {
            self.next();
            if self.at_clause_end() {
                return Err(fail(self.c, "'or' must be followed by a condition"));
            }
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, SearchError> {
        let mut parts = vec![self.condition()?];
        loop {
            if is_keyword(self.peek(), "and") {
                self.next();
                if self.at_clause_end() || is_keyword(self.peek(), "or") {
                    return Err(fail(self.c, "'and' must be followed by a condition"));
                }
            } else if self.at_clause_end() || is_keyword(self.peek(), "or") {
                break;
            }
            parts.push(self.condition()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn condition(&mut self) -> Result<Expr, SearchError> {
        let first = self.next();
        let word = match first {
            Some(Token::Word(w))
                if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") =>
            {
                return Err(fail(
                    self.c,
                    format!("'{w}' must come between two conditions"),
                ))
            }
            Some(Token::Word(w)) => (w, false),
            Some(Token::Quoted(q)) => (q, true),
            Some(Token::Op(op)) => {
                return Err(fail(
                    self.c,
                    format!("'{}' must follow a field name", op.as_str()),
                ))
            }
            None => return Err(fail(self.c, "a condition is missing")),
        };
        let Some(Token::Op(op)) = self.peek().cloned() else {
            // Free text: the word anywhere in the object's text fields.
            let (text, _) = word;
            return Ok(Expr::Cond(Condition {
                field: None,
                op: Op::Eq,
                value: Some(text),
            }));
        };
        let (field, quoted) = word;
        if quoted {
            return Err(fail(
                self.c,
                format!("\"{field}\" is quoted, but a field name is never quoted"),
            ));
        }
        self.next();
        let value = match self.next() {
            Some(Token::Word(w)) if w == "''" => None,
            Some(Token::Word(w)) => Some(w),
            Some(Token::Quoted(q)) if q.is_empty() => None,
            Some(Token::Quoted(q)) => Some(q),
            Some(Token::Op(o)) => {
                return Err(fail(
                    self.c,
                    format!("'{}' cannot follow '{}'", o.as_str(), op.as_str()),
                ))
            }
            None => {
                return Err(fail(
                    self.c,
                    format!("'{field}{}' has no value", op.as_str()),
                ))
            }
        };
        Ok(Expr::Cond(Condition {
            field: Some(field.to_ascii_lowercase()),
            op,
            value,
        }))
    }
}

/// Splits off an object prefix (`Storage:`, `Hosts :`), which must name this collection.
fn strip_prefix<'t>(text: &'t str, c: &Collection) -> Result<&'t str, SearchError> {
    let Some((head, rest)) = text.split_once(':') else {
        return Ok(text);
    };
    let head = head.trim();
    // A colon inside a value (`address=10.0.0.1:3260`, a quoted time) is not a prefix.
    if head.is_empty() || head.contains(|ch: char| !ch.is_ascii_alphabetic()) {
        return Ok(text);
    }
    if c.prefixes.iter().any(|p| p.eq_ignore_ascii_case(head)) {
        Ok(rest)
    } else {
        Err(fail(
            c,
            format!(
                "'{head}:' searches another kind of object; here it is '{}:'",
                c.prefixes[0]
            ),
        ))
    }
}

/// Parses search text. Field names are checked later, against the collection.
pub fn parse(text: &str, c: &Collection) -> Result<Query, SearchError> {
    let body = strip_prefix(text.trim(), c)?;
    let mut p = Parser {
        tokens: tokenize(body, c)?,
        at: 0,
        c,
    };
    let mut query = Query::default();
    if !p.at_clause_end() {
        query.expr = Some(p.or_expr()?);
    }
    while let Some(t) = p.next() {
        match t {
            Token::Word(w) if w.eq_ignore_ascii_case("sortby") => {
                let Some(Token::Word(field)) = p.next() else {
                    return Err(fail(c, "'sortby' must be followed by a field name"));
                };
                let desc = if is_keyword(p.peek(), "desc") || is_keyword(p.peek(), "asc") {
                    matches!(p.next(), Some(Token::Word(d)) if d.eq_ignore_ascii_case("desc"))
                } else {
                    false
                };
                query.sort = Some((field.to_ascii_lowercase(), desc));
            }
            Token::Word(w) if w.eq_ignore_ascii_case("page") => {
                let n = match p.next() {
                    Some(Token::Word(n)) => n.parse::<u32>().ok().filter(|n| *n > 0),
                    _ => None,
                };
                query.page =
                    Some(n.ok_or_else(|| fail(c, "'page' must be followed by a number from 1"))?);
            }
            other => {
                let shown = match other {
                    Token::Word(w) | Token::Quoted(w) => w,
                    Token::Op(o) => o.as_str().to_string(),
                };
                return Err(fail(
                    c,
                    format!("'{shown}' is out of place after sortby/page"),
                ));
            }
        }
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fields::STORAGE_DOMAINS;

    fn q(text: &str) -> Query {
        parse(text, &STORAGE_DOMAINS).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn cond(field: &str, op: Op, value: &str) -> Expr {
        Expr::Cond(Condition {
            field: Some(field.into()),
            op,
            value: Some(value.into()),
        })
    }

    #[test]
    fn quoted_values_and_operators() {
        assert_eq!(
            q(r#"name="my data""#).expr,
            Some(cond("name", Op::Eq, "my data"))
        );
        assert_eq!(q("size >= 10").expr, Some(cond("size", Op::Ge, "10")));
        assert_eq!(q("NAME!=x*").expr, Some(cond("name", Op::Ne, "x*")));
        assert_eq!(q("size<3").expr, Some(cond("size", Op::Lt, "3")));
        let empty = q(r#"comment="""#).expr;
        assert!(matches!(
            empty,
            Some(Expr::Cond(Condition { value: None, .. }))
        ));
    }

    #[test]
    fn and_binds_tighter_than_or_and_juxtaposition_is_and() {
        let e = q("name=a and status=active or type=nfs").expr.unwrap();
        assert_eq!(
            e,
            Expr::Or(vec![
                Expr::And(vec![
                    cond("name", Op::Eq, "a"),
                    cond("status", Op::Eq, "active")
                ]),
                cond("type", Op::Eq, "nfs"),
            ])
        );
        assert_eq!(
            q("name=a status=active").expr,
            Some(Expr::And(vec![
                cond("name", Op::Eq, "a"),
                cond("status", Op::Eq, "active")
            ]))
        );
        assert!(matches!(q("name=a OR name=b").expr, Some(Expr::Or(_))));
    }

    #[test]
    fn prefix_free_text_sortby_and_page() {
        let query = q("Storage: data sortby name desc page 2");
        assert_eq!(
            query.expr,
            Some(Expr::Cond(Condition {
                field: None,
                op: Op::Eq,
                value: Some("data".into())
            }))
        );
        assert_eq!(query.sort, Some(("name".into(), true)));
        assert_eq!(query.page, Some(2));
        assert_eq!(q("").expr, None);
        assert_eq!(q("storages:").expr, None);
        // A colon in a value is not a prefix.
        assert_eq!(q("name=a:b").expr, Some(cond("name", Op::Eq, "a:b")));
    }

    #[test]
    fn malformed_searches_are_refused_with_a_reason() {
        for bad in [
            r#"name="open"#,
            "name=",
            "name=a and",
            "or name=a",
            "name=a or",
            "Hosts: name=a",
            "= a",
            "name ! a",
            "(name=a)",
            "page x",
            "sortby",
            "name=a page 1 extra",
            "\"name\"=a",
            "name=\u{1}",
        ] {
            let e = parse(bad, &STORAGE_DOMAINS).expect_err(bad);
            assert!(e.0.starts_with("Cannot search storages: "), "{bad}: {e}");
        }
    }
}
