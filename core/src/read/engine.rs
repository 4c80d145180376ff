//! The streaming record iterator behind every reader: format detection, line handling (BOM,
//! CRLF, invalid UTF-8, truncated last line), and dispatch to the row builders.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};
use std::path::Path;

use serde_json::{Map, Value};

use super::csv_rows::{CsvRow, Headers};
use super::fields::{Fields, JsonRow, build_record};
use super::mapping::{ColumnMapping, RecordKind};
use super::weibo_api::ApiMappings;
use super::{Format, ReadOptions};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{MediaKind, Record};
use crate::time::TimeContext;

/// A record with the line (or CSV row start line, or array element number) it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub line: u64,
    pub record: Record,
}

pub(crate) struct Counts {
    pub seen: u64,
    pub derived: u64,
}

/// The input: the bytes read ahead to detect the format, then the rest of the reader.
type Input<R> = BufReader<Chain<Cursor<Vec<u8>>, R>>;

/// Format detection reads at least this much of the input (unless it is shorter)…
const HEAD_MIN: usize = 1 << 12;
/// …and at most this much, enough for the first line of a huge single post.
const HEAD_MAX: usize = 1 << 24;

enum Engine<R: Read> {
    /// One JSON object per line: our schema, Weibo API objects, or mapped crawler JSON.
    Lines {
        reader: Input<R>,
        line: u64,
        buf: Vec<u8>,
        json: JsonKind,
    },
    Csv {
        reader: Box<csv::Reader<Input<R>>>,
        headers: Headers,
        mapping: ColumnMapping,
        record: csv::ByteRecord,
        /// A record read ahead to learn whether a short row was the last one.
        ahead: Option<csv::ByteRecord>,
    },
    /// A whole JSON document (array, or `{"statuses": […]}`), already parsed.
    Doc {
        items: std::vec::IntoIter<(u64, Value)>,
        json: JsonKind,
    },
    Done,
}

enum JsonKind {
    Own(Box<OwnMappings>),
    Api(Box<ApiMappings>),
    Mapped(ColumnMapping),
}

/// Streaming iterator over the records of one input. Yields `Err` for bad records (their
/// location filled in); the caller decides whether to stop (strict) or count and go on.
pub struct Records<R: Read> {
    engine: Engine<R>,
    format: Format,
    source: String,
    time: TimeContext,
    account_id: Option<String>,
    pending: VecDeque<Located>,
    seen: u64,
    derived: u64,
    seen_accounts: std::collections::HashSet<String>,
}

impl<R: Read> Records<R> {
    /// Opens a reader. The format is taken from the options, else from the path's extension,
    /// else sniffed from the first bytes.
    pub fn new(reader: R, path_hint: Option<&Path>, opts: &ReadOptions) -> Result<Records<R>> {
        let source = if opts.source.is_empty() {
            "<memory>".to_string()
        } else {
            opts.source.clone()
        };
        let time = opts.time_context()?;
        let (head, reader) = peek(reader).map_err(|e| located(Error::from(e), &source, 0))?;
        let mut reader = BufReader::with_capacity(1 << 16, Cursor::new(head.clone()).chain(reader));
        let format = match opts.format {
            Some(f) => f,
            None => match detect(path_hint, &head) {
                // A preset or mapping says how to read the objects: honour it.
                Format::WeiboApi | Format::Jsonl
                    if opts.preset.is_some() || opts.mapping.is_some() =>
                {
                    Format::MappedJson
                }
                f => f,
            },
        };
        let mapping = match (&opts.mapping, &opts.preset) {
            (Some(m), _) => {
                m.validate()?;
                Some(m.clone())
            }
            (None, Some(p)) => Some(ColumnMapping::preset(p)?),
            (None, None) => None,
        };
        let engine = match format {
            Format::Csv => {
                let mut rdr = csv::ReaderBuilder::new()
                    .flexible(true)
                    .has_headers(false)
                    .from_reader(reader);
                let mut raw = csv::ByteRecord::new();
                let got = rdr
                    .read_byte_record(&mut raw)
                    .map_err(|e| csv_error(e, &source))?;
                if !got {
                    Engine::Done
                } else {
                    let headers = Headers::new(&raw);
                    let mapping = mapping
                        .unwrap_or_else(|| {
                            ColumnMapping::auto(ColumnMapping::detect_kind(&headers.names))
                        })
                        .resolve(&headers.names);
                    Engine::Csv {
                        reader: Box::new(rdr),
                        headers,
                        mapping,
                        record: csv::ByteRecord::new(),
                        ahead: None,
                    }
                }
            }
            Format::Jsonl | Format::WeiboApi | Format::MappedJson => {
                let json = match format {
                    Format::Jsonl => JsonKind::Own(Box::new(OwnMappings::new())),
                    Format::WeiboApi => JsonKind::Api(Box::new(ApiMappings::new())),
                    _ => JsonKind::Mapped(
                        mapping.unwrap_or_else(|| ColumnMapping::auto(RecordKind::Post)),
                    ),
                };
                // Past a BOM: `\u{feff}{"statuses":[…]}` is still a whole document (issue 8).
                let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
                let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
                if first == Some(b'[')
                    || (matches!(json, JsonKind::Api(_)) && is_api_document(body))
                {
                    let items = parse_document(&mut reader, &source)?;
                    Engine::Doc {
                        items: items.into_iter(),
                        json,
                    }
                } else {
                    Engine::Lines {
                        reader,
                        line: 0,
                        buf: Vec::new(),
                        json,
                    }
                }
            }
        };
        if let (
            Some(m),
            Engine::Csv { .. }
            | Engine::Lines {
                json: JsonKind::Mapped(_),
                ..
            },
        ) = (&opts.mapping, &engine)
        {
            m.validate()?;
        }
        let mut records = Records {
            engine,
            format,
            source,
            time,
            account_id: opts.account_id.clone(),
            pending: VecDeque::new(),
            seen: 0,
            derived: 0,
            seen_accounts: Default::default(),
        };
        if let Some(acc) = &opts.account_id {
            if let Engine::Csv { mapping, .. } = &mut records.engine {
                mapping
                    .constants
                    .entry("account_id".into())
                    .or_insert_with(|| acc.clone());
            }
            if let Engine::Lines {
                json: JsonKind::Mapped(mapping),
                ..
            }
            | Engine::Doc {
                json: JsonKind::Mapped(mapping),
                ..
            } = &mut records.engine
            {
                mapping
                    .constants
                    .entry("account_id".into())
                    .or_insert_with(|| acc.clone());
            }
        }
        Ok(records)
    }

    /// The source name used in errors.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The format being read.
    pub fn format(&self) -> Format {
        self.format
    }

    pub(crate) fn counts(&self) -> Counts {
        Counts {
            seen: self.seen,
            derived: self.derived,
        }
    }

    fn next_inner(&mut self) -> Option<Result<Located>> {
        if let Some(p) = self.pending.pop_front() {
            return Some(Ok(p));
        }
        let time = self.time;
        match &mut self.engine {
            Engine::Done => None,
            Engine::Lines {
                reader,
                line,
                buf,
                json,
            } => loop {
                buf.clear();
                let n = match reader.read_until(b'\n', buf) {
                    Ok(n) => n,
                    Err(e) => {
                        self.seen += 1;
                        let err = located(Error::from(e), &self.source, *line + 1);
                        self.engine = Engine::Done;
                        return Some(Err(err));
                    }
                };
                if n == 0 {
                    return None;
                }
                *line += 1;
                let lineno = *line;
                let complete = buf.last() == Some(&b'\n');
                let mut bytes: &[u8] = buf;
                if lineno == 1 {
                    bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
                }
                let bytes = trim_ascii(bytes);
                if bytes.is_empty() {
                    continue;
                }
                self.seen += 1;
                let text = match std::str::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        let err = Error::new(
                            ErrorKind::Encoding,
                            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                        );
                        return Some(Err(located(err, &self.source, lineno)));
                    }
                };
                let value: Map<String, Value> = match serde_json::from_str(text) {
                    Ok(v) => v,
                    Err(e) => {
                        let reason = if !complete && e.is_eof() {
                            format!("truncated last line: {e}")
                        } else {
                            format!("not a JSON object: {e}")
                        };
                        return Some(Err(located(
                            Error::new(ErrorKind::Syntax, reason),
                            &self.source,
                            lineno,
                        )));
                    }
                };
                let result = convert_json(json, &value, &time, lineno, &mut self.seen_accounts);
                return Some(self.finish(result, lineno));
            },
            Engine::Doc { items, json } => {
                let (idx, value) = items.next()?;
                self.seen += 1;
                let result = match value {
                    Value::Object(map) => {
                        convert_json(json, &map, &time, idx, &mut self.seen_accounts)
                    }
                    other => Err(Error::new(
                        ErrorKind::Syntax,
                        format!("expected an object, found {}", type_name(&other)),
                    )),
                };
                Some(self.finish(result, idx))
            }
            Engine::Csv {
                reader,
                headers,
                mapping,
                record,
                ahead,
            } => loop {
                let got = match ahead.take() {
                    Some(r) => {
                        *record = r;
                        Ok(true)
                    }
                    None => reader.read_byte_record(record),
                };
                match got {
                    Ok(false) => return None,
                    Ok(true) => {}
                    Err(e) => {
                        self.seen += 1;
                        let line = e.position().map(|p| p.line()).unwrap_or(0);
                        return Some(Err(located(
                            Error::new(ErrorKind::Syntax, e.to_string()),
                            &self.source,
                            line,
                        )));
                    }
                }
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                if record.len() == 1 && record.get(0).is_some_and(|f| trim_ascii(f).is_empty()) {
                    continue; // blank line
                }
                self.seen += 1;
                if record.len() < headers.names.len() {
                    let mut next = csv::ByteRecord::new();
                    let at_end = matches!(reader.read_byte_record(&mut next), Ok(false));
                    if !at_end {
                        *ahead = Some(next);
                    }
                    let what = if at_end { "truncated last line: " } else { "" };
                    let err = Error::new(
                        ErrorKind::Syntax,
                        format!(
                            "{what}row has {} fields, the header has {}",
                            record.len(),
                            headers.names.len()
                        ),
                    );
                    return Some(Err(located(err, &self.source, line)));
                }
                let row = match CsvRow::decode(headers, record) {
                    Ok(r) => r,
                    Err(col) => {
                        let err = Error::new(ErrorKind::Encoding, "invalid UTF-8").field(col);
                        return Some(Err(located(err, &self.source, line)));
                    }
                };
                let f = Fields {
                    row: &row,
                    mapping,
                    time: &time,
                };
                let result = build_record(&f, line).map(|r| (r, None));
                return Some(self.finish(result, line));
            },
        }
    }

    fn finish(&mut self, result: Result<(Record, Option<Record>)>, line: u64) -> Result<Located> {
        match result {
            Ok((mut record, extra)) => {
                if let (Record::Post(p), Some(acc)) = (&mut record, &self.account_id) {
                    if p.account_id.is_empty() {
                        p.account_id = acc.clone();
                    }
                }
                if let Some(extra) = extra {
                    self.derived += 1;
                    self.pending.push_back(Located {
                        line,
                        record: extra,
                    });
                }
                Ok(Located { line, record })
            }
            Err(e) => Err(located(e, &self.source, line)),
        }
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Located>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_inner()
    }
}

fn located(mut e: Error, source: &str, line: u64) -> Error {
    e.location.source = source.to_string();
    if line > 0 {
        e.location.line = Some(line);
    }
    e
}

fn csv_error(e: csv::Error, source: &str) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let kind = if matches!(e.kind(), csv::ErrorKind::Io(_)) {
        ErrorKind::Io
    } else {
        ErrorKind::Syntax
    };
    located(Error::new(kind, e.to_string()), source, line)
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads the head of the input that format detection looks at: the first line with content
/// (detection parses it) and at least [`HEAD_MIN`] bytes (a pretty-printed `{"statuses": [`
/// spans several lines), or everything up to [`HEAD_MAX`] or the end. One `fill_buf` is not
/// enough: a pipe or a decompressor may hand out a few bytes per read, and the detected format
/// must not depend on that (regression tests in `tests/hostile.rs`).
fn peek<R: Read>(mut reader: R) -> std::io::Result<(Vec<u8>, R)> {
    let mut head = Vec::with_capacity(HEAD_MIN);
    let mut chunk = vec![0u8; 1 << 16];
    // Whether a byte other than whitespace or a BOM byte was seen, and where the scan stopped.
    let (mut content, mut scanned, mut line_done) = (false, 0, false);
    while head.len() < HEAD_MAX {
        let want = chunk.len().min(HEAD_MAX - head.len());
        let n = match reader.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&chunk[..n]);
        for &b in &head[scanned..] {
            if b == b'\n' && content {
                line_done = true;
                break;
            }
            if !b.is_ascii_whitespace() && !matches!(b, 0xef | 0xbb | 0xbf) {
                content = true;
            }
        }
        scanned = head.len();
        if line_done && head.len() >= HEAD_MIN {
            break;
        }
    }
    Ok((head, reader))
}

/// Chooses a format from the extension, then from the first line's content.
fn detect(path: Option<&Path>, head: &[u8]) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("csv") | Some("tsv")) {
        return Format::Csv;
    }
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let body = &head[start..];
    match body.first() {
        Some(b'[') => return Format::WeiboApi,
        Some(b'{') => {}
        _ => return Format::Csv,
    }
    if is_api_document(body) {
        return Format::WeiboApi;
    }
    let first_line = body.split(|b| *b == b'\n').next().unwrap_or(body);
    match serde_json::from_slice::<Map<String, Value>>(first_line) {
        Ok(obj) if obj.contains_key("kind") => Format::Jsonl,
        Ok(obj)
            if obj.get("user").is_some_and(Value::is_object)
                || obj.get("status").is_some_and(Value::is_object) =>
        {
            Format::WeiboApi
        }
        _ => Format::MappedJson,
    }
}

/// `{"statuses": [` or `{"comments": [` at the start: a whole API response document.
fn is_api_document(head: &[u8]) -> bool {
    let s = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    compact.starts_with("{\"statuses\":[")
        || compact.starts_with("{\"comments\":[")
        || compact.contains(",\"statuses\":[")
}

/// Parses a whole JSON document into (element number, value) pairs.
fn parse_document<R: Read>(reader: &mut R, source: &str) -> Result<Vec<(u64, Value)>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| located(Error::from(e), source, 0))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let kind = if std::str::from_utf8(bytes).is_err() {
            ErrorKind::Encoding
        } else {
            ErrorKind::Syntax
        };
        located(
            Error::new(kind, format!("not a JSON document: {e}")),
            source,
            e.line() as u64,
        )
    })?;
    let items = match value {
        Value::Array(a) => a,
        Value::Object(mut o) => {
            let mut items = Vec::new();
            for key in ["statuses", "comments"] {
                if let Some(Value::Array(a)) = o.remove(key) {
                    items.extend(a);
                }
            }
            items
        }
        other => {
            return Err(located(
                Error::new(
                    ErrorKind::Syntax,
                    format!(
                        "expected an array or an object, found {}",
                        type_name(&other)
                    ),
                ),
                source,
                1,
            ));
        }
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, v)| (i as u64 + 1, v))
        .collect())
}

/// Converts one JSON object; the second record is a derived account (Weibo API authors).
fn convert_json(
    json: &JsonKind,
    obj: &Map<String, Value>,
    time: &TimeContext,
    line: u64,
    seen_accounts: &mut std::collections::HashSet<String>,
) -> Result<(Record, Option<Record>)> {
    match json {
        JsonKind::Own(m) => own_record(m, obj, time, line).map(|r| (r, None)),
        JsonKind::Mapped(m) => {
            let row = JsonRow(obj);
            build_record(
                &Fields {
                    row: &row,
                    mapping: m,
                    time,
                },
                line,
            )
            .map(|r| (r, None))
        }
        JsonKind::Api(api) => {
            let (rec, acc) = api.convert(obj, time, line)?;
            let acc = acc.filter(|a| match a {
                Record::Account(a) => seen_accounts.insert(a.id.clone()),
                _ => false,
            });
            Ok((rec, acc))
        }
    }
}

/// The mappings of our own schema, one per record kind, built once per reader (building them
/// for every line cost more than parsing the line).
pub(crate) struct OwnMappings([ColumnMapping; 4]);

impl OwnMappings {
    fn new() -> OwnMappings {
        let own = |rk: RecordKind| {
            let mut mapping = ColumnMapping::auto(rk);
            // Our schema names fields exactly; aliases would only hide typos.
            for (field, cands) in mapping.columns.iter_mut() {
                let canonical = match field.as_str() {
                    f if f.starts_with("repost.") => {
                        format!("repost_of.{}", &f["repost.".len()..])
                    }
                    f => f.to_string(),
                };
                *cands = vec![canonical];
            }
            mapping
        };
        OwnMappings([
            own(RecordKind::Post),
            own(RecordKind::Comment),
            own(RecordKind::Account),
            own(RecordKind::Mention),
        ])
    }

    fn get(&self, kind: RecordKind) -> &ColumnMapping {
        &self.0[match kind {
            RecordKind::Post => 0,
            RecordKind::Comment => 1,
            RecordKind::Account => 2,
            RecordKind::Mention => 3,
        }]
    }
}

/// Our own schema: `kind` picks the record type; field names are the model's.
fn own_record(
    mappings: &OwnMappings,
    obj: &Map<String, Value>,
    time: &TimeContext,
    line: u64,
) -> Result<Record> {
    let kind = match obj.get("kind") {
        Some(Value::String(k)) => k.as_str(),
        Some(_) => {
            return Err(
                Error::new(ErrorKind::InvalidValue, "`kind` must be a string").field("kind"),
            );
        }
        None => {
            return Err(
                Error::new(ErrorKind::MissingField, "required field `kind` is missing")
                    .field("kind"),
            );
        }
    };
    let rk = match kind {
        "post" => RecordKind::Post,
        "comment" => RecordKind::Comment,
        "account" => RecordKind::Account,
        "mention" => RecordKind::Mention,
        other => {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!("unknown kind {other:?}; expected post, comment, account or mention"),
            )
            .field("kind"));
        }
    };
    let mapping = mappings.get(rk);
    let row = JsonRow(obj);
    let mut rec = build_record(
        &Fields {
            row: &row,
            mapping,
            time,
        },
        line,
    )?;
    match &mut rec {
        Record::Post(p) => {
            p.media.clear();
            if let Some(m) = obj.get("media") {
                p.media = serde_json::from_value::<Vec<MediaKind>>(m.clone()).map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidValue,
                        format!("media must be a list of image/video/article/link/live: {e}"),
                    )
                    .field("media")
                })?;
            }
        }
        Record::Account(a) => {
            if let Some(Value::Array(ids)) = obj.get("affiliated_ids") {
                a.affiliated_ids = ids
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
        }
        _ => {}
    }
    Ok(rec)
}
