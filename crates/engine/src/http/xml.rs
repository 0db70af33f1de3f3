//! XML, the real engine's default representation: responses are written as XML unless the
//! client asks for JSON (`Accept` or `?accept=`), and XML request bodies are read as the same
//! documents JSON would be. The two are one model: an element per field, `id` and `href` (and a
//! link's `rel`) as attributes, repeated elements for lists.

use crate::element::Element;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// Largest request body read (the real engine's documents are a few KB).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Marks a request whose client reads XML: only its answer needs the XML root element named
/// (`declared.rs`), so JSON answers carry no such extension.
#[derive(Clone, Copy)]
pub struct WantsXml;

/// Marks a response that is JSON whatever the client asked for (the OpenAPI document): it has no
/// XML form, so [`answer`] passes it through.
#[derive(Clone, Copy)]
pub struct JsonOnly;
const MAX_DEPTH: usize = 32;

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // What XML 1.0 cannot carry (a value stored before such input was refused) is
            // written as U+FFFD, so the answer stays well-formed for every client.
            c if storage_model::rules::text::is_forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn write_text(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape(text, out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn write_element(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                write_element(out, name, item);
            }
        }
        Value::Object(map) => {
            out.push('<');
            out.push_str(name);
            let attributes: &[&str] = if name == "link" {
                &["href", "id", "rel"]
            } else {
                &["href", "id"]
            };
            for a in attributes {
                if let Some(s) = map.get(*a).and_then(scalar) {
                    out.push(' ');
                    out.push_str(a);
                    out.push_str("=\"");
                    escape(&s, out);
                    out.push('"');
                }
            }
            let children: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, v)| !attributes.contains(&k.as_str()) && !v.is_null())
                .collect();
            if children.is_empty() {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for (k, child) in children {
                write_element(out, k, child);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        // Dates are the one JSON number the engine writes (epoch milliseconds, as the real
        // engine's JSON); XML carries them as xs:dateTime.
        Value::Number(n)
            if name == "time" || name.ends_with("_time") || name.ends_with("_date") =>
        {
            let text = n
                .as_i64()
                .map(storage_model::search::time::iso8601)
                .unwrap_or_else(|| n.to_string());
            write_text(out, name, &text);
        }
        other => {
            let text = scalar(other).unwrap_or_default();
            out.push('<');
            out.push_str(name);
            out.push('>');
            escape(&text, out);
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

/// A JSON document as the engine's XML, under `root`.
pub fn to_xml(root: &str, v: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    match v {
        Value::Object(_) => write_element(&mut out, root, v),
        _ => write_element(&mut out, root, &Value::Object(Map::new())),
    }
    out
}

fn element_to_value(node: roxmltree::Node, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!("the document nests deeper than {MAX_DEPTH} levels"));
    }
    let children: Vec<roxmltree::Node> = node.children().filter(|c| c.is_element()).collect();
    let attributes: Vec<roxmltree::Attribute> = node.attributes().collect();
    if children.is_empty() && attributes.is_empty() {
        return Ok(Value::String(node.text().unwrap_or("").trim().to_string()));
    }
    let mut map = Map::new();
    for a in attributes {
        map.insert(a.name().to_string(), Value::String(a.value().to_string()));
    }
    for c in &children {
        let name = c.tag_name().name().to_string();
        let value = element_to_value(*c, depth + 1)?;
        // A list: inside its plural wrapper (`<logical_units><logical_unit>`), repeated, or links.
        let repeated = children
            .iter()
            .filter(|x| x.tag_name().name() == name)
            .count()
            > 1;
        let wrapped = node.tag_name().name() == format!("{name}s");
        if wrapped || repeated || name == "link" {
            match map.entry(name).or_insert_with(|| Value::Array(Vec::new())) {
                Value::Array(items) => items.push(value),
                other => *other = Value::Array(vec![other.take(), value]),
            }
        } else {
            map.insert(name, value);
        }
    }
    Ok(Value::Object(map))
}

/// An XML request document as the JSON document it stands for (its root element is the bare
/// object). DTDs are refused, which also rules out entity-expansion attacks.
pub fn from_xml(text: &str) -> Result<Value, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())?;
    // The root is always an object, even when empty (`<action/>`).
    match element_to_value(doc.root_element(), 0)? {
        Value::String(_) => Ok(Value::Object(Map::new())),
        v => Ok(v),
    }
}

/// Whether `haystack` contains `needle` (lowercase ASCII) in any letter case.
fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn wants_json(req: &Request) -> bool {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .map(|h| h.as_bytes())
        .unwrap_or_default();
    let query_accept = req
        .uri()
        .query()
        .filter(|q| contains_ignoring_case(q.as_bytes(), b"accept"))
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == "accept")
                .map(|(_, v)| v)
        })
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !query_accept.is_empty() {
        return query_accept.contains("json");
    }
    contains_ignoring_case(accept, b"json") && !contains_ignoring_case(accept, b"xml")
}

fn xml_fault(reason: &str, detail: &str) -> Response {
    let body = serde_json::json!({"reason": reason, "detail": detail});
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/xml")],
        to_xml("fault", &body),
    )
        .into_response()
}

/// What a client reads, decided from its request before anything else runs.
#[derive(Clone, Copy)]
pub struct Reads {
    json: bool,
}

/// XML in: decides what the client reads and turns an XML body into the JSON the handlers
/// read, in place (the request is not moved: it is large, and each move is a copy). `Err` is the
/// answer to a request that cannot be read: an unsupported version, a body too large or not XML.
pub async fn read(req: &mut Request) -> Result<Reads, Response> {
    let json_out = wants_json(req);
    // Only version 4 is spoken; the real engine answers any other with 400.
    if let Some(v) = req.headers().get("version").and_then(|h| h.to_str().ok()) {
        if v.trim() != "4" {
            return Err(bad_request(
                json_out,
                &format!("Version {v} is not supported; this engine speaks version 4."),
            ));
        }
    }
    let is_xml_body = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.to_ascii_lowercase().contains("xml"));
    if !json_out {
        req.extensions_mut().insert(WantsXml);
    }
    if is_xml_body {
        let body = std::mem::take(req.body_mut());
        let bytes = match to_bytes(body, BODY_LIMIT).await {
            Ok(b) => b,
            Err(_) => {
                return Err(
                    (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()
                );
            }
        };
        let json = if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            Value::Object(Map::new())
        } else {
            let text = match std::str::from_utf8(&bytes) {
                Ok(t) => t,
                Err(_) => return Err(bad_request(json_out, "The request body is not UTF-8.")),
            };
            match from_xml(text) {
                Ok(v) => v,
                Err(e) => {
                    return Err(bad_request(
                        json_out,
                        &format!("The request body is not valid XML: {e}"),
                    ))
                }
            }
        };
        req.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        req.extensions_mut().insert(super::body::Format::Xml);
        *req.body_mut() = Body::from(json.to_string());
    }
    Ok(Reads { json: json_out })
}

/// XML out: the answer as the client reads it (JSON answers written as XML unless JSON was
/// asked for or the answer is JSON only).
pub async fn answer(reads: Reads, response: Response) -> Response {
    if reads.json || response.extensions().get::<JsonOnly>().is_some() {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|c| c.contains("json"));
    if !is_json {
        return response;
    }
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    // Declared by the operation, a fault or an action; an answer nothing named (a 401 from the
    // authentication layer) is a fault when it is an error.
    let root = match parts.extensions.get::<Element>() {
        Some(Element(e)) => e,
        None if status.is_client_error() || status.is_server_error() => "fault",
        None => "object",
    };
    let xml = to_xml(root, &value);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(xml))
}

fn bad_request(json_out: bool, detail: &str) -> Response {
    if json_out {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(
                serde_json::json!({"reason": "Request syntactically incorrect.", "detail": detail}),
            ),
        )
            .into_response()
    } else {
        xml_fault("Request syntactically incorrect.", detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collections_entities_and_references() {
        let v = json!({"storage_connection": [
            {"href": "/a/1", "id": "1", "type": "nfs", "address": "n&1", "nfs_timeo": "600"}
        ]});
        let xml = to_xml("storage_connections", &v);
        assert!(xml.contains(r#"<storage_connections><storage_connection href="/a/1" id="1"><type>nfs</type><address>n&amp;1</address><nfs_timeo>600</nfs_timeo></storage_connection></storage_connections>"#), "{xml}");
        // One reference stays one object; a wrapped list stays a list.
        let back = from_xml(&xml).unwrap();
        assert_eq!(back["storage_connection"][0]["address"], "n&1");
        assert!(to_xml("storage_connections", &json!({})).ends_with("<storage_connections/>"));
        let d = json!({"id": "d", "data_centers": {"data_center": [{"href": "/dc", "id": "x"}]},
                       "link": [{"href": "/l", "rel": "disks"}]});
        let xml = to_xml("storage_domain", &d);
        assert!(
            xml.contains(r#"<data_centers><data_center href="/dc" id="x"/></data_centers>"#),
            "{xml}"
        );
        assert!(xml.contains(r#"<link href="/l" rel="disks"/>"#), "{xml}");
    }

    #[test]
    fn xml_input_reads_as_the_json_it_stands_for() {
        let v = from_xml(
            r#"<storage_domain><name>x</name><storage><type>iscsi</type><logical_units><logical_unit id="L1"><port>3260</port></logical_unit></logical_units></storage><host><name>h1</name></host></storage_domain>"#,
        )
        .unwrap();
        assert_eq!(v["name"], "x");
        assert_eq!(v["storage"]["logical_units"]["logical_unit"][0]["id"], "L1");
        assert_eq!(
            v["storage"]["logical_units"]["logical_unit"][0]["port"],
            "3260"
        );
        assert_eq!(v["host"]["name"], "h1");
        assert_eq!(
            from_xml(r#"<storage_connection id="c1"/>"#).unwrap()["id"],
            "c1"
        );
    }

    #[test]
    fn times_are_dates_and_unreadable_characters_are_replaced() {
        let xml = to_xml(
            "event",
            &json!({"index": "3", "time": 1_796_034_005_123_i64, "description": "a\u{1}b"}),
        );
        assert!(
            xml.contains("<time>2026-11-30T10:20:05.123Z</time>"),
            "{xml}"
        );
        assert!(xml.contains("<index>3</index>"), "{xml}");
        assert!(
            xml.contains("<description>a\u{FFFD}b</description>"),
            "{xml}"
        );
        assert!(roxmltree::Document::parse(&xml).is_ok());
    }

    #[test]
    fn hostile_xml_is_refused() {
        assert!(from_xml("<a><b>").is_err());
        assert!(from_xml(r#"<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>"#).is_err());
        let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert!(from_xml(&deep).is_err());
    }
}
