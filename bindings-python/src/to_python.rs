//! Core results straight into Python objects: a serde `Serializer` whose output is `dict`,
//! `list`, `str`, `int`, `float`, `bool` and `None`, shaped exactly like `json.loads` of the
//! core's serde_json text (which the binding used to send), without writing and parsing text.
//!
//! Field and variant names are `&'static str`s that repeat once per record: each becomes one
//! Python string, made once per conversion and shared by every dict that uses it. Evidence
//! repeats too (the same lexicon phrases, keywords and cues in thousands of posts): a converter
//! made for a `batch` also makes one Python string per distinct text (strings are immutable, so
//! sharing them is invisible to the caller, and cheaper than decoding UTF-8 again).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::Serialize;
use serde::ser::{self, Impossible};

/// Why a conversion failed: a Python error (out of memory, a failed `__setitem__`) or a value
/// serde cannot express.
#[derive(Debug)]
pub struct ConvertError(pub PyErr);

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ConvertError {}

impl ser::Error for ConvertError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        ConvertError(PyValueError::new_err(format!(
            "converting a result to Python: {msg}"
        )))
    }
}

impl From<PyErr> for ConvertError {
    fn from(e: PyErr) -> Self {
        ConvertError(e)
    }
}

impl From<ConvertError> for PyErr {
    fn from(e: ConvertError) -> Self {
        e.0
    }
}

type Result<T> = std::result::Result<T, ConvertError>;

/// Pauses Python's cyclic garbage collector while a result is built, and resumes it (if it was
/// running) when dropped. Building a result makes hundreds of thousands of dicts and lists; each
/// batch of new containers would start a collection that walks every live container, the
/// result so far included, and finds nothing: these objects hold no cycles. (The same reason
/// `gc.disable()` is the usual advice around bulk loading in Python.)
pub struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    pub fn new(py: Python<'py>) -> Self {
        let paused = || -> PyResult<Option<Bound<'py, PyModule>>> {
            let gc = py.import("gc")?;
            if gc.call_method0("isenabled")?.is_truthy()? {
                gc.call_method0("disable")?;
                return Ok(Some(gc));
            }
            Ok(None)
        };
        // Without the gc module the collector simply keeps running.
        GcPause {
            gc: paused().unwrap_or(None),
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Cannot fail for the real gc module; if it did, the collector stays paused, which
            // is harmless for correctness.
            let _ = gc.call_method0("enable");
        }
    }
}

/// FxHash (rustc's hasher): the keys here are short strings and addresses made by this process,
/// so a fast hash beats SipHash's protection against chosen keys.
#[derive(Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut full = [0u8; 8];
            full.copy_from_slice(word);
            self.write_u64(u64::from_le_bytes(full));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // The last few bytes, without a call to memcpy for a partial word.
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            self.write_u64(word);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One conversion's shared state: the Python strings of static names (keyed by the address of
/// the `&'static str`, which is stable for the program's life).
pub struct ToPy<'py> {
    py: Python<'py>,
    names: RefCell<FastMap<(usize, usize), Bound<'py, PyString>>>,
    /// Strings made so far, by content; `None`: every string is made anew.
    texts: Option<RefCell<FastMap<String, Bound<'py, PyString>>>>,
    /// `f32` values made so far, by their bits: evidence weights repeat (a few hundred distinct
    /// values over thousands of matches), and each costs a decimal formatting.
    floats: RefCell<FastMap<u32, Bound<'py, PyAny>>>,
    /// `f64` values made so far, by their bits (evidence weights repeat too; floats are
    /// immutable, so sharing them is invisible to the caller).
    doubles: RefCell<FastMap<u64, Bound<'py, PyAny>>>,
    /// Text written by a `Display` value (times), reused from one value to the next.
    scratch: RefCell<String>,
    /// `None` for a batch's converter, whose chunks each pause the collector themselves.
    _gc: Option<GcPause<'py>>,
}

impl<'py> ToPy<'py> {
    /// A converter that makes every string anew (for mostly distinct texts: records). The
    /// garbage collector is paused while it lives (see [`GcPause`]): drop it before releasing
    /// the GIL.
    pub fn new(py: Python<'py>) -> Self {
        ToPy {
            py,
            names: RefCell::new(FastMap::default()),
            texts: None,
            floats: RefCell::new(FastMap::default()),
            doubles: RefCell::new(FastMap::default()),
            scratch: RefCell::new(String::new()),
            _gc: Some(GcPause::new(py)),
        }
    }

    /// A sharing converter for a batch converted chunk by chunk: its strings, names and numbers
    /// are shared across the chunks (the same keywords and phrases recur all through a
    /// timeline). It does not pause the collector: each chunk's conversion does, with a
    /// [`GcPause`] of its own, so the collector runs while the thread waits between chunks.
    pub fn batch(py: Python<'py>) -> Self {
        ToPy {
            py,
            names: RefCell::new(FastMap::default()),
            texts: Some(RefCell::new(FastMap::default())),
            floats: RefCell::new(FastMap::default()),
            doubles: RefCell::new(FastMap::default()),
            scratch: RefCell::new(String::new()),
            _gc: None,
        }
    }

    pub fn py(&self) -> Python<'py> {
        self.py
    }

    /// The Python string of a static name (field, enum variant, column), made once.
    pub fn name(&self, name: &'static str) -> Bound<'py, PyString> {
        let key = (name.as_ptr() as usize, name.len());
        let mut names = self.names.borrow_mut();
        names
            .entry(key)
            .or_insert_with(|| PyString::new(self.py, name))
            .clone()
    }

    /// Any serialisable value as Python data.
    pub fn value<T: Serialize + ?Sized>(&self, value: &T) -> PyResult<Bound<'py, PyAny>> {
        Ok(value.serialize(Serializer { to: self })?)
    }

    /// A new Python string.
    pub fn str(&self, s: &str) -> Bound<'py, PyAny> {
        PyString::new(self.py, s).into_any()
    }

    /// A Python string, shared with earlier equal ones when the converter is a `batch` one.
    pub fn text(&self, s: &str) -> Bound<'py, PyAny> {
        let Some(texts) = &self.texts else {
            return self.str(s);
        };
        let mut texts = texts.borrow_mut();
        if let Some(shared) = texts.get(s) {
            return shared.clone().into_any();
        }
        let made = PyString::new(self.py, s);
        texts.insert(s.to_owned(), made.clone());
        made.into_any()
    }

    /// A float as serde_json writes it: non-finite values become `null` (`None`).
    pub fn f64(&self, v: f64) -> Bound<'py, PyAny> {
        if !v.is_finite() {
            return self.py.None().into_bound(self.py);
        }
        let mut doubles = self.doubles.borrow_mut();
        doubles
            .entry(v.to_bits())
            .or_insert_with(|| PyFloat::new(self.py, v).into_any())
            .clone()
    }

    /// An `f32` as `json.loads` reads serde_json's shortest decimal of it (0.35f32 → 0.35,
    /// not 0.3499999940395355), so results keep the values the JSON path gave.
    pub fn f32(&self, v: f32) -> Bound<'py, PyAny> {
        if !v.is_finite() {
            return self.py.None().into_bound(self.py);
        }
        let mut floats = self.floats.borrow_mut();
        floats
            .entry(v.to_bits())
            .or_insert_with(|| PyFloat::new(self.py, shortest_f64(v)).into_any())
            .clone()
    }

    pub fn bool(&self, v: bool) -> Bound<'py, PyAny> {
        PyBool::new(self.py, v).to_owned().into_any()
    }

    pub fn int<T: IntoPyObject<'py>>(&self, v: T) -> PyResult<Bound<'py, PyAny>> {
        v.into_bound_py_any(self.py)
    }

    pub fn none(&self) -> Bound<'py, PyAny> {
        self.py.None().into_bound(self.py)
    }

    /// A list of the items `f` makes.
    pub fn list<T>(
        &self,
        items: impl IntoIterator<Item = T>,
        mut f: impl FnMut(T) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let items: Vec<Bound<'py, PyAny>> =
            items.into_iter().map(&mut f).collect::<PyResult<_>>()?;
        Ok(PyList::new(self.py, items)?.into_any())
    }
}

/// A finite `f32` as the `f64` that `json.loads` reads from serde_json's shortest decimal of it
/// (0.35f32 → 0.35, not 0.3499999940395355). Formatted on the stack: this runs for every score
/// and weight of every result.
pub fn shortest_f64(v: f32) -> f64 {
    zmij::Buffer::new()
        .format_finite(v)
        .parse()
        .unwrap_or(f64::from(v))
}

struct Serializer<'a, 'py> {
    to: &'a ToPy<'py>,
}

/// A list being built (sequences, tuples); `variant` wraps it as `{variant: [...]}`.
struct SeqBuilder<'a, 'py> {
    to: &'a ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

/// A dict being built (maps, structs); `variant` wraps it as `{variant: {...}}`.
struct MapBuilder<'a, 'py> {
    to: &'a ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

fn wrap<'py>(
    to: &ToPy<'py>,
    variant: Option<&'static str>,
    value: Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>> {
    match variant {
        None => Ok(value),
        Some(name) => {
            let outer = PyDict::new(to.py);
            outer.set_item(to.name(name), value)?;
            Ok(outer.into_any())
        }
    }
}

// Every integer width becomes a Python int the same way.
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<Self::Ok> {
            Ok(self.to.int(v)?)
        }
    )*};
}

impl<'a, 'py> ser::Serializer for Serializer<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    type SerializeSeq = SeqBuilder<'a, 'py>;
    type SerializeTuple = SeqBuilder<'a, 'py>;
    type SerializeTupleStruct = SeqBuilder<'a, 'py>;
    type SerializeTupleVariant = SeqBuilder<'a, 'py>;
    type SerializeMap = MapBuilder<'a, 'py>;
    type SerializeStruct = MapBuilder<'a, 'py>;
    type SerializeStructVariant = MapBuilder<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(self.to.bool(v))
    }
    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        Ok(self.to.f32(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        Ok(self.to.f64(v))
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        Ok(self.to.str(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(self.to.text(v))
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        // What serde does by default (the value's text as a string), written into one reused
        // buffer instead of a new String per value: every record's time goes through here.
        use std::fmt::Write;
        let mut text = self.to.scratch.borrow_mut();
        text.clear();
        write!(text, "{value}").map_err(<ConvertError as ser::Error>::custom)?;
        Ok(self.to.text(&text))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        // serde_json writes bytes as a list of numbers.
        Ok(self.to.list(v, |b| self.to.int(*b))?)
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.to.none())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Ok(self.to.none())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        Ok(self.to.none())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(self.to.name(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let inner = value.serialize(Serializer { to: self.to })?;
        wrap(self.to, Some(variant), inner)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(SeqBuilder {
            to: self.to,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Ok(SeqBuilder {
            to: self.to,
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(MapBuilder {
            to: self.to,
            dict: PyDict::new(self.to.py),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Ok(MapBuilder {
            to: self.to,
            dict: PyDict::new(self.to.py),
            key: None,
            variant: Some(variant),
        })
    }
}

impl<'py> SeqBuilder<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.items
            .push(value.serialize(Serializer { to: self.to })?);
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        let list = PyList::new(self.to.py, self.items)?.into_any();
        wrap(self.to, self.variant, list)
    }
}

// serde's four sequence-like traits differ only in the name of their element method.
macro_rules! sequence_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for SeqBuilder<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = ConvertError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok> {
                self.finish()
            }
        }
    )*};
}

sequence_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'py> MapBuilder<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let value = value.serialize(Serializer { to: self.to })?;
        self.dict.set_item(self.to.name(key), value)?;
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        wrap(self.to, self.variant, self.dict.into_any())
    }
}

impl<'py> ser::SerializeMap for MapBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(KeySerializer { to: self.to })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <ConvertError as ser::Error>::custom("a map value without its key"))?;
        let value = value.serialize(Serializer { to: self.to })?;
        self.dict.set_item(key, value)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for MapBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for MapBuilder<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

/// Map keys as JSON has them: strings (numbers and booleans written as their text, as
/// serde_json does; enum variants by name).
struct KeySerializer<'a, 'py> {
    to: &'a ToPy<'py>,
}

impl<'py> KeySerializer<'_, 'py> {
    fn text(&self, text: impl std::fmt::Display) -> Result<Bound<'py, PyAny>> {
        Ok(self.to.str(&text.to_string()))
    }
}

fn key_must_be_a_string<T>() -> Result<T> {
    Err(<ConvertError as ser::Error>::custom(
        "a map key must be a string",
    ))
}

impl<'a, 'py> ser::Serializer for KeySerializer<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ConvertError;
    type SerializeSeq = Impossible<Self::Ok, ConvertError>;
    type SerializeTuple = Impossible<Self::Ok, ConvertError>;
    type SerializeTupleStruct = Impossible<Self::Ok, ConvertError>;
    type SerializeTupleVariant = Impossible<Self::Ok, ConvertError>;
    type SerializeMap = Impossible<Self::Ok, ConvertError>;
    type SerializeStruct = Impossible<Self::Ok, ConvertError>;
    type SerializeStructVariant = Impossible<Self::Ok, ConvertError>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_f64(self, _v: f64) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.text(v)
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(self.to.str(v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(self.to.name(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok> {
        key_must_be_a_string()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        key_must_be_a_string()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        key_must_be_a_string()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        key_must_be_a_string()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        key_must_be_a_string()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        key_must_be_a_string()
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        key_must_be_a_string()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        key_must_be_a_string()
    }
}
