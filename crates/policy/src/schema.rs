//! The JSON Schema of `bosun.policy/v1`, assembled from the rule registry
//! so it can never miss a kind. `bosun policy schema` prints it; the copy
//! in the repository (`schema/bosun.policy.v1.json`) is checked against
//! it by a test.

use serde_json::{Map, Value, json};

use crate::file::API_VERSION;
use crate::rules::KINDS;

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let mut kinds = Map::new();
    for k in KINDS {
        let mut s = (k.schema)();
        if let Some(o) = s.as_object_mut() {
            o.insert("description".into(), Value::String(k.summary.into()));
        }
        kinds.insert(k.name.into(), s);
    }
    let kind_names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    let mut rule_props = Map::new();
    rule_props.insert("id".into(), json!({"type": "string", "minLength": 1}));
    rule_props.insert("action".into(), json!({"enum": ["stop", "warn", "go"]}));
    rule_props.insert("message".into(), json!({"type": "string", "minLength": 1}));
    rule_props.extend(kinds);
    let one_kind: Vec<Value> = kind_names
        .iter()
        .map(|k| json!({"required": [k]}))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bosun.dev/schema/bosun.policy.v1.json",
        "title": "bosun policy file",
        "type": "object",
        "additionalProperties": false,
        "required": ["apiVersion", "policies"],
        "properties": {
            "apiVersion": {"const": API_VERSION},
            "policies": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rules"],
                    "properties": {
                        "description": {"type": "string"},
                        "rules": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule"}}
                    }
                }
            },
            "mappings": {"type": "array", "items": {"$ref": "#/$defs/mapping"}},
            "default-policy": {"type": "string", "minLength": 1},
            "known-bases": {
                "description": "Base images recognised by their layers (any reference bosun scan accepts)",
                "type": "array",
                "items": {"type": "string", "minLength": 1}
            }
        },
        "$defs": {
            "rule": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "action", "message"],
                "properties": rule_props,
                "oneOf": one_kind
            },
            "mapping": {
                "type": "object",
                "additionalProperties": false,
                "required": ["image", "policy"],
                "properties": {
                    "name": {"type": "string"},
                    "image": {"type": "string", "minLength": 1},
                    "policy": {"type": "string", "minLength": 1},
                    "allowlist": {"type": "array", "items": {"$ref": "#/$defs/allow"}}
                }
            },
            "allow": {
                "type": "object",
                "additionalProperties": false,
                "required": ["rule", "match", "reason", "owner", "expires"],
                "properties": {
                    "rule": {"type": "string", "minLength": 1},
                    "match": {"type": "string", "minLength": 1},
                    "reason": {"type": "string", "minLength": 1},
                    "owner": {"type": "string", "minLength": 1},
                    "expires": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
                }
            }
        }
    })
}
