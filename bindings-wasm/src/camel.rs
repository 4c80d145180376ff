//! camelCase field names for JavaScript, and (in tests) the JSON route the result tape
//! ([`crate::tape`]) must agree with: [`CamelCase`] serialises any core value with its struct
//! field names in camelCase, so `JSON.parse(serde_json::to_string(CamelCase(v)))` is the
//! reference for the objects JS receives.
//!
//! The core's serde names are snake_case (they are the JSONL schema and the Python keys); JS
//! callers expect `accountId`. Renaming inside the serializer, rather than in a copy of every
//! model struct, keeps the binding free of DTOs that would drift from the core. Only struct
//! field names are renamed: map keys (reason counts, lexicon entries) and enum variant names
//! are data and pass through unchanged. (Fields of a `#[serde(flatten)]`ed struct reach the
//! serializer as map keys and are therefore not renamed; the core model uses no flatten.)

#[cfg(test)]
use std::collections::HashMap;
#[cfg(test)]
use std::sync::{Mutex, OnceLock};

#[cfg(test)]
use serde::ser::{self, Serialize, Serializer};

#[cfg(test)]
/// `Serialize` wrapper: serialises `.0` with camelCase struct field names.
pub struct CamelCase<'a, T: ?Sized>(pub &'a T);

#[cfg(test)]
impl<T: ?Sized + Serialize> Serialize for CamelCase<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Renamer(serializer))
    }
}

/// `account_id` → `accountId`; names without `_` are returned as they are.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = false;
    for (i, c) in name.chars().enumerate() {
        if c == '_' && i > 0 {
            upper_next = true;
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
/// serde wants `&'static str` field names: each distinct name is converted and leaked once (the
/// set of field names in the program is fixed and small).
fn static_camel_case(name: &'static str) -> &'static str {
    if !name.contains('_') {
        return name;
    }
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(name)
        .or_insert_with(|| Box::leak(camel_case(name).into_boxed_str()))
}

#[cfg(test)]
/// `Number.MAX_SAFE_INTEGER`. serde-wasm-bindgen refuses larger 64-bit integers, which failed
/// a whole read over one count the core accepts (`"likes": 18446744073709551615`; found by the
/// hostile-input tests, issue 8). Larger values become the nearest double instead, exactly what
/// `JSON.parse` gives a JS caller for the same number.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[cfg(test)]
/// The serializer adapter: forwards everything, renaming struct fields and wrapping nested values.
struct Renamer<S>(S);

#[cfg(test)]
/// Wraps the inner serializer's compound states so their elements are renamed too.
struct Compound<C>(C);

#[cfg(test)]
impl<S: Serializer> Serializer for Renamer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<S::SerializeSeq>;
    type SerializeTuple = Compound<S::SerializeTuple>;
    type SerializeTupleStruct = Compound<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<S::SerializeTupleVariant>;
    type SerializeMap = Compound<S::SerializeMap>;
    type SerializeStruct = Compound<S::SerializeStruct>;
    type SerializeStructVariant = Compound<S::SerializeStructVariant>;

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER {
            return self.0.serialize_f64(v as f64);
        }
        self.0.serialize_i64(v)
    }
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        if v > MAX_SAFE_INTEGER {
            return self.0.serialize_f64(v as f64);
        }
        self.0.serialize_u64(v)
    }
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&CamelCase(value))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &CamelCase(value))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &CamelCase(value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Compound)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Compound)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Compound)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Compound)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Compound)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Compound)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Compound)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
impl<C: ser::SerializeSeq> ser::SerializeSeq for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&CamelCase(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeTuple> ser::SerializeTuple for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_element(&CamelCase(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&CamelCase(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_field(&CamelCase(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeMap> ser::SerializeMap for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    // Keys are data (counts by reason, by word): never renamed.
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), C::Error> {
        self.0.serialize_key(key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        self.0.serialize_value(&CamelCase(value))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeStruct> ser::SerializeStruct for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0
            .serialize_field(static_camel_case(key), &CamelCase(value))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(static_camel_case(key))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
impl<C: ser::SerializeStructVariant> ser::SerializeStructVariant for Compound<C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        self.0
            .serialize_field(static_camel_case(key), &CamelCase(value))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.0.skip_field(static_camel_case(key))
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use zhengwu::Record;

    #[test]
    fn integers_past_2_pow_53_become_the_nearest_double_regression() {
        let value = serde_json::to_value(CamelCase(&[u64::MAX, (1 << 53) - 1])).unwrap();
        assert_eq!(value[0].as_f64(), Some(u64::MAX as f64));
        assert_eq!(value[1].as_u64(), Some((1 << 53) - 1));
        let value = serde_json::to_value(CamelCase(&i64::MIN)).unwrap();
        assert_eq!(value.as_f64(), Some(i64::MIN as f64));
    }

    #[test]
    fn converts_snake_case_names() {
        assert_eq!(camel_case("account_id"), "accountId");
        assert_eq!(camel_case("repost_of"), "repostOf");
        assert_eq!(camel_case("text"), "text");
        assert_eq!(camel_case("a_b_c"), "aBC");
        assert_eq!(camel_case("_private"), "_private");
    }

    #[test]
    fn renames_struct_fields_at_every_depth_but_not_map_keys_or_variants() {
        let record: Record = serde_json::from_str(
            r#"{"kind":"post","id":"p1","account_id":"acct","created_at":"2020-01-13T08:07:00+08:00",
                "text":"转发微博","repost_of":{"author_name":"上级"},"media":["image"]}"#,
        )
        .unwrap();
        let value = serde_json::to_value(CamelCase(&vec![record])).unwrap();
        let record = &value[0];
        assert_eq!(record["kind"], "post");
        assert_eq!(record["accountId"], "acct");
        assert_eq!(record["createdAt"], "2020-01-13T08:07:00+08:00");
        assert_eq!(record["repostOf"]["authorName"], "上级");
        assert_eq!(record["media"][0], "image");
        assert!(record.get("account_id").is_none());

        let mut reasons = BTreeMap::new();
        reasons.insert("missing_field".to_string(), 2u64);
        let value = serde_json::to_value(CamelCase(&reasons)).unwrap();
        assert_eq!(value["missing_field"], 2);
    }
}
