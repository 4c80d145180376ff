//! `zhengwu-wasm`: the WebAssembly skin of zhengwu, an ES module for browsers and Node.
//!
//! Only conversion lives here: JS options to core options, core results to plain JS objects
//! with camelCase keys ([`camel`]; plain objects rather than class instances, which pile up
//! until the JS garbage collector runs), and core errors to a thrown `Error` carrying `kind`,
//! `source`, `line`, `field` and `reason`.

mod analysis;
mod camel;
mod input;
mod tape;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use zhengwu::read::{self, Format, IngestReport, Mode, ReadOptions};
use zhengwu::{Account, Comment, Dataset, Error, Mention, Post};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `readRecords` / `readRecordsFromBytes`. */
export interface ReadOptions {
  /** "jsonl" (our JSON Lines schema), "weibo_api", "csv" or "mapped_json"; absent: detect. */
  format?: "jsonl" | "weibo_api" | "csv" | "mapped_json" | "auto" | null;
  /** Column-mapping preset for crawler CSV exports. */
  preset?: string | null;
  /** Skip bad records and count them in `report` instead of throwing at the first. */
  lenient?: boolean;
  /** Label of the input in errors and in the report. */
  source?: string | null;
}

/** Every record read, by kind, and the ingest report (`read + rejected == seen`). */
export interface IngestReport {
  source: string;
  format: "jsonl" | "weibo_api" | "csv" | "mapped_json" | null;
  seen: number;
  read: number;
  rejected: number;
  /** Extra records derived from read ones (accounts from Weibo API `user` objects). */
  derived: number;
  reasons: Record<string, number>;
  examples: string[];
}

export type AdminLevel = "national" | "province" | "city" | "county" | "station";
export type MediaKind = "image" | "video" | "article" | "link" | "live";
/** ISO 8601 with the original UTC offset, e.g. "2020-01-13T08:07:00+08:00". */
export type Timestamp = string;

export interface Account {
  id: string;
  name: string | null;
  adminLevel: AdminLevel | null;
  system: string | null;
  parentId: string | null;
  followers: number | null;
  following: number | null;
  lifetimePosts: number | null;
  verifiedType: number | null;
  verifiedReason: string | null;
  createdAt: Timestamp | null;
  affiliatedIds?: string[];
}

export interface RepostOf {
  postId: string | null;
  authorId: string | null;
  authorName: string | null;
  text: string | null;
  createdAt: Timestamp | null;
}

export interface Post {
  id: string;
  accountId: string;
  accountName: string | null;
  createdAt: Timestamp;
  text: string;
  repostOf: RepostOf | null;
  isRepost: boolean | null;
  media?: MediaKind[];
  reposts: number | null;
  comments: number | null;
  likes: number | null;
  client: string | null;
  hashtags?: string[];
  mentions?: string[];
  truncated: boolean;
}

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  authorId: string;
  authorName: string | null;
  createdAt: Timestamp;
  text: string;
  likes: number | null;
}

export interface Mention {
  id: string;
  accountId: string;
  authorId: string;
  authorName: string | null;
  createdAt: Timestamp;
  text: string;
}

export interface ReadResult {
  accounts: Account[];
  posts: Post[];
  comments: Comment[];
  mentions: Mention[];
  report: IngestReport;
}

/** What zhengwu throws: an `Error` with the core's stable kind and the location. */
export interface ZhengwuError extends Error {
  kind: "io" | "encoding" | "syntax" | "missing_field" | "invalid_value" | "invalid_time" | "config" | "model";
  source: string;
  line: number | null;
  field: string | null;
  reason: string;
}
"#;

/// The one mapping from a core error to JS: an `Error` whose message is the full description
/// and whose `kind` is [`zhengwu::ErrorKind::as_str`].
fn to_js_error(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("ZhengwuError");
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh Error cannot fail; ignore the impossible.
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("kind", JsValue::from_str(error.kind.as_str()));
    set("source", JsValue::from_str(&error.location.source));
    set(
        "line",
        error
            .location
            .line
            .map_or(JsValue::NULL, |line| JsValue::from_f64(line as f64)),
    );
    set(
        "field",
        error
            .location
            .field
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    set("reason", JsValue::from_str(&error.reason));
    js.into()
}

/// Options as JS passes them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct JsReadOptions {
    format: Option<String>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
}

const READ_OPTION_KEYS: [&str; 4] = ["format", "preset", "lenient", "source"];

fn read_options(options: Option<JsValue>) -> Result<ReadOptions, Error> {
    let options: JsReadOptions = match options {
        None => JsReadOptions::default(),
        Some(options) if options.is_undefined() || options.is_null() => JsReadOptions::default(),
        Some(options) => {
            // serde-wasm-bindgen only looks up the known keys, so a misspelt option would pass
            // silently: reject unknown keys here.
            if let Some(object) = options.dyn_ref::<js_sys::Object>() {
                for key in js_sys::Object::keys(object).iter() {
                    let key = key.as_string().unwrap_or_default();
                    if !READ_OPTION_KEYS.contains(&key.as_str()) {
                        return Err(Error::config(format!(
                            "unknown read option `{key}`; expected one of {}",
                            READ_OPTION_KEYS.join(", ")
                        )));
                    }
                }
            }
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| Error::config(format!("read options: {e}")))?
        }
    };
    let format = match options.format.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(Format::from_name(name)?),
    };
    Ok(ReadOptions {
        format,
        mode: if options.lenient {
            Mode::Lenient
        } else {
            Mode::Strict
        },
        preset: options.preset,
        source: options.source.unwrap_or_default(),
        ..ReadOptions::default()
    })
}

/// What a read returns to JS (no `#[serde(flatten)]`: see [`camel`]).
#[derive(Serialize)]
struct ReadOutput<'a> {
    accounts: &'a [Account],
    posts: &'a [Post],
    comments: &'a [Comment],
    mentions: &'a [Mention],
    report: &'a IngestReport,
}

fn to_js(result: Result<(Dataset, IngestReport), Error>) -> Result<JsValue, JsValue> {
    let (dataset, report) = result.map_err(|e| to_js_error(&e))?;
    let output = ReadOutput {
        accounts: &dataset.accounts,
        posts: &dataset.posts,
        comments: &dataset.comments,
        mentions: &dataset.mentions,
        report: &report,
    };
    analysis::to_plain(&output)
}

/// Reads accounts, posts, comments and mentions from text. Throws a `ZhengwuError`.
#[wasm_bindgen(js_name = readRecords, unchecked_return_type = "ReadResult")]
pub fn read_records(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = read_options(options).map_err(|e| to_js_error(&e))?;
    to_js(read::read_str(text, &options))
}

/// Reads records from raw bytes (a fetched or uploaded file); invalid UTF-8 is reported with
/// kind `"encoding"`. Throws a `ZhengwuError`.
#[wasm_bindgen(js_name = readRecordsFromBytes, unchecked_return_type = "ReadResult")]
pub fn read_records_from_bytes(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "ReadOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let options = read_options(options).map_err(|e| to_js_error(&e))?;
    to_js(read::read_bytes(bytes, &options))
}

/// The version of the zhengwu core this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
