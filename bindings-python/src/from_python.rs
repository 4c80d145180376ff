//! Records straight from Python objects: a serde `Deserializer` over plain Python data (`dict`,
//! `list`, `tuple`, `str`, `int`, `float`, `bool`, `None`), so a list of records from
//! `read_posts` reaches the core without being written as JSON text and parsed again. It accepts
//! exactly what `json.dumps` would write for such data, so records mean the same as through the
//! core's JSON readers.
//!
//! Anything else (a `datetime`, a numpy number, NaN) is "not plain": the caller gets a
//! [`NotPlain`] error and lets the Python layer clean the records first (`_convert.records_of`).

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use std::borrow::Cow;

/// Why a record could not be read.
#[derive(Debug)]
pub enum FromPyError {
    /// A value JSON has no form for: clean the records in Python and try again.
    NotPlain(String),
    /// Plain data that does not fit the record type (serde's message names the field).
    Invalid(String),
    /// Python itself failed (e.g. a `str` that is not valid Unicode).
    Python(PyErr),
}

impl std::fmt::Display for FromPyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FromPyError::NotPlain(what) => write!(f, "not plain data: {what}"),
            FromPyError::Invalid(reason) => f.write_str(reason),
            FromPyError::Python(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FromPyError {}

impl de::Error for FromPyError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        FromPyError::Invalid(msg.to_string())
    }

    // `None` is JSON's null: say so, in serde_json's words.
    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        match unexpected {
            de::Unexpected::Unit => {
                FromPyError::Invalid(format!("invalid type: null, expected {expected}"))
            }
            other => FromPyError::Invalid(format!("invalid type: {other}, expected {expected}")),
        }
    }
}

impl From<PyErr> for FromPyError {
    fn from(e: PyErr) -> Self {
        FromPyError::Python(e)
    }
}

type Result<T> = std::result::Result<T, FromPyError>;

/// One record (`T`) from one Python value.
pub fn record<T: DeserializeOwned>(value: &Bound<'_, PyAny>) -> Result<T> {
    T::deserialize(FromPy { obj: value })
}

/// Text of a Python `str` (borrowed where the Python version allows it).
fn text<'a>(s: &'a Bound<'_, PyString>) -> Result<Cow<'a, str>> {
    Ok(str_of(s)?)
}

unsafe extern "C" {
    // In the stable ABI from Python 3.10 on; pyo3-ffi declares it only for builds that require
    // 3.10, so it is declared here and called only when the running Python is 3.10 or later.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::ffi::c_char;
}

/// Whether the running interpreter has `PyUnicode_AsUTF8AndSize` in its stable ABI (3.10+).
fn utf8_in_place(py: Python<'_>) -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| py.version_info() >= (3, 10))
}

/// The text of a Python `str` as UTF-8. From Python 3.10 on it is borrowed from the UTF-8 form
/// CPython keeps inside the string object (encoded on the first request, then reused for the
/// string's life: a second call over the same records encodes nothing), so records read by
/// serde cost one copy of each text rather than an encoding, a `bytes` object and a copy. On
/// 3.9 (the abi3 floor) it is the encoded copy.
pub fn str_of<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    if !utf8_in_place(s.py()) {
        return s.to_cow();
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` (the GIL is held: `Bound`); CPython returns NULL with an
    // exception set (a lone surrogate) or a pointer to `size` bytes of valid UTF-8 owned by the
    // string object, which `'a` keeps alive and which never changes (str is immutable).
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if data.is_null() {
        return Err(PyErr::fetch(s.py()));
    }
    let len = usize::try_from(size).unwrap_or(0);
    // SAFETY: as above: `len` bytes of UTF-8 that live as long as `s`.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
    Ok(Cow::Borrowed(unsafe {
        std::str::from_utf8_unchecked(bytes)
    }))
}

struct FromPy<'a, 'py> {
    obj: &'a Bound<'py, PyAny>,
}

fn not_plain(obj: &Bound<'_, PyAny>) -> FromPyError {
    let name = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    FromPyError::NotPlain(format!("a value of type {name}"))
}

impl<'de> de::Deserializer<'de> for FromPy<'_, '_> {
    type Error = FromPyError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let obj = self.obj;
        if obj.is_none() {
            return visitor.visit_unit();
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return match text(s)? {
                Cow::Borrowed(b) => visitor.visit_str(b),
                Cow::Owned(o) => visitor.visit_string(o),
            };
        }
        // bool before int: Python's bool is an int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return visitor.visit_bool(b.is_true());
        }
        if obj.cast::<PyInt>().is_ok() {
            if let Ok(v) = obj.extract::<i64>() {
                return visitor.visit_i64(v);
            }
            if let Ok(v) = obj.extract::<u64>() {
                return visitor.visit_u64(v);
            }
            return Err(FromPyError::Invalid(
                "an integer beyond 64 bits".to_string(),
            ));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            if !v.is_finite() {
                // json.dumps(allow_nan=False) refuses it: the Python layer drops it as "absent".
                return Err(FromPyError::NotPlain(format!("the float {v}")));
            }
            return visitor.visit_f64(v);
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            let mut items = Vec::with_capacity(d.len());
            for (key, value) in d.iter() {
                if !key.is_instance_of::<PyString>() {
                    return Err(not_plain(&key));
                }
                items.push((key, value));
            }
            return visitor.visit_map(MapItems { items, next: 0 });
        }
        if let Ok(l) = obj.cast::<PyList>() {
            return visitor.visit_seq(SeqItems {
                items: l.iter().collect(),
                next: 0,
            });
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            return visitor.visit_seq(SeqItems {
                items: t.iter().collect(),
                next: 0,
            });
        }
        Err(not_plain(obj))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.obj.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let obj = self.obj;
        if let Ok(s) = obj.cast::<PyString>() {
            // A unit variant by name, as JSON writes it.
            let name: String = text(s)?.into_owned();
            return visitor.visit_enum(name.into_deserializer());
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            // `{variant: value}`, as JSON writes the other variants.
            if d.len() == 1 {
                if let Some((key, value)) = d.iter().next() {
                    if let Ok(k) = key.cast::<PyString>() {
                        let variant = text(k)?.into_owned();
                        return visitor.visit_enum(Variant { variant, value });
                    }
                }
            }
        }
        Err(de::Error::invalid_type(
            de::Unexpected::Other("a value that is not an enum variant"),
            &"a variant name or {variant: value}",
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

struct SeqItems<'py> {
    items: Vec<Bound<'py, PyAny>>,
    next: usize,
}

impl<'de> de::SeqAccess<'de> for SeqItems<'_> {
    type Error = FromPyError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>> {
        let Some(item) = self.items.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        seed.deserialize(FromPy { obj: item }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct MapItems<'py> {
    items: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    next: usize,
}

impl<'de> de::MapAccess<'de> for MapItems<'_> {
    type Error = FromPyError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, _)) = self.items.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(FromPy { obj: key }).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((_, value)) = self.items.get(self.next) else {
            return Err(de::Error::custom("a map key without its value"));
        };
        self.next += 1;
        seed.deserialize(FromPy { obj: value })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Variant<'py> {
    variant: String,
    value: Bound<'py, PyAny>,
}

impl<'de, 'py> de::EnumAccess<'de> for Variant<'py> {
    type Error = FromPyError;
    type Variant = VariantValue<'py>;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant)> {
        let variant: de::value::StringDeserializer<FromPyError> = self.variant.into_deserializer();
        let name = seed.deserialize(variant)?;
        Ok((name, VariantValue { value: self.value }))
    }
}

struct VariantValue<'py> {
    value: Bound<'py, PyAny>,
}

impl<'de> de::VariantAccess<'de> for VariantValue<'_> {
    type Error = FromPyError;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(FromPy { obj: &self.value })
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(FromPy { obj: &self.value })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_any(FromPy { obj: &self.value }, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(FromPy { obj: &self.value }, visitor)
    }
}
