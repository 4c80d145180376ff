//! Core results to plain JS objects, fast: a serde `Serializer` writes a compact byte tape into
//! wasm memory and one small JS function (below, `inline_js`) builds the objects from it.
//!
//! Why not JSON: serialising to JSON text, decoding it to a JS string and `JSON.parse`-ing it
//! cost more than the analysis itself for short results (a classified message: ~290 bytes of
//! JSON, 3 µs to decode and parse against 1.6 µs to classify natively; docs/performance/wasm.md).
//! Why not `serde-wasm-bindgen`: it crosses the boundary for every key and value and decodes
//! every key string anew. The tape sends each struct field name once per module instance
//! (camelCased, then referred to by number), numbers as raw bytes, and strings as UTF-8 that the
//! decoder reads straight out of wasm memory.
//!
//! The objects are exactly what `JSON.parse` of the core's JSON (camelCase field names, see
//! [`crate::camel`]) gives: `None`/unit → `null`, non-finite floats → `null`, `f32` through its
//! shortest decimal form (`0.7615942`, not `0.7615941762924194`), integers beyond 2^53 → the
//! nearest double, map keys and enum variant names unchanged, externally tagged enums as
//! `{variant: value}`. Tests: `tape_equals_json_*` below decode the tape in Rust and compare it
//! with serde_json on real core results; the JS suites check the decoded objects.
//!
//! Tape (little-endian): one op byte per value —
//! `0` null, `1` false, `2` true, `3` i32 (4 bytes), `4` f64 (8 bytes), `5` string (u32 byte
//! length + UTF-8), `6` array (u32 count + values), `7` object (u32 count + key/value pairs),
//! `8` a name string (an enum variant such as `"complaint"`, coded like a key).
//! A key is a u32: below 2^31 the id of a name sent earlier (a field name, camelCased, or a
//! variant name); `0x8000_0000 | id` defines name `id` (u32 length + UTF-8 follow); `u32::MAX` is
//! a literal key (map keys that are data; u32 length + UTF-8 follow).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;

use crate::camel::camel_case;

#[wasm_bindgen(inline_js = r#"
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
// Per call: no DataView or subarray is made (they showed up in profiles of short results);
// numbers are assembled from the bytes of one view of the whole memory, kept per instance.
const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchF64 = new Float64Array(scratch);
let bytes = null;
let at = 0;
let keys = null;

function i32() {
  const v = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
  at += 4;
  return v;
}

function u32() {
  return i32() >>> 0;
}

// Short strings (lexicon phrases, enum names) decode faster by hand than through TextDecoder,
// whose per-call cost dominates below a few dozen bytes. The tape's strings are valid UTF-8.
function text(n) {
  const end = at + n;
  if (n > 32) {
    const s = utf8.decode(bytes.subarray(at, end));
    at = end;
    return s;
  }
  let s = "";
  while (at < end) {
    const b = bytes[at];
    if (b < 0x80) {
      s += String.fromCharCode(b);
      at += 1;
    } else if (b < 0xe0) {
      s += String.fromCharCode(((b & 0x1f) << 6) | (bytes[at + 1] & 0x3f));
      at += 2;
    } else if (b < 0xf0) {
      s += String.fromCharCode(((b & 0x0f) << 12) | ((bytes[at + 1] & 0x3f) << 6) | (bytes[at + 2] & 0x3f));
      at += 3;
    } else {
      s += String.fromCodePoint(
        ((b & 0x07) << 18) | ((bytes[at + 1] & 0x3f) << 12) | ((bytes[at + 2] & 0x3f) << 6) | (bytes[at + 3] & 0x3f),
      );
      at += 4;
    }
  }
  return s;
}

function key() {
  const k = u32();
  if (k < 0x80000000) return keys[k];
  const s = text(u32());
  if (k !== 0xffffffff) keys[k - 0x80000000] = s;
  return s;
}

function value() {
  switch (bytes[at++]) {
    case 0:
      return null;
    case 1:
      return false;
    case 2:
      return true;
    case 3:
      return i32();
    case 4: {
      for (let i = 0; i < 8; i++) scratchBytes[i] = bytes[at + i];
      at += 8;
      return scratchF64[0];
    }
    case 5:
      return text(u32());
    case 6: {
      const n = u32();
      const a = [];
      for (let i = 0; i < n; i++) a.push(value());
      return a;
    }
    case 8:
      return key();
    case 7: {
      const n = u32();
      const o = {};
      for (let i = 0; i < n; i++) {
        const k = key();
        const v = value();
        // As JSON.parse does: "__proto__" is an own property, not the prototype.
        if (k === "__proto__") Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
        else o[k] = v;
      }
      return o;
    }
    default:
      throw new Error(`zhengwu: bad result tape (op ${bytes[at - 1]})`);
  }
}

export function zhengwuTapeState(memory) {
  return { memory, bytes: new Uint8Array(memory.buffer), keys: [] };
}

export function zhengwuDecodeTape(state, ptr) {
  // A grown memory has a new buffer (the old view is detached): view it again.
  if (state.bytes.buffer !== state.memory.buffer) state.bytes = new Uint8Array(state.memory.buffer);
  bytes = state.bytes;
  at = ptr;
  keys = state.keys;
  try {
    return value();
  } finally {
    bytes = null;
    keys = null;
  }
}
"#)]
extern "C" {
    /// The decoder's state for this module instance: its memory and the field names sent so far.
    #[wasm_bindgen(js_name = zhengwuTapeState)]
    fn tape_state(memory: JsValue) -> JsValue;
    /// Builds the JS value from the tape at `ptr` in wasm memory, storing the field names it
    /// defines into `state`.
    #[wasm_bindgen(js_name = zhengwuDecodeTape, catch)]
    fn decode_tape(state: &JsValue, ptr: usize) -> Result<JsValue, JsValue>;
}

const OP_NULL: u8 = 0;
const OP_FALSE: u8 = 1;
const OP_TRUE: u8 = 2;
const OP_I32: u8 = 3;
const OP_F64: u8 = 4;
const OP_STR: u8 = 5;
const OP_ARRAY: u8 = 6;
const OP_OBJECT: u8 = 7;
const OP_NAME: u8 = 8;
const KEY_DEFINE: u32 = 0x8000_0000;
const KEY_LITERAL: u32 = u32::MAX;

/// Keeps the largest tape's memory only up to this size between calls.
const KEEP_CAPACITY: usize = 1 << 20;

/// Hashes a field name's address: field names are `&'static str`s, and one name is one address.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `&'static str` name by address and length, and whether it is sent camelCased (field names)
/// or as it is (variant names): one literal may serve as both.
type Name = (usize, usize, bool);

/// The names sent to JS so far.
#[derive(Default)]
pub(crate) struct Keys {
    ids: HashMap<Name, u32, BuildHasherDefault<AddressHasher>>,
    /// Names defined by the tape being written: forgotten again if it never reaches JS.
    fresh: Vec<Name>,
}

impl Keys {
    fn rollback(&mut self) {
        for k in self.fresh.drain(..) {
            self.ids.remove(&k);
        }
    }
}

/// Why a value could not be written (a map key that is not a string, number, bool or unit
/// variant; a custom `Serialize` error).
#[derive(Debug)]
pub(crate) struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TapeError(msg.to_string())
    }
}

/// Writes `value` to `buf` (appending), defining new field names in `keys`.
pub(crate) fn encode<T: Serialize + ?Sized>(
    value: &T,
    buf: &mut Vec<u8>,
    keys: &mut Keys,
) -> Result<(), TapeError> {
    keys.fresh.clear();
    let result = value.serialize(&mut Writer { buf, keys });
    if result.is_err() {
        keys.rollback();
    }
    result
}

struct State {
    buf: Vec<u8>,
    keys: Keys,
    decoder: JsValue,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// `value` as plain JS objects.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    STATE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let state = slot.get_or_insert_with(State::new);
            let result = state.write(value);
            if state.buf.capacity() > KEEP_CAPACITY {
                state.buf = Vec::new();
            }
            result
        }
        // Re-entered (which the analyses never do): a one-off tape with its own key table.
        Err(_) => State::new().write(value),
    })
}

impl State {
    fn new() -> State {
        State {
            buf: Vec::new(),
            keys: Keys::default(),
            decoder: tape_state(wasm_bindgen::memory()),
        }
    }

    fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<JsValue, String> {
        self.buf.clear();
        let result = match encode(value, &mut self.buf, &mut self.keys) {
            // The tape is read in place: nothing allocates between here and the decoder's return.
            Ok(()) => decode_tape(&self.decoder, self.buf.as_ptr() as usize).map_err(|e| {
                self.keys.rollback();
                format!("decoding the result tape: {e:?}")
            }),
            Err(e) => Err(e.to_string()),
        };
        self.keys.fresh.clear();
        self.buf.clear();
        result
    }
}

struct Writer<'a> {
    buf: &'a mut Vec<u8>,
    keys: &'a mut Keys,
}

impl<'a> Writer<'a> {
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) -> Result<(), TapeError> {
        let n = u32::try_from(n).map_err(|_| TapeError("value over 4 GiB".into()))?;
        self.u32(n);
        Ok(())
    }
    fn str_bytes(&mut self, s: &str) -> Result<(), TapeError> {
        self.len(s.len())?;
        self.buf.extend_from_slice(s.as_bytes());
        Ok(())
    }
    fn string(&mut self, s: &str) -> Result<(), TapeError> {
        self.buf.push(OP_STR);
        self.str_bytes(s)
    }
    fn f64(&mut self, v: f64) {
        if v.is_finite() {
            self.buf.push(OP_F64);
            self.buf.extend_from_slice(&v.to_le_bytes());
        } else {
            // serde_json writes `null` for NaN and infinities.
            self.buf.push(OP_NULL);
        }
    }
    fn int(&mut self, v: i128) {
        match i32::try_from(v) {
            Ok(small) => {
                self.buf.push(OP_I32);
                self.buf.extend_from_slice(&small.to_le_bytes());
            }
            // What JSON.parse gives for the integer's decimal text: the nearest double.
            Err(_) => self.f64(v as f64),
        }
    }
    /// A name as a key code: its id once sent, else its definition.
    fn name(&mut self, name: &'static str, camel: bool) -> Result<(), TapeError> {
        let k = (name.as_ptr() as usize, name.len(), camel);
        if let Some(&id) = self.keys.ids.get(&k) {
            self.u32(id);
            return Ok(());
        }
        let id = u32::try_from(self.keys.ids.len())
            .ok()
            .filter(|&id| id < KEY_DEFINE)
            .ok_or_else(|| TapeError("too many names".into()))?;
        self.keys.ids.insert(k, id);
        self.keys.fresh.push(k);
        self.u32(KEY_DEFINE | id);
        if camel {
            self.str_bytes(&camel_case(name))
        } else {
            self.str_bytes(name)
        }
    }
    fn field_name(&mut self, name: &'static str) -> Result<(), TapeError> {
        self.name(name, true)
    }
    fn literal_key(&mut self, key: &str) -> Result<(), TapeError> {
        self.u32(KEY_LITERAL);
        self.str_bytes(key)
    }
    /// Starts an array or object whose count is patched in by [`Compound::end`].
    fn open<'w>(&'w mut self, op: u8) -> Compound<'w, 'a> {
        self.buf.push(op);
        let count_at = self.buf.len();
        self.u32(0);
        Compound {
            count_at,
            count: 0,
            w: self,
        }
    }
    /// `{variant: …}`: an object of one entry, whose value follows.
    fn tagged(&mut self, variant: &'static str) -> Result<(), TapeError> {
        self.buf.push(OP_OBJECT);
        self.u32(1);
        self.name(variant, false)
    }
}

struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    count_at: usize,
    count: u32,
}

impl Compound<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TapeError> {
        value.serialize(&mut *self.w)?;
        self.count += 1;
        Ok(())
    }
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.w.field_name(name)?;
        self.element(value)
    }
    fn finish(self) -> Result<(), TapeError> {
        self.w.buf[self.count_at..self.count_at + 4].copy_from_slice(&self.count.to_le_bytes());
        Ok(())
    }
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.buf.push(if v { OP_TRUE } else { OP_FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), TapeError> {
        self.int(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), TapeError> {
        match i128::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => self.f64(v as f64),
        }
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), TapeError> {
        if v.is_finite() {
            // JSON writes an f32 as its shortest decimal form; JS reads that back as the
            // nearest double. The same here, so 0.7615942 stays 0.7615942.
            let mut buffer = zmij::Buffer::new();
            let shortest = buffer.format_finite(v).parse::<f64>();
            self.f64(shortest.unwrap_or(f64::from(v)));
        } else {
            self.buf.push(OP_NULL);
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), TapeError> {
        self.f64(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), TapeError> {
        let mut seq = self.open(OP_ARRAY);
        for b in v {
            seq.element(b)?;
        }
        seq.finish()
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        self.buf.push(OP_NULL);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        self.buf.push(OP_NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        self.buf.push(OP_NULL);
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        // Enum values repeat in every result: sent once, then by number, like field names.
        self.buf.push(OP_NAME);
        self.name(variant, false)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.tagged(variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, TapeError> {
        Ok(self.open(OP_ARRAY))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'w, 'a>, TapeError> {
        Ok(self.open(OP_ARRAY))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, TapeError> {
        Ok(self.open(OP_ARRAY))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, TapeError> {
        self.tagged(variant)?;
        Ok(self.open(OP_ARRAY))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w, 'a>, TapeError> {
        Ok(self.open(OP_OBJECT))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, TapeError> {
        Ok(self.open(OP_OBJECT))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w, 'a>, TapeError> {
        self.tagged(variant)?;
        Ok(self.open(OP_OBJECT))
    }
}

// serde's four sequence-like traits differ only in the name of their element method.
macro_rules! sequence_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = TapeError;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
                self.element(value)
            }
            fn end(self) -> Result<(), TapeError> {
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

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    // Map keys are data (counts by reason, by word): written as they are, never camelCased.
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), TapeError> {
        key.serialize(KeyWriter(&mut *self.w))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), TapeError> {
        self.element(value)
    }
    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), TapeError> {
        self.finish()
    }
}

/// A map key, as serde_json accepts them: strings, chars, bools, numbers (as their decimal
/// text), unit variants and newtypes around those.
struct KeyWriter<'w, 'a>(&'w mut Writer<'a>);

fn not_a_key() -> TapeError {
    TapeError("map key must be a string, number, bool or unit variant".into())
}

macro_rules! display_key {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), TapeError> {
            self.0.literal_key(&v.to_string())
        }
    )*};
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = ser::Impossible<(), TapeError>;
    type SerializeTuple = ser::Impossible<(), TapeError>;
    type SerializeTupleStruct = ser::Impossible<(), TapeError>;
    type SerializeTupleVariant = ser::Impossible<(), TapeError>;
    type SerializeMap = ser::Impossible<(), TapeError>;
    type SerializeStruct = ser::Impossible<(), TapeError>;
    type SerializeStructVariant = ser::Impossible<(), TapeError>;

    display_key!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char);

    fn serialize_f32(self, v: f32) -> Result<(), TapeError> {
        if !v.is_finite() {
            return Err(not_a_key());
        }
        self.0.literal_key(zmij::Buffer::new().format_finite(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), TapeError> {
        if !v.is_finite() {
            return Err(not_a_key());
        }
        self.0.literal_key(zmij::Buffer::new().format_finite(v))
    }
    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.0.literal_key(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.0.name(variant, false)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), TapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), TapeError> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, TapeError> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, TapeError> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, TapeError> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, TapeError> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, TapeError> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, TapeError> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, TapeError> {
        Err(not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::camel::CamelCase;
    use serde::Serialize;
    use serde_json::{Map, Value};
    use std::collections::BTreeMap;

    /// The JS decoder, in Rust: what the objects built from a tape look like as JSON.
    struct Reader<'a> {
        bytes: &'a [u8],
        at: usize,
        keys: &'a mut Vec<String>,
    }

    impl Reader<'_> {
        fn take(&mut self, n: usize) -> &[u8] {
            let s = &self.bytes[self.at..self.at + n];
            self.at += n;
            s
        }
        fn u32(&mut self) -> u32 {
            u32::from_le_bytes(self.take(4).try_into().unwrap())
        }
        fn text(&mut self) -> String {
            let n = self.u32() as usize;
            String::from_utf8(self.take(n).to_vec()).unwrap()
        }
        fn key(&mut self) -> String {
            let k = self.u32();
            if k < KEY_DEFINE {
                return self.keys[k as usize].clone();
            }
            let s = self.text();
            if k != KEY_LITERAL {
                let id = (k - KEY_DEFINE) as usize;
                if self.keys.len() <= id {
                    self.keys.resize(id + 1, String::new());
                }
                self.keys[id] = s.clone();
            }
            s
        }
        fn value(&mut self) -> Value {
            let op = self.take(1)[0];
            match op {
                OP_NULL => Value::Null,
                OP_FALSE => Value::Bool(false),
                OP_TRUE => Value::Bool(true),
                OP_I32 => Value::from(i32::from_le_bytes(self.take(4).try_into().unwrap())),
                OP_F64 => Value::from(f64::from_le_bytes(self.take(8).try_into().unwrap())),
                OP_STR => Value::String(self.text()),
                OP_NAME => Value::String(self.key()),
                OP_ARRAY => {
                    let n = self.u32();
                    Value::Array((0..n).map(|_| self.value()).collect())
                }
                OP_OBJECT => {
                    let n = self.u32();
                    let mut map = Map::new();
                    for _ in 0..n {
                        let k = self.key();
                        let v = self.value();
                        map.insert(k, v);
                    }
                    Value::Object(map)
                }
                other => panic!("bad op {other}"),
            }
        }
    }

    /// The first difference between two values, as JS sees them (1 and 1.0 are one number;
    /// serde_json's own float parsing may be an ulp off, so numbers match within 2 ulps).
    fn js_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                let close = x == y || (x - y).abs() <= 2.0 * f64::EPSILON * x.abs().max(y.abs());
                (!close).then(|| format!("{path}: {x} vs {y}"))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (x, y))| js_difference(x, y, &format!("{path}[{i}]"))),
            (Value::Object(x), Value::Object(y)) if x.len() == y.len() => {
                x.iter().zip(y).find_map(|((kx, vx), (ky, vy))| {
                    if kx == ky {
                        js_difference(vx, vy, &format!("{path}.{kx}"))
                    } else {
                        Some(format!("{path}: key {kx} vs {ky}"))
                    }
                })
            }
            _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
        }
    }

    /// Encodes `value` twice with the same key table (the second time every field name is a
    /// number) and checks both decode to what JSON.parse makes of the camelCase JSON.
    fn assert_tape_equals_json<T: Serialize + ?Sized>(value: &T) {
        let json: Value =
            serde_json::from_str(&serde_json::to_string(&CamelCase(value)).unwrap()).expect("JSON");
        let mut keys = Keys::default();
        let mut table = Vec::new();
        for round in 0..2 {
            let mut buf = Vec::new();
            encode(value, &mut buf, &mut keys).unwrap();
            let mut reader = Reader {
                bytes: &buf,
                at: 0,
                keys: &mut table,
            };
            let decoded = reader.value();
            assert_eq!(reader.at, buf.len(), "round {round}: trailing bytes");
            if let Some(difference) = js_difference(&decoded, &json, "") {
                panic!("round {round}: tape and JSON differ at {difference}");
            }
        }
    }

    #[test]
    fn tape_equals_json_for_edge_values() {
        #[derive(Serialize)]
        enum E {
            Unit,
            // The same literal as a field name below: a variant is never camelCased.
            #[serde(rename = "snake_name")]
            SnakeName,
            New(u8),
            Tuple(i8, String),
            Struct {
                inner_field: Option<f32>,
            },
        }
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        #[serde(rename_all = "snake_case")]
        enum K {
            CrisisResponse,
            Other,
        }
        #[derive(Serialize)]
        struct S {
            snake_name: Vec<E>,
            enum_keys: BTreeMap<K, u8>,
            big: u64,
            negative_big: i64,
            floats: (f32, f64, f32, f64),
            nothing: Option<()>,
            map: BTreeMap<String, i32>,
            int_keys: BTreeMap<u32, bool>,
            chars: (char, char),
            text: String,
            long_text: String,
        }
        let value = S {
            enum_keys: [(K::CrisisResponse, 1), (K::Other, 2)]
                .into_iter()
                .collect(),
            snake_name: vec![
                E::Unit,
                E::SnakeName,
                E::SnakeName,
                E::New(7),
                E::Tuple(-3, "文".into()),
                E::Struct {
                    inner_field: Some(0.1),
                },
            ],
            big: u64::MAX,
            negative_big: i64::MIN + 1,
            floats: (-0.7615942, 1e300, f32::NAN, f64::INFINITY),
            nothing: None,
            map: [("__proto__".to_string(), 1), ("市场_监管".to_string(), 2)]
                .into_iter()
                .collect(),
            int_keys: [(10, true), (2, false)].into_iter().collect(),
            chars: ('😀', 'a'),
            text: "高度重视 \"quoted\"\n😀".into(),
            long_text: "【消费提示】网购遇到退款难，请拨打12315投诉举报。".repeat(3),
        };
        assert_tape_equals_json(&value);
    }

    #[test]
    fn f32_keeps_its_shortest_decimal_form() {
        let mut keys = Keys::default();
        let mut buf = Vec::new();
        encode(&-0.7615942f32, &mut buf, &mut keys).unwrap();
        assert_eq!(buf[0], OP_F64);
        assert_eq!(
            f64::from_le_bytes(buf[1..9].try_into().unwrap()),
            -0.7615942
        );
    }

    #[test]
    fn field_names_of_a_failed_tape_are_sent_again() {
        #[derive(Serialize)]
        struct Bad {
            first_name: u8,
            map: BTreeMap<Vec<u8>, u8>,
        }
        let bad = Bad {
            first_name: 1,
            map: [(vec![1], 1)].into_iter().collect(),
        };
        let mut keys = Keys::default();
        assert!(encode(&bad, &mut Vec::new(), &mut keys).is_err());
        assert!(keys.ids.is_empty());
    }

    #[test]
    fn tape_equals_json_for_core_results() {
        use zhengwu::interaction::MessageClassifier;
        let classifier = MessageClassifier::default_shared();
        for text in [
            "请问身份证在哪里办理？",
            "都狂妄成这样了",
            "不是很满意，但是处理得很及时[赞]",
            "",
        ] {
            assert_tape_equals_json(&classifier.classify(text));
        }
        let data = zhengwu::sample::generate(7);
        let report = zhengwu::health::audit(&data, &Default::default()).unwrap();
        assert_tape_equals_json(&report);
        assert_tape_equals_json(&data.posts[..20.min(data.posts.len())]);
    }
}
