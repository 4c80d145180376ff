//! One error type for the whole library.
//!
//! Every error has an [`ErrorKind`] with a stable string name ([`ErrorKind::as_str`]) so each
//! binding maps kinds exactly once (Python exception classes, the JS `Error.kind` field). Errors
//! about a record say where it was: the source (file name or label), the 1-based line or record
//! number, and the field.

use std::fmt;

/// What went wrong, coarsely: the stable part bindings switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the underlying file or stream failed.
    Io,
    /// The bytes are not valid UTF-8.
    Encoding,
    /// The record is not well-formed in its format (bad JSON, wrong number of CSV fields,
    /// a truncated last line).
    Syntax,
    /// A required field is absent or empty.
    MissingField,
    /// A field is present but its value is not acceptable (negative count, unknown level…).
    InvalidValue,
    /// A time could not be parsed.
    InvalidTime,
    /// The caller's configuration or arguments are inconsistent (unknown preset, bad mapping).
    Config,
    /// A saved model or lexicon could not be loaded.
    Model,
}

impl ErrorKind {
    /// Stable snake_case name used by the bindings (`"missing_field"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Encoding => "encoding",
            ErrorKind::Syntax => "syntax",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::InvalidTime => "invalid_time",
            ErrorKind::Config => "config",
            ErrorKind::Model => "model",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the input an error happened.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// File name or caller-given label (`"<memory>"` when none).
    pub source: String,
    /// 1-based line (JSONL, CSV: the physical line where the record starts) or record number.
    pub line: Option<u64>,
    /// Field name as written in the input (column header, JSON key).
    pub field: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}",
            if self.source.is_empty() {
                "<memory>"
            } else {
                &self.source
            }
        )?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(fd) = &self.field {
            write!(f, " field `{fd}`")?;
        }
        Ok(())
    }
}

/// The library's error: a kind, a location when it concerns a record, and a reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind} error at {location}: {reason}")]
pub struct Error {
    pub kind: ErrorKind,
    pub location: Location,
    pub reason: String,
}

impl Error {
    /// An error with a kind and a reason and no location yet.
    pub fn new(kind: ErrorKind, reason: impl Into<String>) -> Error {
        Error {
            kind,
            location: Location::default(),
            reason: reason.into(),
        }
    }

    /// A configuration error (bad argument, unknown preset).
    pub fn config(reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, reason)
    }

    /// Sets the source and line.
    pub fn at(mut self, source: &str, line: u64) -> Error {
        self.location.source = source.to_string();
        self.location.line = Some(line);
        self
    }

    /// Sets the field, keeping the rest.
    pub fn field(mut self, field: impl Into<String>) -> Error {
        self.location.field = Some(field.into());
        self
    }

    /// Short, stable name of the kind (see [`ErrorKind::as_str`]).
    pub fn kind_str(&self) -> &'static str {
        self.kind.as_str()
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        let kind = if e.kind() == std::io::ErrorKind::InvalidData {
            ErrorKind::Encoding
        } else {
            ErrorKind::Io
        };
        Error::new(kind, e.to_string())
    }
}

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
