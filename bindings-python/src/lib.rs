//! `zhengwu._native`: the compiled half of the Python package `zhengwu`.
//!
//! This crate only converts: Python arguments to core options, core results to JSON text (parsed
//! by `json.loads` in `zhengwu/__init__.py`, which is faster than building dicts field by field
//! through the FFI), and core errors to the exception classes of `zhengwu/_errors.py`. The
//! work itself runs with the GIL released.

use pyo3::prelude::*;
use serde::Serialize;

use zhengwu::read::{self, Format, IngestReport, Mode, ReadOptions};
use zhengwu::{Dataset, Error, ErrorKind};

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

/// Read options as Python passes them (keyword-only in `zhengwu.read`).
fn read_options(
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: String,
) -> Result<ReadOptions, Error> {
    let format = match format {
        None | Some("auto") => None,
        Some(name) => Some(Format::from_name(name)?),
    };
    Ok(ReadOptions {
        format,
        mode: if lenient { Mode::Lenient } else { Mode::Strict },
        preset,
        source,
        ..ReadOptions::default()
    })
}

/// What a read returns across the boundary: the dataset's four lists and the ingest report.
#[derive(Serialize)]
struct ReadOutput<'a> {
    #[serde(flatten)]
    dataset: &'a Dataset,
    report: &'a IngestReport,
}

fn to_json(result: Result<(Dataset, IngestReport), Error>) -> Result<String, Error> {
    let (dataset, report) = result?;
    serde_json::to_string(&ReadOutput {
        dataset: &dataset,
        report: &report,
    })
    .map_err(|e| {
        Error::new(
            ErrorKind::InvalidValue,
            format!("serialising the result: {e}"),
        )
    })
}

/// Reads records from text; returns JSON `{accounts, posts, comments, mentions, report}`.
#[pyfunction]
#[pyo3(signature = (text, *, format=None, preset=None, lenient=false, source=None))]
fn read_text(
    py: Python<'_>,
    text: String,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
) -> PyResult<String> {
    let options = read_options(format, preset, lenient, source.unwrap_or_default())
        .map_err(|e| to_py_err(py, e))?;
    py.detach(|| to_json(read::read_str(&text, &options)))
        .map_err(|e| to_py_err(py, e))
}

/// Reads records from bytes (checked for UTF-8 by the core); returns JSON like `read_text`.
#[pyfunction]
#[pyo3(signature = (data, *, format=None, preset=None, lenient=false, source=None))]
fn read_bytes(
    py: Python<'_>,
    data: &[u8],
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
) -> PyResult<String> {
    let options = read_options(format, preset, lenient, source.unwrap_or_default())
        .map_err(|e| to_py_err(py, e))?;
    py.detach(|| to_json(read::read_bytes(data, &options)))
        .map_err(|e| to_py_err(py, e))
}

/// Reads records from a file; the source label defaults to the path. Returns JSON like
/// `read_text`.
#[pyfunction]
#[pyo3(signature = (path, *, format=None, preset=None, lenient=false, source=None))]
fn read_path(
    py: Python<'_>,
    path: std::path::PathBuf,
    format: Option<&str>,
    preset: Option<String>,
    lenient: bool,
    source: Option<String>,
) -> PyResult<String> {
    let source = source.unwrap_or_else(|| path.display().to_string());
    let options = read_options(format, preset, lenient, source).map_err(|e| to_py_err(py, e))?;
    py.detach(|| to_json(read::read_path(&path, &options)))
        .map_err(|e| to_py_err(py, e))
}

/// Native half of the `zhengwu` package; use the functions of `zhengwu` itself.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{read_bytes, read_path, read_text};

    #[pymodule_init]
    fn init(module: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
