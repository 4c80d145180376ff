//! Streaming readers for posts, comments, accounts and mentions.
//!
//! Formats:
//! - [`Format::Jsonl`]: our own JSON Lines schema, one record per line tagged with `"kind"`
//!   (`schema/zhengwu-record.schema.json`);
//! - [`Format::WeiboApi`]: Weibo API v2 `statuses` / `comments` objects (a `{"statuses": […]}`
//!   document, a JSON array, or one object per line);
//! - [`Format::Csv`]: crawler CSV exports through a [`ColumnMapping`] (named presets or auto);
//! - [`Format::MappedJson`]: JSON Lines from crawlers (dataabc weibo-crawler, CED) through a mapping.
//!
//! Every record knows its source and line. In [`Mode::Strict`] the first bad record stops the
//! read with an [`Error`] naming source, line, field and reason; in [`Mode::Lenient`] bad records
//! are skipped and counted in the [`IngestReport`], where `read + rejected == seen` always holds.

mod csv_rows;
mod engine;
pub(crate) mod fields;
mod mapping;
mod weibo_api;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};

pub use engine::{Located, Records};
pub use fields::{parse_bool, parse_count};
pub use mapping::{ColumnMapping, PRESETS, RecordKind, canonical_fields};

use crate::error::{Error, Result};
use crate::model::{Dataset, Record, Timestamp};
use crate::time::{DEFAULT_OFFSET_SECONDS, TimeContext};

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Our JSON Lines schema (each line has `"kind"`: account, post, comment or mention).
    Jsonl,
    /// Weibo API v2 JSON (statuses and comments objects).
    WeiboApi,
    /// CSV with a header row, through a column mapping.
    Csv,
    /// JSON Lines from other tools, through a column mapping (dotted paths for nested keys).
    MappedJson,
}

impl Format {
    /// Parses `jsonl`, `weibo-api` / `weibo_api`, `csv`, `mapped-json` / `json`.
    pub fn from_name(name: &str) -> Result<Format> {
        match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "jsonl" | "zhengwu" => Ok(Format::Jsonl),
            "weibo_api" | "api" => Ok(Format::WeiboApi),
            "csv" => Ok(Format::Csv),
            "mapped_json" | "json" | "crawler_json" => Ok(Format::MappedJson),
            other => Err(Error::config(format!(
                "unknown format {other:?}; use jsonl, weibo-api, csv or mapped-json"
            ))),
        }
    }
}

/// Whether a bad record stops the read or is skipped and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Stop at the first bad record with a typed error (default).
    #[default]
    Strict,
    /// Skip bad records, count them with their reasons in the [`IngestReport`].
    Lenient,
}

/// How to read an input. All fields have documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// Input format; `None` (default) detects it from the file extension and the content.
    pub format: Option<Format>,
    /// Strict (default) or lenient.
    pub mode: Mode,
    /// A named column-mapping preset (see [`PRESETS`]) for CSV and mapped JSON. Default: auto
    /// (record kind guessed from the headers, built-in aliases).
    pub preset: Option<String>,
    /// An explicit column mapping; takes precedence over `preset`.
    pub mapping: Option<ColumnMapping>,
    /// Name of the source used in errors and the report (default: the file name, or `<memory>`).
    pub source: String,
    /// "Now" for relative times (刚刚, 3小时前, 昨天 12:30). Default `None`: relative times are errors.
    pub reference_time: Option<Timestamp>,
    /// UTC offset in seconds for times written without one. Default 28,800 (+08:00, China).
    pub default_offset_seconds: i32,
    /// Account id for posts whose input has none (single-account crawls). Default `None`.
    pub account_id: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            mode: Mode::Strict,
            preset: None,
            mapping: None,
            source: String::new(),
            reference_time: None,
            default_offset_seconds: DEFAULT_OFFSET_SECONDS,
            account_id: None,
        }
    }
}

impl ReadOptions {
    /// Lenient options (skip and count bad records).
    pub fn lenient() -> ReadOptions {
        ReadOptions {
            mode: Mode::Lenient,
            ..ReadOptions::default()
        }
    }

    pub(crate) fn time_context(&self) -> Result<TimeContext> {
        let offset = FixedOffset::east_opt(self.default_offset_seconds).ok_or_else(|| {
            Error::config(format!(
                "default_offset_seconds {} is not a valid UTC offset",
                self.default_offset_seconds
            ))
        })?;
        Ok(TimeContext {
            default_offset: offset,
            reference: self.reference_time,
        })
    }
}

/// What an ingestion saw, read and rejected, with reasons. `read + rejected == seen`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IngestReport {
    /// Source name.
    pub source: String,
    /// Format used.
    pub format: Option<Format>,
    /// Input records seen (non-blank lines or CSV rows; array elements for JSON documents).
    pub seen: u64,
    /// Records read successfully.
    pub read: u64,
    /// Records rejected (lenient mode).
    pub rejected: u64,
    /// Extra records derived from read ones (accounts taken from Weibo API `user` objects).
    pub derived: u64,
    /// Rejections by reason (`"invalid_time: created_at"` → count).
    pub reasons: BTreeMap<String, u64>,
    /// The first rejections in full (at most 20), each naming source, line, field and reason.
    pub examples: Vec<String>,
}

impl IngestReport {
    /// True when nothing was lost: `read + rejected == seen`.
    pub fn balanced(&self) -> bool {
        self.read + self.rejected == self.seen
    }

    fn reject(&mut self, e: &Error) {
        self.rejected += 1;
        let key = match &e.location.field {
            Some(f) => format!("{}: {f}", e.kind.as_str()),
            None => e.kind.as_str().to_string(),
        };
        *self.reasons.entry(key).or_default() += 1;
        if self.examples.len() < 20 {
            self.examples.push(e.to_string());
        }
    }
}

/// Reads everything from a reader into a [`Dataset`], honouring the mode.
pub fn read_reader<R: Read>(
    reader: R,
    path_hint: Option<&Path>,
    opts: &ReadOptions,
) -> Result<(Dataset, IngestReport)> {
    let mut data = Dataset::default();
    let report = read_reader_each(reader, path_hint, opts, |record| data.push(record))?;
    Ok((data, report))
}

/// Like [`read_reader`], handing each record to `each` as soon as it is read instead of
/// collecting a [`Dataset`] (a consumer can work on the first records while the rest are read,
/// e.g. a binding converting them for its language on another thread).
pub fn read_reader_each<R: Read>(
    reader: R,
    path_hint: Option<&Path>,
    opts: &ReadOptions,
    each: impl FnMut(Record),
) -> Result<IngestReport> {
    let records = Records::new(reader, path_hint, opts)?;
    collect(records, opts.mode, each)
}

/// Reads a file (format detected from its extension and content unless given).
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<(Dataset, IngestReport)> {
    let mut data = Dataset::default();
    let report = read_path_each(path, opts, |record| data.push(record))?;
    Ok((data, report))
}

/// Like [`read_path`], handing each record to `each` as soon as it is read (see
/// [`read_reader_each`]).
pub fn read_path_each(
    path: &Path,
    opts: &ReadOptions,
    each: impl FnMut(Record),
) -> Result<IngestReport> {
    let file = std::fs::File::open(path).map_err(|e| {
        let mut err = Error::from(e);
        err.location.source = path.display().to_string();
        err
    })?;
    let mut o = opts.clone();
    if o.source.is_empty() {
        o.source = path.display().to_string();
    }
    read_reader_each(
        std::io::BufReader::with_capacity(1 << 16, file),
        Some(path),
        &o,
        each,
    )
}

/// Reads bytes held in memory.
pub fn read_bytes(bytes: &[u8], opts: &ReadOptions) -> Result<(Dataset, IngestReport)> {
    read_reader(bytes, None, opts)
}

/// Reads text held in memory.
pub fn read_str(text: &str, opts: &ReadOptions) -> Result<(Dataset, IngestReport)> {
    read_bytes(text.as_bytes(), opts)
}

fn collect<R: Read>(
    mut records: Records<R>,
    mode: Mode,
    mut each: impl FnMut(Record),
) -> Result<IngestReport> {
    let mut report = IngestReport {
        source: records.source().to_string(),
        ..IngestReport::default()
    };
    for item in records.by_ref() {
        match item {
            Ok(loc) => each(loc.record),
            Err(e) => match mode {
                Mode::Strict => return Err(e),
                Mode::Lenient => report.reject(&e),
            },
        }
    }
    let counts = records.counts();
    report.seen = counts.seen;
    report.derived = counts.derived;
    report.read = counts.seen - report.rejected;
    report.format = Some(records.format());
    Ok(report)
}

#[cfg(test)]
mod tests;
