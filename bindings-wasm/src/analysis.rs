//! The analyses for JS: post quality, message classification, interaction, account health (the
//! full audit, from records or straight from file text), the reference indices, and the shared
//! tokenizer (lazily built; or installed from dictionary bytes fetched separately).
//!
//! Every function takes plain JS objects (camelCase or snake_case keys, see [`crate::input`])
//! and returns plain JS objects with camelCase keys; errors are thrown as `ZhengwuError`.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::input::{from_js, from_js_required};
use crate::{read_options, to_js_error};
use zhengwu::health::{self, AuditConfig, AuditReport, Window};
use zhengwu::interaction::{self, InteractionConfig, MessageClassifier, MessageConfig};
use zhengwu::quality::{self, QualityConfig, ReferenceCorpus};
use zhengwu::read::{self, IngestReport};
use zhengwu::summary::{self, AccountFacts};
use zhengwu::text::{self, Tokenizer};
use zhengwu::{Account, Comment, Dataset, Error, ErrorKind, Mention, Post};

type JsResult = Result<JsValue, JsValue>;

/// The result types, generated from the core's structs by `scripts/gen-wasm-types.py`.
#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const ANALYSIS_TYPES: &'static str = r#"
/** A post as analyses take it: `readRecords` output, or any object with at least these keys
 * (snake_case keys of the JSONL schema are accepted too). */
export type PostInput = Pick<Post, "id" | "accountId" | "createdAt" | "text"> & Partial<Post>;
export type AccountInput = Pick<Account, "id"> & Partial<Account>;
export type CommentInput = Pick<Comment, "id" | "postId" | "authorId" | "createdAt" | "text"> & Partial<Comment>;
export type MentionInput = Pick<Mention, "id" | "accountId" | "authorId" | "createdAt" | "text"> & Partial<Mention>;
/** Records to audit; `readRecords` returns one (its `report` is ignored). */
export interface DatasetInput {
  accounts?: AccountInput[];
  posts?: PostInput[];
  comments?: CommentInput[];
  mentions?: MentionInput[];
}
/** One file for `auditTexts`: its text or its bytes, and how to read it. */
export interface AuditInput {
  text?: string;
  bytes?: Uint8Array;
  /** `source` names the file in errors and selects CSV by its extension. */
  options?: ReadOptions;
}
/** What `auditTexts` returns: the same parts as `cargo run --example audit -- --json`. */
export interface AuditOutput {
  ingest: IngestReport[];
  accounts: AccountFacts[];
  audit: AuditReport;
}
/** `classifyMessage` without the evidence. */
export interface MessageBrief {
  intent: Intent;
  needsReply: boolean;
  sentimentLabel: SentimentLabel;
  sentimentScore: number;
}
/** A column-mapping preset for CSV and mapped JSON (`options.preset`). */
export interface Preset {
  name: string;
  description: string;
}
/** Where the shared tokenizer's dictionary came from. */
export interface TokenizerInfo {
  dictionary: "jieba default" | "bytes" | "empty";
  userWords: number;
}
"#;

/// Any serialisable core value as a plain JS object with camelCase keys.
///
/// Through the result tape ([`crate::tape`]): the same objects `JSON.parse` of the camelCase
/// JSON gives, without the JSON text (integers past 2^53 become the nearest double, as
/// `JSON.parse` does).
pub(crate) fn to_plain<T: Serialize + ?Sized>(value: &T) -> JsResult {
    crate::tape::to_js(value).map_err(|e| {
        to_js_error(&Error::new(
            ErrorKind::InvalidValue,
            format!("converting the result to JS: {e}"),
        ))
    })
}

fn js_err(e: Error) -> JsValue {
    to_js_error(&e)
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/// Installs a jieba-format dictionary (`word [freq [tag]]` per line, e.g. jieba's `dict.txt`
/// fetched separately) as the shared tokenizer, with optional user words kept whole. Call it
/// before the first analysis: afterwards the shared tokenizer is built and this throws a
/// `config` error. Without it, the first analysis builds the embedded dictionary.
#[wasm_bindgen(js_name = loadDictionary)]
pub fn load_dictionary(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] user_words: Option<Vec<String>>,
) -> Result<(), JsValue> {
    let t = Tokenizer::from_dict_bytes(bytes).map_err(js_err)?;
    let t = t.with_user_words(user_words.unwrap_or_default());
    text::tokenizer::install(t).map_err(js_err)
}

/// What the shared tokenizer holds, building it now if needed (so a page can warm it up while
/// the user picks a file).
#[derive(Serialize)]
struct TokenizerInfo {
    dictionary: &'static str,
    user_words: usize,
}

/// Builds the shared tokenizer now (if not yet built) and says where its dictionary came from:
/// `"jieba default"` (embedded), `"bytes"` ([`load_dictionary`]) or `"empty"`.
#[wasm_bindgen(js_name = warmUp, unchecked_return_type = "TokenizerInfo")]
pub fn warm_up() -> JsResult {
    let t = text::tokenizer();
    // Touch the lexicon automata too, so the first analysis pays nothing more.
    let _ = MessageClassifier::default_shared();
    let _ = quality::CompiledLexicons::shared_default();
    to_plain(&TokenizerInfo {
        dictionary: t.dictionary_source(),
        user_words: t.user_word_count(),
    })
}

/// Cuts text into words with the shared tokenizer (jieba, HMM on). The words concatenate back
/// to the text.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn cut(text: &str) -> JsResult {
    to_plain(&text::tokenizer().cut(text))
}

// ---------------------------------------------------------------------------------------------
// Post quality

/// The quality of one post (type, livelihood, audience, officialese, readability, form, trivia,
/// keywords) with its evidence.
#[wasm_bindgen(js_name = analyzePost, unchecked_return_type = "PostQuality")]
pub fn analyze_post(
    #[wasm_bindgen(unchecked_param_type = "PostInput")] post: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<QualityConfig>")] config: JsValue,
) -> JsResult {
    let post: Post = from_js_required(post, "post").map_err(js_err)?;
    let config: QualityConfig = from_js(config, "quality config").map_err(js_err)?;
    to_plain(&quality::analyze_post(&post, &config))
}

/// The quality of many posts, in input order (lexicons compiled once).
#[wasm_bindgen(js_name = analyzePosts, unchecked_return_type = "PostQuality[]")]
pub fn analyze_posts(
    #[wasm_bindgen(unchecked_param_type = "PostInput[]")] posts: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<QualityConfig>")] config: JsValue,
) -> JsResult {
    let posts: Vec<Post> = from_js_required(posts, "posts").map_err(js_err)?;
    let config: QualityConfig = from_js(config, "quality config").map_err(js_err)?;
    // The core batch call: sequential here (feature `parallel` is off for wasm).
    to_plain(&quality::analyze_posts(&posts, &config))
}

/// One account's post-quality summary (type mix, officialese, originality…) over its posts.
#[wasm_bindgen(js_name = summarizeAccountQuality, unchecked_return_type = "AccountQuality")]
pub fn summarize_account_quality(
    #[wasm_bindgen(unchecked_param_type = "PostInput[]")] posts: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<QualityConfig>")] config: JsValue,
) -> JsResult {
    let posts: Vec<Post> = from_js_required(posts, "posts").map_err(js_err)?;
    let config: QualityConfig = from_js(config, "quality config").map_err(js_err)?;
    let qualities = quality::analyze_posts(&posts, &config);
    to_plain(&quality::summarize_account(
        &posts,
        &qualities,
        &ReferenceCorpus::empty(),
        &config,
    ))
}

// ---------------------------------------------------------------------------------------------
// Messages

thread_local! {
    /// The last custom classifier built, so a loop with one custom config compiles it once.
    static CUSTOM: RefCell<Option<(MessageConfig, Rc<MessageClassifier>)>> = const { RefCell::new(None) };
}

fn with_classifier<T>(
    config: JsValue,
    f: impl FnOnce(&MessageClassifier) -> T,
) -> Result<T, JsValue> {
    if config.is_undefined() || config.is_null() {
        return Ok(f(MessageClassifier::default_shared()));
    }
    let config: MessageConfig = from_js(config, "message config").map_err(js_err)?;
    let shared = MessageClassifier::default_shared();
    if &config == shared.config() {
        return Ok(f(shared));
    }
    let cached = CUSTOM.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(k, _)| *k == config)
            .map(|(_, v)| Rc::clone(v))
    });
    let classifier = match cached {
        Some(c) => c,
        None => {
            let built = Rc::new(MessageClassifier::new(&config).map_err(js_err)?);
            CUSTOM.with(|c| *c.borrow_mut() = Some((config, Rc::clone(&built))));
            built
        }
    };
    Ok(f(&classifier))
}

/// Intent (inquiry, complaint, challenge, suggestion, praise, other), whether it needs a reply,
/// and sentiment of one citizen message, with the phrases behind them.
#[wasm_bindgen(js_name = classifyMessage, unchecked_return_type = "MessageClass")]
pub fn classify_message(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<MessageConfig>")] config: JsValue,
) -> JsResult {
    let class = with_classifier(config, |c| c.classify(text))?;
    to_plain(&class)
}

/// [`classify_message`] without the evidence: the fast path for large loops.
#[derive(Serialize)]
struct MessageBrief {
    intent: interaction::Intent,
    needs_reply: bool,
    sentiment_label: interaction::SentimentLabel,
    sentiment_score: f32,
}

/// Intent, needs-reply and sentiment of one message, without evidence (faster).
#[wasm_bindgen(js_name = classifyMessageBrief, unchecked_return_type = "MessageBrief")]
pub fn classify_message_brief(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<MessageConfig>")] config: JsValue,
) -> JsResult {
    let (intent, needs_reply, sentiment_label, sentiment_score) =
        with_classifier(config, |c| c.classify_brief(text))?;
    to_plain(&MessageBrief {
        intent,
        needs_reply,
        sentiment_label,
        sentiment_score,
    })
}

/// [`classify_message`] for many messages, in input order.
#[wasm_bindgen(js_name = classifyMessages, unchecked_return_type = "MessageClass[]")]
pub fn classify_messages(
    #[wasm_bindgen(unchecked_param_type = "string[]")] texts: Vec<String>,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<MessageConfig>")] config: JsValue,
) -> JsResult {
    let classes = with_classifier(config, |c| {
        texts.iter().map(|t| c.classify(t)).collect::<Vec<_>>()
    })?;
    to_plain(&classes)
}

// ---------------------------------------------------------------------------------------------
// Interaction

/// Threads, message classes, responsiveness (reply rate per class, latency, backlog), closure
/// and crisis episodes around one account.
#[wasm_bindgen(js_name = analyzeInteraction, unchecked_return_type = "InteractionReport")]
pub fn analyze_interaction(
    #[wasm_bindgen(unchecked_param_type = "AccountInput")] account: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PostInput[]")] posts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CommentInput[]")] comments: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MentionInput[]")] mentions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<InteractionConfig>")]
    config: JsValue,
) -> JsResult {
    let account: Account = from_js_required(account, "account").map_err(js_err)?;
    let posts: Vec<Post> = from_js(posts, "posts").map_err(js_err)?;
    let comments: Vec<Comment> = from_js(comments, "comments").map_err(js_err)?;
    let mentions: Vec<Mention> = from_js(mentions, "mentions").map_err(js_err)?;
    let config: InteractionConfig = from_js(config, "interaction config").map_err(js_err)?;
    let report =
        interaction::analyze(&account, &posts, &comments, &mentions, &config).map_err(js_err)?;
    to_plain(&report)
}

// ---------------------------------------------------------------------------------------------
// Account health

/// The health audit of every account in a dataset (records as `readRecords` returns them, or
/// in the JSONL schema's snake_case): activity, diagnoses with evidence and recommendations,
/// component and overall scores, reference indices, the league table.
#[wasm_bindgen(unchecked_return_type = "AuditReport")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "DatasetInput")] dataset: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<AuditConfig>")] config: JsValue,
) -> JsResult {
    let data = dataset_from_js(dataset).map_err(js_err)?;
    let config: AuditConfig = from_js(config, "audit config").map_err(js_err)?;
    to_plain(&health::audit(&data, &config).map_err(js_err)?)
}

/// A dataset whose record lists may be absent (`readRecords` output carries a `report` too,
/// which is ignored).
fn dataset_from_js(value: JsValue) -> Result<Dataset, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Dataset::default());
    }
    let mut json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| Error::new(ErrorKind::InvalidValue, format!("dataset: {e}")))?;
    if let Some(object) = json.as_object_mut() {
        object.remove("report");
        for key in ["accounts", "posts", "comments", "mentions"] {
            object
                .entry(key)
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        }
    }
    crate::input::from_json(json, "dataset")
}

/// A column-mapping preset of the readers.
#[derive(Serialize)]
struct Preset {
    name: &'static str,
    description: &'static str,
}

/// The column-mapping presets `readRecords` and `auditTexts` accept as `options.preset` (the same
/// list as the Rust readers' `PRESETS`).
#[wasm_bindgen(js_name = readPresets, unchecked_return_type = "Preset[]")]
pub fn read_presets() -> JsResult {
    let presets: Vec<Preset> = read::PRESETS
        .iter()
        .map(|&(name, description)| Preset { name, description })
        .collect();
    to_plain(&presets)
}

/// What [`audit_texts`] returns: the same three parts as `cargo run --example audit -- --json`.
#[derive(Serialize)]
struct AuditOutput {
    ingest: Vec<IngestReport>,
    accounts: Vec<AccountFacts>,
    audit: AuditReport,
}

/// Reads every input (CSV/JSONL/Weibo API text or bytes, with the same options and presets as
/// `readRecords`), merges them and audits the result: what the `audit` example prints with
/// `--json`. Records never cross into JS, so this is the fast path for whole files.
#[wasm_bindgen(js_name = auditTexts, unchecked_return_type = "AuditOutput")]
pub fn audit_texts(
    #[wasm_bindgen(unchecked_param_type = "AuditInput[]")] inputs: Vec<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "DeepPartial<AuditConfig>")] config: JsValue,
) -> JsResult {
    let config: AuditConfig = from_js(config, "audit config").map_err(js_err)?;
    let mut data = Dataset::default();
    let mut ingest = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.into_iter().enumerate() {
        let get = |key: &str| js_sys::Reflect::get(&input, &JsValue::from_str(key)).ok();
        let options = get("options").filter(|v| !v.is_undefined() && !v.is_null());
        let mut options = read_options(options).map_err(js_err)?;
        if options.source.is_empty() {
            options.source = format!("input {}", i + 1);
        }
        // The source name doubles as the path hint, so `posts.csv` is read as CSV.
        let hint = Path::new(&options.source).to_path_buf();
        let text = get("text").and_then(|v| v.as_string());
        let bytes = get("bytes")
            .filter(|v| v.is_instance_of::<js_sys::Uint8Array>())
            .map(|v| js_sys::Uint8Array::new(&v).to_vec());
        let (d, r) = match (text, bytes) {
            (Some(t), _) => read::read_reader(t.as_bytes(), Some(&hint), &options),
            (None, Some(b)) => read::read_reader(&b[..], Some(&hint), &options),
            (None, None) => Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "input {}: give `text` (a string) or `bytes` (a Uint8Array)",
                    i + 1
                ),
            )),
        }
        .map_err(js_err)?;
        data.accounts.extend(d.accounts);
        data.posts.extend(d.posts);
        data.comments.extend(d.comments);
        data.mentions.extend(d.mentions);
        ingest.push(r);
    }
    let accounts = summary::facts(&data);
    let audit = health::audit(&data, &config).map_err(js_err)?;
    to_plain(&AuditOutput {
        ingest,
        accounts,
        audit,
    })
}

/// The observation window the `audit` example uses for the bundled sample
/// (`examples/data/sample.jsonl`): pass it as `config.window` to reproduce its figures.
#[wasm_bindgen(js_name = sampleWindow, unchecked_return_type = "Window")]
pub fn sample_window() -> JsResult {
    let end = zhengwu::sample::window_end();
    to_plain(&Window {
        start: end - chrono_days(zhengwu::sample::WINDOW_DAYS),
        end,
    })
}

fn chrono_days(days: i64) -> chrono::Duration {
    chrono::Duration::days(days)
}

/// The BCI 微博传播指数 exactly as published: `(0.2·ln(posts+1) + 0.8·(0.4·ln(reposts+1) +
/// 0.4·ln(comments+1) + 0.2·ln(likes+1)))·160`.
#[wasm_bindgen(unchecked_return_type = "Bci")]
pub fn bci(posts: f64, reposts: f64, comments: f64, likes: f64) -> JsResult {
    let n = |x: f64| {
        if x.is_finite() && x > 0.0 {
            x as u64
        } else {
            0
        }
    };
    to_plain(&health::indices::bci(
        n(posts),
        n(reposts),
        n(comments),
        n(likes),
    ))
}
