//! JS arguments to core values: records and configurations arrive as plain JS objects with
//! camelCase keys (what this module hands out) or snake_case keys (the JSONL schema and the
//! shared test vectors); both deserialise into the core's serde types.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use zhengwu::{Error, ErrorKind};

/// `accountId` → `account_id`. Only identifier-like keys (ASCII letters and digits, starting
/// lowercase) with an uppercase letter are renamed: keys that are data (Chinese lexicon
/// phrases, category names, `"invalid_time: created_at"`) pass through unchanged.
pub fn snake_key(key: &str) -> Option<String> {
    let mut chars = key.chars();
    let first = chars.next()?;
    if !first.is_ascii_lowercase()
        || !key.chars().all(|c| c.is_ascii_alphanumeric())
        || !key.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Renames camelCase object keys to snake_case at every depth.
pub fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let k = snake_key(&k).unwrap_or(k);
                out.insert(k, snake_keys(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// A JS value (camelCase or snake_case keys) as a core value; `undefined`/`null` give
/// `T::default()`. `what` names the argument in the error.
pub fn from_js<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js_required(value, what)
}

/// Like [`from_js`] for arguments that must be given.
pub fn from_js_required<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    let json: Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| invalid(what, format!("not a plain JSON-like value: {e}")))?;
    from_json(json, what)
}

/// A JSON value (camelCase or snake_case keys) as a core value.
pub fn from_json<T: DeserializeOwned>(json: Value, what: &str) -> Result<T, Error> {
    serde_json::from_value(snake_keys(json)).map_err(|e| invalid(what, e.to_string()))
}

fn invalid(what: &str, reason: String) -> Error {
    let kind = if what.ends_with("config") {
        ErrorKind::Config
    } else {
        ErrorKind::InvalidValue
    };
    let mut e = Error::new(kind, format!("{what}: {reason}"));
    e.location.field = Some(what.to_string());
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_identifiers_but_not_data_keys() {
        assert_eq!(snake_key("accountId").as_deref(), Some("account_id"));
        assert_eq!(snake_key("p90Seconds").as_deref(), Some("p90_seconds"));
        assert_eq!(snake_key("runQuality").as_deref(), Some("run_quality"));
        assert_eq!(snake_key("account_id"), None);
        assert_eq!(snake_key("text"), None);
        assert_eq!(snake_key("高度重视"), None);
        assert_eq!(snake_key("Officialese"), None);
        assert_eq!(snake_key("invalid_time: createdAt"), None);
    }

    #[test]
    fn camel_case_records_deserialise_into_the_core_model() {
        let json = serde_json::json!({
            "id": "p1", "accountId": "gov", "createdAt": "2024-05-06T09:00:00+08:00",
            "text": "转发", "repostOf": {"authorName": "上级"}
        });
        let post: zhengwu::Post = from_json(json, "post").unwrap();
        assert_eq!(post.account_id, "gov");
        assert_eq!(
            post.repost_of.and_then(|r| r.author_name).as_deref(),
            Some("上级")
        );
        let config: zhengwu::health::AuditConfig =
            from_json(serde_json::json!({"runQuality": false}), "audit config").unwrap();
        assert!(!config.run_quality);
    }
}
