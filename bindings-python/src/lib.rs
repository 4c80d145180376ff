//! `zhengwu._native`: the compiled half of the Python package `zhengwu`.
//!
//! This crate only converts: Python arguments to core options, core results to JSON text (parsed
//! by `json.loads` in `zhengwu/`, which is faster than building dicts field by field through the
//! FFI), and core errors to the exception classes of `zhengwu/_errors.py`. Records and
//! configurations come in as JSON text too, so serde on this side validates them (a wrong field
//! name or type is a `ConfigError`/`ParseError` naming the field). The work itself runs with the
//! GIL released; batch calls use the core's `parallel` feature (rayon).

use pyo3::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};

use zhengwu::health::{AuditConfig, audit as core_audit};
use zhengwu::interaction::classifier::{TextClassifier, TrainConfig};
use zhengwu::interaction::{InteractionConfig, MessageConfig, analyze, classify_messages};
use zhengwu::quality::{QualityConfig, analyze_posts};
use zhengwu::read::{self, Format, IngestReport, Mode, ReadOptions};
use zhengwu::{Account, Dataset, Error, ErrorKind, Post};

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

/// Records (a JSON list) handed over by the Python layer. On an error, finds the record at fault
/// (only then: the fast path parses once) so the error names the record number (`line`, 1-based
/// position in the list) and, when serde names it, the field.
fn records_from<T: DeserializeOwned>(json: &str, what: &str) -> Result<Vec<T>, Error> {
    let whole = match serde_json::from_str::<Vec<T>>(json) {
        Ok(records) => return Ok(records),
        Err(e) => e,
    };
    if let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(json) {
        for (i, value) in values.into_iter().enumerate() {
            if let Err(e) = T::deserialize(value) {
                let reason = e.to_string();
                let mut error = Error::new(ErrorKind::InvalidValue, format!("{what}: {reason}"));
                error.location.source = what.to_string();
                error.location.line = Some(i as u64 + 1);
                error.location.field = quoted_field(&reason);
                return Err(error);
            }
        }
    }
    // Not a list at all (or not JSON): the error of the whole parse says where.
    let mut error = Error::new(ErrorKind::InvalidValue, format!("{what}: {whole}"));
    error.location.source = what.to_string();
    Err(error)
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

/// What a read returns across the boundary: the dataset's four lists and the ingest report.
#[derive(Serialize)]
struct ReadOutput<'a> {
    #[serde(flatten)]
    dataset: &'a Dataset,
    report: &'a IngestReport,
}

fn read_json(result: Result<(Dataset, IngestReport), Error>) -> Result<String, Error> {
    let (dataset, report) = result?;
    to_json(&ReadOutput {
        dataset: &dataset,
        report: &report,
    })
}

/// Reads records from text; returns JSON `{accounts, posts, comments, mentions, report}`.
#[pyfunction]
#[pyo3(signature = (text, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_text(
    py: Python<'_>,
    text: String,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<String> {
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    detached(py, || read_json(read::read_str(&text, &options)))
}

/// Reads records from bytes (checked for UTF-8 by the core); returns JSON like `read_text`.
#[pyfunction]
#[pyo3(signature = (data, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_bytes(
    py: Python<'_>,
    data: &[u8],
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<String> {
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    detached(py, || read_json(read::read_bytes(data, &options)))
}

/// Reads records from a file; the source label defaults to the path. Returns JSON like
/// `read_text`.
#[pyfunction]
#[pyo3(signature = (path, *, format=None, preset=None, lenient=false, source=None, options=None))]
fn read_path(
    py: Python<'_>,
    path: std::path::PathBuf,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
    options: Option<&str>,
) -> PyResult<String> {
    let source = Some(source.unwrap_or_else(|| path.display().to_string()));
    let options =
        read_options(options, format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    detached(py, || read_json(read::read_path(&path, &options)))
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

/// Post quality of posts given as JSON records; JSON list of `PostQuality`.
#[pyfunction]
#[pyo3(signature = (posts, config=None))]
fn post_quality(py: Python<'_>, posts: String, config: Option<String>) -> PyResult<String> {
    detached(py, move || {
        let config: QualityConfig = config_from(config.as_deref(), "quality config")?;
        let posts: Vec<Post> = records_from(&posts, "posts")?;
        to_json(&analyze_posts(&posts, &config))
    })
}

/// Post quality of bare texts (ids "0", "1", ...; no account, time or counts); JSON list.
#[pyfunction]
#[pyo3(signature = (texts, config=None))]
fn post_quality_texts(
    py: Python<'_>,
    texts: Vec<String>,
    config: Option<String>,
) -> PyResult<String> {
    detached(py, move || {
        let config: QualityConfig = config_from(config.as_deref(), "quality config")?;
        // Bare texts have no time; quality does not read it. The Unix epoch marks "unknown".
        let epoch = zhengwu::Timestamp::parse_from_rfc3339("1970-01-01T00:00:00+00:00")
            .map_err(|e| Error::new(ErrorKind::InvalidTime, e.to_string()))?;
        let posts: Vec<Post> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| Post::new(i.to_string(), "", epoch, text))
            .collect();
        to_json(&analyze_posts(&posts, &config))
    })
}

/// Intent, needs-reply and sentiment of each text; JSON list of `MessageClass`.
#[pyfunction]
#[pyo3(name = "classify_messages", signature = (texts, config=None))]
fn classify_messages_py(
    py: Python<'_>,
    texts: Vec<String>,
    config: Option<String>,
) -> PyResult<String> {
    detached(py, move || {
        let config: MessageConfig = config_from(config.as_deref(), "message config")?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        to_json(&classify_messages(&refs, &config)?)
    })
}

/// A dataset `{accounts, posts, comments, mentions}`; an error names the list and the record.
fn dataset_from(json: &str) -> Result<Dataset, Error> {
    if let Ok(data) = serde_json::from_str::<Dataset>(json) {
        return Ok(data);
    }
    let parts: serde_json::Map<String, serde_json::Value> =
        from_json(json, "records", ErrorKind::InvalidValue)?;
    let part = |name: &str| {
        parts
            .get(name)
            .map(|v| v.to_string())
            .unwrap_or_else(|| "[]".into())
    };
    Ok(Dataset {
        accounts: records_from(&part("accounts"), "accounts")?,
        posts: records_from(&part("posts"), "posts")?,
        comments: records_from(&part("comments"), "comments")?,
        mentions: records_from(&part("mentions"), "mentions")?,
    })
}

/// The interaction analysis of one account over a dataset (JSON `{accounts, posts, comments,
/// mentions}`); JSON `InteractionReport`. The account comes from the dataset's account list,
/// else it is known by its id only.
#[pyfunction]
#[pyo3(signature = (data, account_id, config=None))]
fn interactions(
    py: Python<'_>,
    data: String,
    account_id: String,
    config: Option<String>,
) -> PyResult<String> {
    detached(py, move || {
        let config: InteractionConfig = config_from(config.as_deref(), "interaction config")?;
        let data = dataset_from(&data)?;
        let account = data
            .accounts
            .iter()
            .find(|a| a.id == account_id)
            .cloned()
            .unwrap_or_else(|| Account {
                id: account_id.clone(),
                ..Account::default()
            });
        let report = analyze(
            &account,
            &data.posts,
            &data.comments,
            &data.mentions,
            &config,
        )?;
        to_json(&report)
    })
}

/// The health audit of every account of a dataset; JSON `AuditReport`.
#[pyfunction]
#[pyo3(signature = (data, config=None))]
fn audit(py: Python<'_>, data: String, config: Option<String>) -> PyResult<String> {
    detached(py, move || {
        let config: AuditConfig = config_from(config.as_deref(), "audit config")?;
        let data = dataset_from(&data)?;
        to_json(&core_audit(&data, &config)?)
    })
}

/// The BCI (微博传播力指数) from period totals; JSON `Bci`.
#[pyfunction]
fn bci(py: Python<'_>, posts: u64, reposts: u64, comments: u64, likes: u64) -> PyResult<String> {
    to_json(&zhengwu::health::indices::bci(
        posts, reposts, comments, likes,
    ))
    .map_err(|e| to_py_err(py, e))
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

    /// Predictions for `texts`: JSON list of `{label, probabilities}`.
    fn predict(&self, py: Python<'_>, texts: Vec<String>) -> PyResult<String> {
        detached(py, || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            to_json(&self.inner.predict_all(&refs))
        })
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
        PyTextClassifier, audit, bci, classify_messages_py, config_json, interactions,
        post_quality, post_quality_texts, read_bytes, read_path, read_text,
    };

    #[pymodule_init]
    fn init(module: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
