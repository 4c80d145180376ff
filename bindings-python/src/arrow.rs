//! Columns in the Arrow columnar layout, built here without a Python object per cell: the
//! buffers (validity bits, offsets, values) of each array as `bytes`, described by nested
//! tuples that `zhengwu/_arrow.py` hands to `pyarrow.Array.from_buffers` (zero-copy: pyarrow
//! wraps the `bytes` objects as they are). pyarrow does the assembling, so the binding needs no
//! Arrow crate and no FFI code of its own.
//!
//! The tuples (`n`: the array's length; buffers little-endian, as the Arrow format and every
//! platform pyarrow ships for have them):
//! - `("str", n, offsets: i64 × (n+1), data)`: `large_string`, no nulls;
//! - `("f64", n, values, validity or None)`: `float64`, null where the value is not finite
//!   (`None` when read, as the dicts have it);
//! - `("i64", n, values)`: `int64`; `("bool", n, bits)`: `bool`;
//! - `("list", n, offsets: i32 × (n+1), item)`: `list<item>`, no nulls;
//! - `("struct", n, ((field name, array), ...))`: `struct<...>`, no nulls.

use std::any::Any;

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use serde::Serialize;

use crate::to_python::{FastMap, shortest_f64};

/// One array's cells as they are built, and its description for `_arrow.py`.
pub trait Array: Any {
    /// The number of cells so far.
    fn len(&self) -> usize;
    /// The tuple described in the module documentation.
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>>;
    /// `self` as `Any`, for a table to find the builder type of a column again.
    fn as_any(&mut self) -> &mut dyn Any;
}

/// Bits, least significant first, as Arrow lays out validity and boolean values.
#[derive(Default)]
pub struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    pub fn push(&mut self, bit: bool) {
        let shift = self.len % 8;
        if shift == 0 {
            self.bytes.push(0);
        }
        if bit {
            if let Some(last) = self.bytes.last_mut() {
                *last |= 1 << shift;
            }
        }
        self.len += 1;
    }
}

/// The end of each cell in a child array (its strings' bytes, its lists' items): Arrow's offsets
/// without their leading 0.
#[derive(Default)]
pub struct Ends(Vec<usize>);

impl Ends {
    fn offsets<T: TryFrom<usize> + Copy>(
        &self,
        to_bytes: impl Fn(T) -> Vec<u8>,
    ) -> PyResult<Vec<u8>> {
        let mut out = Vec::with_capacity((self.0.len() + 1) * std::mem::size_of::<T>());
        for &end in std::iter::once(&0).chain(&self.0) {
            let end = T::try_from(end).map_err(|_| {
                PyOverflowError::new_err(
                    "a batch too large for an Arrow array: call with arrow=False",
                )
            })?;
            out.extend(to_bytes(end));
        }
        Ok(out)
    }
}

/// `large_string` cells.
#[derive(Default)]
pub struct Strings {
    ends: Ends,
    data: Vec<u8>,
}

impl Strings {
    pub fn push(&mut self, s: &str) {
        self.data.extend_from_slice(s.as_bytes());
        self.ends.0.push(self.data.len());
    }
}

impl Array for Strings {
    fn len(&self) -> usize {
        self.ends.0.len()
    }
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let offsets = self.ends.offsets(|v: i64| v.to_le_bytes().to_vec())?;
        PyTuple::new(
            py,
            [
                "str".into_pyobject(py)?.into_any(),
                self.len().into_pyobject(py)?.into_any(),
                PyBytes::new(py, &offsets).into_any(),
                PyBytes::new(py, &self.data).into_any(),
            ],
        )
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// `float64` cells, null where not finite (the dicts have `None` there, as JSON has `null`).
#[derive(Default)]
pub struct Floats {
    values: Vec<u8>,
    valid: Bits,
    nulls: usize,
    /// `f32` values already converted (weights repeat: a few hundred distinct ones per batch).
    shortest: FastMap<u32, f64>,
}

impl Floats {
    pub fn push(&mut self, v: f64) {
        let finite = v.is_finite();
        let v = if finite { v } else { 0.0 };
        self.values.extend_from_slice(&v.to_le_bytes());
        self.valid.push(finite);
        self.nulls += usize::from(!finite);
    }

    /// An `f32` as the `f64` of its shortest decimal, as the dicts have it (see
    /// [`shortest_f64`]).
    pub fn push_f32(&mut self, v: f32) {
        if !v.is_finite() {
            return self.push(f64::NAN);
        }
        let wide = *self
            .shortest
            .entry(v.to_bits())
            .or_insert_with(|| shortest_f64(v));
        self.push(wide);
    }
}

impl Array for Floats {
    fn len(&self) -> usize {
        self.valid.len
    }
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let valid = if self.nulls == 0 {
            py.None().into_bound(py)
        } else {
            PyBytes::new(py, &self.valid.bytes).into_any()
        };
        PyTuple::new(
            py,
            [
                "f64".into_pyobject(py)?.into_any(),
                self.len().into_pyobject(py)?.into_any(),
                PyBytes::new(py, &self.values).into_any(),
                valid,
            ],
        )
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// `int64` cells (counts and character offsets).
#[derive(Default)]
pub struct Ints {
    values: Vec<u8>,
    len: usize,
}

impl Ints {
    pub fn push(&mut self, v: usize) {
        // A count or offset within one text: far below i64::MAX.
        let v = i64::try_from(v).unwrap_or(i64::MAX);
        self.values.extend_from_slice(&v.to_le_bytes());
        self.len += 1;
    }
}

impl Array for Ints {
    fn len(&self) -> usize {
        self.len
    }
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            [
                "i64".into_pyobject(py)?.into_any(),
                self.len.into_pyobject(py)?.into_any(),
                PyBytes::new(py, &self.values).into_any(),
            ],
        )
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// `bool` cells.
#[derive(Default)]
pub struct Bools(Bits);

impl Bools {
    pub fn push(&mut self, v: bool) {
        self.0.push(v);
    }
}

impl Array for Bools {
    fn len(&self) -> usize {
        self.0.len
    }
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            [
                "bool".into_pyobject(py)?.into_any(),
                self.0.len.into_pyobject(py)?.into_any(),
                PyBytes::new(py, &self.0.bytes).into_any(),
            ],
        )
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// `list<item>` cells: push the items of a cell into `items`, then `close` it.
#[derive(Default)]
pub struct List<A> {
    ends: Ends,
    pub items: A,
}

impl<A: Array> List<A> {
    /// Ends the current cell (the items pushed since the last `close`).
    pub fn close(&mut self) {
        self.ends.0.push(self.items.len());
    }
}

impl<A: Array> Array for List<A> {
    fn len(&self) -> usize {
        self.ends.0.len()
    }
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let offsets = self.ends.offsets(|v: i32| v.to_le_bytes().to_vec())?;
        PyTuple::new(
            py,
            [
                "list".into_pyobject(py)?.into_any(),
                self.len().into_pyobject(py)?.into_any(),
                PyBytes::new(py, &offsets).into_any(),
                self.items.describe(py)?.into_any(),
            ],
        )
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

/// The description of a `struct` array of `len` cells with these fields (each as long).
pub fn describe_struct<'py>(
    py: Python<'py>,
    len: usize,
    fields: &[(&'static str, &dyn Array)],
) -> PyResult<Bound<'py, PyTuple>> {
    let fields = fields
        .iter()
        .map(|(name, array)| {
            PyTuple::new(
                py,
                [
                    name.into_pyobject(py)?.into_any(),
                    array.describe(py)?.into_any(),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(
        py,
        [
            "struct".into_pyobject(py)?.into_any(),
            len.into_pyobject(py)?.into_any(),
            PyTuple::new(py, fields)?.into_any(),
        ],
    )
}

/// The name serde gives a unit enum variant (`PostType::WorkUpdate` → `work_update`), so
/// labels written here are those of the dicts; `None` for a value that is not a unit variant.
pub fn variant_name<T: Serialize + ?Sized>(value: &T) -> Option<&'static str> {
    value.serialize(VariantName).ok()
}

/// A serializer that accepts only unit variants and returns their names.
struct VariantName;

#[derive(Debug)]
struct NotAVariant;

impl std::fmt::Display for NotAVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAVariant {}

impl serde::ser::Error for NotAVariant {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        NotAVariant
    }
}

// Every other kind of value is refused the same way.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, NotAVariant> {
            Err(NotAVariant)
        }
    )*};
}

type Refused = serde::ser::Impossible<&'static str, NotAVariant>;

impl serde::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAVariant;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAVariant> {
        Ok(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<&'static str, NotAVariant> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(
        self,
        _value: &T,
    ) -> Result<&'static str, NotAVariant> {
        Err(NotAVariant)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<&'static str, NotAVariant> {
        Err(NotAVariant)
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_seq(self, _len: Option<usize>) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Refused, NotAVariant> {
        Err(NotAVariant)
    }
}
