//! `zhengwu._native`: the compiled half of the Python package `zhengwu`.
//!
//! This crate only converts: Python arguments to core options, core results to Python objects
//! (`to_python`: dicts and lists shaped like the core's serde output; `columns`: batch results
//! as one list per table column, or for a DataFrame with pyarrow, text and evidence columns as
//! Arrow buffers: `arrow`, `arrow_evidence`), and core errors to the exception classes of
//! `zhengwu/_errors.py`. Records come in as Python lists of dicts read by serde (`from_python`),
//! configurations as JSON text, so serde on this side validates both (a wrong field name or type
//! is a `ConfigError`/`ParseError` naming the field).
//! The work itself, parsing the input included, runs with the GIL released; batch calls use the
//! core's `parallel` feature (rayon). Only building the Python result holds the GIL.

mod arrow;
mod arrow_evidence;
mod columns;
mod from_python;
mod pipeline;
mod records;
mod to_python;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};

use zhengwu::health::audit::member;
use zhengwu::health::cohorts::{CohortBy, league_table};
use zhengwu::health::{AccountReport, AuditConfig, audit as core_audit};
use zhengwu::interaction::classifier::{TextClassifier, TrainConfig};
use zhengwu::interaction::{InteractionConfig, MessageClassifier, MessageConfig, analyze};
use zhengwu::quality::{Analyzer, QualityConfig};
use zhengwu::read::{self, Format, IngestReport, Mode, ReadOptions};
use zhengwu::{Account, Dataset, Error, ErrorKind, Post, Record};

use from_python::FromPyError;
use to_python::{GcPause, ToPy};

/// The one mapping from a core error kind to the Python exception class that carries it.
fn exception_class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Io => "ZhengwuIOError",
        ErrorKind::Config => "ConfigError",
        ErrorKind::Model => "ModelError",
        // Encoding, syntax, missing field, invalid value or time: something in the input.
        _ => "ParseError",
    }
}

/// Raises the core error as its Python class, with `.kind .source .line .field .reason` set.
fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let errors = py.import("zhengwu._errors")?;
        let class = errors.getattr(exception_class_name(error.kind))?;
        let exception = class.call1((error.to_string(),))?;
        exception.setattr("kind", error.kind.as_str())?;
        exception.setattr("source", error.location.source.as_str())?;
        exception.setattr("line", error.location.line)?;
        exception.setattr("field", error.location.field.as_deref())?;
        exception.setattr("reason", error.reason.as_str())?;
        Ok(PyErr::from_value(exception))
    };
    // If even the exception module cannot be imported, that ImportError is the better report.
    build().unwrap_or_else(|import_error| import_error)
}

/// Parses JSON handed over by the Python layer; `what` names it in the error (`config`,
/// `posts`, ...). A configuration that does not fit the Rust type is a `ConfigError`, bad
/// records are a `ParseError` naming the record and field serde points at.
fn from_json<T: DeserializeOwned>(json: &str, what: &str, kind: ErrorKind) -> Result<T, Error> {
    serde_json::from_str(json).map_err(|e| {
        let mut error = Error::new(kind, format!("{what}: {e}"));
        error.location.source = what.to_string();
        if e.line() > 0 {
            error.location.line = Some(e.line() as u64);
        }
        error
    })
}

/// Records of one kind from a Python list of plain dicts (`None`: no records). On a record that
/// does not fit, a `ParseError` names the list (`what`), the record (`line`, 1-based position)
/// and, when serde names it, the field. A value JSON has no form for (a `datetime`, NaN, ...)
/// raises `TypeError`: the Python layer then cleans the records and calls again.
fn records_from_py<T: DeserializeOwned>(
    py: Python<'_>,
    records: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<Vec<T>> {
    let Some(records) = records else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(records.len().unwrap_or(0));
    for (i, item) in records.try_iter()?.enumerate() {
        out.push(record_from_py(py, &item?, i, what)?);
    }
    Ok(out)
}

/// The records at `range` of a Python list (see [`records_from_py`]).
fn records_in<T: DeserializeOwned>(
    py: Python<'_>,
    records: &Bound<'_, PyList>,
    range: std::ops::Range<usize>,
    what: &str,
) -> PyResult<Vec<T>> {
    let mut out = Vec::with_capacity(range.len());
    for i in range {
        out.push(record_from_py(py, &records.get_item(i)?, i, what)?);
    }
    Ok(out)
}

/// Record number `i` (0-based) of the list `what`.
fn record_from_py<T: DeserializeOwned>(
    py: Python<'_>,
    item: &Bound<'_, PyAny>,
    i: usize,
    what: &str,
) -> PyResult<T> {
    match from_python::record::<T>(item) {
        Ok(record) => Ok(record),
        Err(FromPyError::NotPlain(value)) => Err(PyTypeError::new_err(format!(
            "{what}: record {} holds {value}, which JSON has no form for",
            i + 1
        ))),
        Err(FromPyError::Python(e)) => Err(e),
        Err(FromPyError::Invalid(reason)) => {
            let mut error = Error::new(ErrorKind::InvalidValue, format!("{what}: {reason}"));
            error.location.source = what.to_string();
            error.location.line = Some(i as u64 + 1);
            error.location.field = quoted_field(&reason);
            Err(to_py_err(py, error))
        }
    }
}

/// A Python `str` as a Rust `String` (one copy; see [`from_python::str_of`]).
fn owned_text(item: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(from_python::str_of(item.cast::<pyo3::types::PyString>()?)?.into_owned())
}

/// The field serde names in "missing field `x`" / "unknown field `x`" / "duplicate field `x`".
fn quoted_field(reason: &str) -> Option<String> {
    let start = reason.find(" field `")? + " field `".len();
    let len = reason.get(start..)?.find('`')?;
    reason.get(start..start + len).map(str::to_string)
}

fn config_from<T: DeserializeOwned + Default>(json: Option<&str>, what: &str) -> Result<T, Error> {
    match json {
        None => Ok(T::default()),
        Some(text) => from_json(text, what, ErrorKind::Config),
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidValue,
            format!("serialising the result: {e}"),
        )
    })
}

/// This process's rayon pool, built on first use and again after a `fork()`: a forked child
/// inherits the parent's pool handle but none of its worker threads, so the global pool would
/// hang there. `None` if the operating system refuses threads (then work runs on the caller).
fn pool() -> Option<Arc<rayon::ThreadPool>> {
    static POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, pool)) = slot.as_ref() {
        if *owner == pid {
            return Some(Arc::clone(pool));
        }
    }
    if let Some((_, inherited)) = slot.take() {
        // Dropping it would signal threads that only exist in the parent: leak the handle.
        std::mem::forget(inherited);
    }
    let pool = Arc::new(rayon::ThreadPoolBuilder::new().build().ok()?);
    *slot = Some((pid, Arc::clone(&pool)));
    Some(pool)
}

/// Runs `work` with the GIL released, in this process's pool, and raises its error as the
/// matching Python class.
fn detached<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    py.detach(|| match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    })
    .map_err(|e| to_py_err(py, e))
}

// ------------------------------------------------------------------------------------------
// Reading

/// Read options as Python passes them: the full `ReadOptions` as JSON (mapping, reference time,
/// account id, ...), with the common ones as keywords on top.
fn read_options(
    options: Option<&str>,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
) -> Result<ReadOptions, Error> {
    let mut opts: ReadOptions = config_from(options, "read options")?;
    match format {
        None | Some("auto") => {}
        Some(name) => opts.format = Some(Format::from_name(name)?),
    }
    if preset.is_some() {
        opts.preset = preset;
    }
    if lenient {
        opts.mode = Mode::Lenient;
    }
    if let Some(source) = source {
        opts.source = source;
    }
    if let Some(mapping) = &opts.mapping {
        mapping.validate()?;
    }
    Ok(opts)
}

/// Records per hand-over from the reading thread: enough that handing over costs little, few
/// enough that converting starts early.
const READ_CHUNK: usize = 256;

/// Runs `read` (one of the core's `read_*_each`) on a thread of its own while this thread, holding
/// the GIL, turns the records already read into dicts: the Python objects are built while the
/// rest of the input is parsed, not after. Returns `{accounts, posts, comments, mentions,
/// report}`, records as dicts in the core's serde shape.
fn read_output<'py>(
    py: Python<'py>,
    read: impl FnOnce(&mut dyn FnMut(Record)) -> Result<IngestReport, Error> + Send,
) -> PyResult<Bound<'py, PyDict>> {
    let lists = [
        PyList::empty(py),
        PyList::empty(py),
        PyList::empty(py),
        PyList::empty(py),
    ];
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Record>>(16);
    // Converted chunks go back to the reader to be dropped there: their strings were allocated
    // by that thread, and freeing them here would contend with its allocations for the
    // allocator's lock of that thread's arena all through the read.
    let (give_back, returned) = std::sync::mpsc::channel::<Vec<Record>>();
    let report = std::thread::scope(|scope| -> PyResult<IngestReport> {
        let reader = scope.spawn(move || {
            // A converted chunk's vector (records dropped) for the next chunk, or a new one.
            let recycled = || {
                let mut spare = None;
                while let Ok(mut done) = returned.try_recv() {
                    done.clear();
                    spare = Some(done);
                }
                spare.unwrap_or_else(|| Vec::with_capacity(READ_CHUNK))
            };
            let mut chunk = Vec::with_capacity(READ_CHUNK);
            let report = read(&mut |record| {
                chunk.push(record);
                if chunk.len() == READ_CHUNK {
                    // A closed channel means the converting side failed: its error is reported.
                    let _ = sender.send(std::mem::replace(&mut chunk, recycled()));
                }
            });
            if !chunk.is_empty() {
                let _ = sender.send(chunk);
            }
            drop(sender);
            // The last chunks come back once converted; the channel closes when conversion ends.
            for done in returned.iter() {
                drop(done);
            }
            report
        });
        let mut receiver = receiver;
        let mut dicts = records::RecordDicts::new(py);
        loop {
            // The GIL is released while this thread waits for the reader.
            let (back, next) = py.detach(move || {
                let next = receiver.recv();
                (receiver, next)
            });
            receiver = back;
            let Ok(chunk) = next else { break };
            // A converter per chunk: it pauses the garbage collector, which must run again
            // while this thread waits with the GIL released.
            let to = ToPy::new(py);
            for record in &chunk {
                let (list, value) = match record {
                    Record::Account(a) => (&lists[0], dicts.account(a, &to)?),
                    Record::Post(p) => (&lists[1], dicts.post(p, &to)?),
                    Record::Comment(c) => (&lists[2], dicts.comment(c)?),
                    Record::Mention(m) => (&lists[3], dicts.mention(m)?),
                };
                list.append(value)?;
            }
            // Only fails if the reader is gone (it panicked): then this thread drops the chunk.
            let _ = give_back.send(chunk);
        }
        drop(give_back);
        match reader.join() {
            Ok(report) => report.map_err(|e| to_py_err(py, e)),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })?;
    let to = ToPy::new(py);
    let out = PyDict::new(py);
    for (name, list) in ["accounts", "posts", "comments", "mentions"]
        .into_iter()
        .zip(lists)
    {
        out.set_item(to.name(name), list)?;
    }
    out.set_item(to.name("report"), to.value(&report)?)?;
    Ok(out)
}

/// Reads records from text; returns `{accounts, posts, comments, mentions, report}`.
#[pyfunction]
#[pyo3(signature = (text, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_text<'py>(
    py: Python<'py>,
    text: String,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    read_output(py, |each| {
        read::read_reader_each(text.as_bytes(), None, &options, each)
    })
}

/// Reads records from bytes (checked for UTF-8 by the core); returns a dict like `read_text`.
#[pyfunction]
#[pyo3(signature = (data, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_bytes<'py>(
    py: Python<'py>,
    data: &[u8],
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    read_output(py, |each| {
        read::read_reader_each(data, None, &options, each)
    })
}

/// Reads records from a file; the source label defaults to the path. Returns a dict like
/// `read_text`.
#[pyfunction]
#[pyo3(signature = (path, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_path<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let source = Some(source.unwrap_or_else(|| path.display().to_string()));
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    read_output(py, |each| read::read_path_each(&path, &options, each))
}

/// What `read_bytes` returns, as the core's own serde_json text (`{accounts, posts, comments,
/// mentions, report}`), read in one go on this thread. For the tests: the dicts the readers
/// build must equal `json.loads` of this text.
#[pyfunction]
#[pyo3(signature = (data, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_bytes_json(
    py: Python<'_>,
    data: &[u8],
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<String> {
    #[derive(Serialize)]
    struct Everything<'a> {
        accounts: &'a [Account],
        posts: &'a [Post],
        comments: &'a [zhengwu::Comment],
        mentions: &'a [zhengwu::Mention],
        report: &'a IngestReport,
    }
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    py.detach(|| {
        let (data, report) = read::read_bytes(data, &options)?;
        to_json(&Everything {
            accounts: &data.accounts,
            posts: &data.posts,
            comments: &data.comments,
            mentions: &data.mentions,
            report: &report,
        })
    })
    .map_err(|e| to_py_err(py, e))
}

// ------------------------------------------------------------------------------------------
// Configurations

/// Serialises the default of a value type, or parses `json` into it and serialises it back (so
/// unknown fields and wrong types are rejected, and missing ones filled with their defaults).
fn normalized<T: DeserializeOwned + Serialize + Default>(
    json: Option<&str>,
    what: &str,
) -> Result<String, Error> {
    to_json(&config_from::<T>(json, what)?)
}

/// The configuration kinds Python can build, by name.
const CONFIG_KINDS: &[&str] = &[
    "quality",
    "message",
    "interaction",
    "audit",
    "read",
    "train",
];

/// The default configuration of `kind` (`json` None) or `json` validated against it; JSON text.
#[pyfunction]
#[pyo3(signature = (kind, json=None))]
fn config_json(py: Python<'_>, kind: &str, json: Option<&str>) -> PyResult<String> {
    let result = match kind {
        "quality" => normalized::<QualityConfig>(json, "quality config"),
        "message" => normalized::<MessageConfig>(json, "message config"),
        "interaction" => normalized::<InteractionConfig>(json, "interaction config"),
        "audit" => normalized::<AuditConfig>(json, "audit config"),
        "read" => normalized::<ReadOptions>(json, "read options"),
        "train" => normalized::<TrainConfig>(json, "train config"),
        other => Err(Error::config(format!(
            "unknown configuration kind {other:?}; expected one of {}",
            CONFIG_KINDS.join(", ")
        ))),
    };
    result.map_err(|e| to_py_err(py, e))
}

// ------------------------------------------------------------------------------------------
// Analyses

/// Post quality of `len` posts, `posts(range)` giving each chunk's posts (with the GIL), run in
/// chunks so that converting overlaps with analysing (see `pipeline`). Returns the full nested
/// results (`detail`), else the table's columns (`{name: list}`, evidence columns only with
/// `evidence`; with `arrow`, those columns as Arrow arrays).
#[allow(clippy::too_many_arguments)]
fn quality_batch<'py>(
    py: Python<'py>,
    len: usize,
    posts: impl FnMut(std::ops::Range<usize>) -> PyResult<Vec<Post>>,
    config: Option<String>,
    evidence: bool,
    detail: bool,
    arrays: bool,
    arrow: columns::ArrowColumns,
) -> PyResult<Bound<'py, PyAny>> {
    let config: QualityConfig =
        config_from(config.as_deref(), "quality config").map_err(|e| to_py_err(py, e))?;
    let rows = PyList::empty(py);
    let mut table = columns::Table::new(arrow_if(arrow, len));
    // One analyzer for every chunk: lexicons extended by the config are compiled once.
    let analyzer = Analyzer::new(&config);
    let work = |posts: Vec<Post>| {
        use rayon::prelude::*;
        Ok(posts
            .par_iter()
            .map(|post| analyzer.analyze(post))
            .collect::<Vec<_>>())
    };
    let to = ToPy::batch(py);
    pipeline::run(py, len, posts, work, |results| {
        let _gc = GcPause::new(py);
        if detail {
            pipeline::extend_list(&rows, to.value(&results)?)
        } else {
            columns::post_quality(&mut table, &to, &results, evidence)
        }
    })?;
    if detail {
        return Ok(rows.into_any());
    }
    let _gc = GcPause::new(py);
    if len == 0 {
        columns::post_quality(&mut table, &to, &[], evidence)?;
    }
    Ok(table
        .finish(&to, numpy_if(py, arrays && len > 0)?.as_ref())?
        .into_any())
}

/// The Arrow columns the caller asked for, when there are rows: an empty table keeps its lists,
/// as it keeps them for numbers (see [`numpy_if`]).
fn arrow_if(arrow: columns::ArrowColumns, len: usize) -> columns::ArrowColumns {
    if len == 0 {
        return columns::ArrowColumns::default();
    }
    arrow
}

/// NumPy, when the caller asked for arrays (it builds a DataFrame) and there are rows: an
/// empty table keeps its lists, so its DataFrame has the dtypes it always had.
fn numpy_if(py: Python<'_>, arrays: bool) -> PyResult<Option<Bound<'_, pyo3::types::PyModule>>> {
    if !arrays {
        return Ok(None);
    }
    Ok(Some(py.import("numpy")?))
}

/// Post quality of post records (a list of dicts): see `quality_batch`. `arrow_strings`,
/// `arrow_evidence`: the id and label columns, the evidence columns as Arrow arrays.
#[pyfunction]
#[pyo3(signature = (posts, config=None, *, evidence=true, detail=false, arrays=false,
    arrow_strings=false, arrow_evidence=false))]
#[allow(clippy::too_many_arguments)]
fn post_quality<'py>(
    py: Python<'py>,
    posts: &Bound<'py, PyList>,
    config: Option<String>,
    evidence: bool,
    detail: bool,
    arrays: bool,
    arrow_strings: bool,
    arrow_evidence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let read = |range| records_in(py, posts, range, "posts");
    let arrow = columns::ArrowColumns {
        strings: arrow_strings,
        evidence: arrow_evidence,
    };
    quality_batch(
        py,
        posts.len(),
        read,
        config,
        evidence,
        detail,
        arrays,
        arrow,
    )
}

/// Post quality of bare texts (ids `first_id`, `first_id + 1`, ...; no account, time or
/// counts): see `quality_batch` and `post_quality`.
#[pyfunction]
#[pyo3(signature = (texts, config=None, *, evidence=true, detail=false, first_id=0, arrays=false,
    arrow_strings=false, arrow_evidence=false))]
#[allow(clippy::too_many_arguments)]
fn post_quality_texts<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyList>,
    config: Option<String>,
    evidence: bool,
    detail: bool,
    first_id: usize,
    arrays: bool,
    arrow_strings: bool,
    arrow_evidence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    // Bare texts have no time; quality does not read it. The Unix epoch marks "unknown".
    let epoch = zhengwu::Timestamp::parse_from_rfc3339("1970-01-01T00:00:00+00:00")
        .map_err(|e| to_py_err(py, Error::new(ErrorKind::InvalidTime, e.to_string())))?;
    let read = |range: std::ops::Range<usize>| {
        range
            .map(|i| {
                let text = owned_text(&texts.get_item(i)?)?;
                Ok(Post::new((first_id + i).to_string(), "", epoch, text))
            })
            .collect::<PyResult<Vec<Post>>>()
    };
    let arrow = columns::ArrowColumns {
        strings: arrow_strings,
        evidence: arrow_evidence,
    };
    quality_batch(
        py,
        texts.len(),
        read,
        config,
        evidence,
        detail,
        arrays,
        arrow,
    )
}

/// Intent, needs-reply and sentiment of each text: the table's columns, `text` only with
/// `arrow_strings` (`intent`, `sentiment`, `sentiment_score`, `needs_reply`, evidence with `evidence`), run in
/// chunks like `quality_batch`; `arrow_strings`, `arrow_evidence` as for `post_quality`.
#[pyfunction]
#[pyo3(name = "classify_messages", signature = (texts, config=None, *, evidence=true, arrays=false,
    arrow_strings=false, arrow_evidence=false))]
fn classify_messages_py<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyList>,
    config: Option<String>,
    evidence: bool,
    arrays: bool,
    arrow_strings: bool,
    arrow_evidence: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let config: MessageConfig =
        config_from(config.as_deref(), "message config").map_err(|e| to_py_err(py, e))?;
    // One classifier for every chunk: the shared default one, or this config's, compiled once.
    let own;
    let classifier = if config == MessageConfig::default() {
        MessageClassifier::default_shared()
    } else {
        own = MessageClassifier::new(&config).map_err(|e| to_py_err(py, e))?;
        &own
    };
    let read = |range: std::ops::Range<usize>| {
        range
            .map(|i| owned_text(&texts.get_item(i)?))
            .collect::<PyResult<Vec<String>>>()
    };
    let work = |texts: Vec<String>| {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let results = classifier.classify_all(&refs);
        Ok((texts, results))
    };
    let len = texts.len();
    let arrow = columns::ArrowColumns {
        strings: arrow_strings,
        evidence: arrow_evidence,
    };
    let mut table = columns::Table::new(arrow_if(arrow, len));
    let to = ToPy::batch(py);
    pipeline::run(py, len, read, work, |(texts, results)| {
        let _gc = GcPause::new(py);
        columns::messages(&mut table, &to, &texts, &results, evidence)
    })?;
    let _gc = GcPause::new(py);
    if len == 0 {
        columns::messages(&mut table, &to, &[], &[], evidence)?;
    }
    table.finish(&to, numpy_if(py, arrays && len > 0)?.as_ref())
}

/// A dataset from the Python lists of its four record kinds (each `None` when absent).
fn dataset_from_py(
    py: Python<'_>,
    accounts: Option<&Bound<'_, PyAny>>,
    posts: Option<&Bound<'_, PyAny>>,
    comments: Option<&Bound<'_, PyAny>>,
    mentions: Option<&Bound<'_, PyAny>>,
) -> PyResult<Dataset> {
    Ok(Dataset {
        accounts: records_from_py(py, accounts, "accounts")?,
        posts: records_from_py(py, posts, "posts")?,
        comments: records_from_py(py, comments, "comments")?,
        mentions: records_from_py(py, mentions, "mentions")?,
    })
}

/// The interaction analysis of one account over a dataset (lists of record dicts); the
/// `InteractionReport` as a dict. The account comes from the account list, else it is known by
/// its id only.
#[pyfunction]
#[pyo3(signature = (account_id, *, accounts=None, posts=None, comments=None, mentions=None, config=None))]
fn interactions<'py>(
    py: Python<'py>,
    account_id: String,
    accounts: Option<&Bound<'py, PyAny>>,
    posts: Option<&Bound<'py, PyAny>>,
    comments: Option<&Bound<'py, PyAny>>,
    mentions: Option<&Bound<'py, PyAny>>,
    config: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = dataset_from_py(py, accounts, posts, comments, mentions)?;
    let report = detached(py, move || {
        let config: InteractionConfig = config_from(config.as_deref(), "interaction config")?;
        let account = data
            .accounts
            .iter()
            .find(|a| a.id == account_id)
            .cloned()
            .unwrap_or_else(|| Account {
                id: account_id.clone(),
                ..Account::default()
            });
        analyze(
            &account,
            &data.posts,
            &data.comments,
            &data.mentions,
            &config,
        )
    })?;
    ToPy::new(py).value(&report)
}

/// The health audit of every account of a dataset (lists of record dicts); the `AuditReport` as
/// a dict.
#[pyfunction]
#[pyo3(signature = (*, accounts=None, posts=None, comments=None, mentions=None, config=None))]
fn audit<'py>(
    py: Python<'py>,
    accounts: Option<&Bound<'py, PyAny>>,
    posts: Option<&Bound<'py, PyAny>>,
    comments: Option<&Bound<'py, PyAny>>,
    mentions: Option<&Bound<'py, PyAny>>,
    config: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = dataset_from_py(py, accounts, posts, comments, mentions)?;
    let report = detached(py, move || {
        let config: AuditConfig = config_from(config.as_deref(), "audit config")?;
        core_audit(&data, &config)
    })?;
    ToPy::new(py).value(&report)
}

/// The league table of audited accounts (the `accounts` of an `AuditReport`, as dicts) grouped
/// `by` a cohort (`all`, `level`, `system`, `level_and_system`): what an audit with that
/// `cohort_by` gives, without auditing again.
#[pyfunction]
fn league<'py>(
    py: Python<'py>,
    accounts: &Bound<'py, PyAny>,
    by: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let reports: Vec<AccountReport> = records_from_py(py, Some(accounts), "accounts")?;
    let by: CohortBy = to_json(by)
        .and_then(|name| from_json(&name, "by", ErrorKind::Config))
        .map_err(|e| to_py_err(py, e))?;
    let members: Vec<_> = reports.iter().map(member).collect();
    ToPy::new(py).value(&league_table(&members, by))
}

/// The BCI (微博传播力指数) from period totals; the `Bci` as a dict.
#[pyfunction]
fn bci(
    py: Python<'_>,
    posts: u64,
    reposts: u64,
    comments: u64,
    likes: u64,
) -> PyResult<Bound<'_, PyAny>> {
    ToPy::new(py).value(&zhengwu::health::indices::bci(
        posts, reposts, comments, likes,
    ))
}

// ------------------------------------------------------------------------------------------
// Trainable classifier

/// A fitted naive Bayes text classifier (immutable; share it across threads freely).
#[pyclass(frozen, module = "zhengwu._native", name = "TextClassifier")]
struct PyTextClassifier {
    inner: TextClassifier,
}

#[pymethods]
impl PyTextClassifier {
    /// Fits a classifier to `texts` and their `labels` (`config`: JSON `TrainConfig`).
    #[staticmethod]
    #[pyo3(signature = (texts, labels, config=None))]
    fn fit(
        py: Python<'_>,
        texts: Vec<String>,
        labels: Vec<String>,
        config: Option<String>,
    ) -> PyResult<PyTextClassifier> {
        detached(py, move || {
            let config: TrainConfig = config_from(config.as_deref(), "train config")?;
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            Ok(PyTextClassifier {
                inner: TextClassifier::fit(&texts, &labels, &config)?,
            })
        })
    }

    /// Loads a model saved by `to_json`.
    #[staticmethod]
    fn from_json(py: Python<'_>, json: String) -> PyResult<PyTextClassifier> {
        detached(py, move || {
            Ok(PyTextClassifier {
                inner: TextClassifier::from_json(&json)?,
            })
        })
    }

    /// The model as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        detached(py, || self.inner.to_json())
    }

    /// Predictions for `texts`: a list of `{label, probabilities: [[label, p], ...]}`.
    fn predict<'py>(&self, py: Python<'py>, texts: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
        let predictions = detached(py, || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            Ok(self.inner.predict_all(&refs))
        })?;
        ToPy::new(py).value(&predictions)
    }

    /// Labels in the model's order.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels.clone()
    }

    /// The training settings as JSON.
    fn config_json(&self, py: Python<'_>) -> PyResult<String> {
        to_json(&self.inner.config).map_err(|e| to_py_err(py, e))
    }
}

/// Native half of the `zhengwu` package; use the functions of `zhengwu` itself.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{
        PyTextClassifier, audit, bci, classify_messages_py, config_json, interactions, league,
        post_quality, post_quality_texts, read_bytes, read_bytes_json, read_path, read_text,
    };

    #[pymodule_init]
    fn init(module: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
