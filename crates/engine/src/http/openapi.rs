//! The OpenAPI 3 document of the API, served at `/ovirt-engine/api/openapi.json`. Paths come
//! from the same operation list the router is built from (`operations.rs`) and schemas from the
//! wire types themselves (schemars), so neither can drift from the code.

use super::operations::Operation;
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};
use storage_model::Fault;

/// Path parameters of an axum path (`{id}`).
fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

fn fault(description: &str, fault_schema: &Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": fault_schema } }
    })
}

fn operation(
    op: &Operation,
    generator: &mut schemars::SchemaGenerator,
    fault_schema: &Value,
) -> Value {
    let mut parameters: Vec<Value> = path_params(op.path)
        .into_iter()
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    parameters.extend(op.query.iter().map(|name| {
        json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" } })
    }));
    let (status, ok) = op.ok;
    let mut responses = Map::new();
    responses.insert(
        status.to_string(),
        json!({
            "description": "Done",
            "content": { op.ok_type: { "schema": ok(generator).to_value() } }
        }),
    );
    for (code, text) in [
        (
            "400",
            "Refused: bad parameters, an unsupported action or a rule (the fault says which)",
        ),
        ("401", "Not signed in, or the token expired or was revoked"),
        ("403", "The user's roles do not allow this"),
        (
            "409",
            "Refused: a conflict (duplicate, in use, locked by another operation)",
        ),
        ("413", "The request body is larger than 1 MiB"),
        (
            "503",
            "The database cannot be written (read-only or failing storage); nothing changed",
        ),
        ("507", "The database's disk is full; nothing changed"),
    ] {
        responses.insert(code.into(), fault(text, fault_schema));
    }
    // The real engine answers an unknown or malformed id with an empty 404.
    responses.insert("404".into(), json!({ "description": "No such object (empty body), or a named object in a parameter was not found" }));
    responses.insert(
        "408".into(),
        json!({ "description": "The request took longer than the engine's deadline" }),
    );
    let mut o = json!({
        "summary": op.summary,
        "operationId": format!("{} {}", op.method, op.path),
        "parameters": parameters,
        "responses": responses,
    });
    if op.extension {
        // Not oVirt's API: an engine started with --vanilla does not serve it.
        o["x-extension"] = json!(true);
    }
    if let Some((body, required)) = op.body {
        o["requestBody"] = json!({
            "required": required,
            "content": { "application/json": { "schema": body(generator).to_value() } }
        });
    }
    o
}

/// The document of `operations` (the router's own list, so it cannot drift from what is served).
pub fn document(operations: &[Operation]) -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let fault_schema = generator.subschema_for::<Fault>().to_value();
    let mut paths = Map::new();
    for op in operations {
        let entry = paths
            .entry(op.path.to_string())
            .or_insert_with(|| json!({}));
        entry[op.method.as_str().to_ascii_lowercase()] =
            operation(op, &mut generator, &fault_schema);
    }
    let schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Storage connections engine (oVirt v4 REST API, storage subset)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON with `Accept: application/json` (XML otherwise, as the real engine). \
                Integers and booleans are written as strings. Sign in at /ovirt-engine/sso/oauth/token."
        },
        "servers": [{ "url": storage_model::API_BASE }],
        "security": [{ "bearer": [] }, { "basic": [] }],
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer" },
                "basic": { "type": "http", "scheme": "basic" }
            },
            "schemas": schemas
        },
        "paths": paths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_documented_with_resolvable_schemas() {
        let ops = crate::http::operations::all();
        let doc = document(&ops);
        let text = doc.to_string();
        let documented: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|p| p.as_object().unwrap().len())
            .sum();
        assert_eq!(documented, ops.len());
        // Every $ref points at a schema in components.
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "missing schema {name}"
            );
        }
        let conn = &doc["components"]["schemas"]["StorageConnection"]["properties"];
        assert_eq!(
            conn["nfs_timeo"]["type"], "string",
            "integers are strings on the wire"
        );
        assert!(
            conn["type"].to_string().contains("StorageType"),
            "{}",
            conn["type"]
        );
    }
}
