//! Read records (accounts, posts, comments, mentions) as Python dicts, built field by field
//! instead of through the generic serde `Serializer` of `to_python`: a reader hands over
//! thousands of records of the same few shapes, so what the serializer does per record (look
//! up every field name, grow an empty dict three times for 13 keys, format times with chrono's
//! `Display`) is done once per call here.
//!
//! Each dict is a copy of a template of its shape (the record's keys in the core's serde order,
//! values `None`), made once per call: copying a dict whose keys are all strings is one memory
//! copy of its key table, and setting a key it already has keeps the order and never resizes.
//! Values that repeat across records (the account id of a timeline, its clients, hashtags, the
//! post ids of comments) are made once per call and shared: `str` is immutable, so sharing is
//! invisible to the caller. The result is exactly the generic path's (`json.loads` of the core's
//! serde_json text): the Python tests compare the two over the real timelines and the vectors.
//! The destructuring below lists every field of each record, so a field added to the core's
//! model fails to compile here until it is converted too.

use std::cell::RefCell;

use chrono::{Datelike, SecondsFormat, Timelike};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use zhengwu::model::{Account, Comment, Mention, Post, Timestamp};

use crate::to_python::{FastMap, ToPy};

/// Distinct shared strings kept per call at most: beyond this, values are made anew (a column
/// that never repeats would otherwise only fill the table).
const MAX_SHARED: usize = 1 << 16;

/// Templates by shape: which of the fields serde skips when empty are present.
const POST_SHAPES: usize = 8; // media, hashtags, mentions
const ACCOUNT_SHAPES: usize = 2; // affiliated_ids

/// A template dict and the value it holds for the record's sticky field (see [`sticky`]).
type Template<'py> = (Bound<'py, PyDict>, Option<Bound<'py, PyString>>);

/// Builds the dicts of one read call (see the module documentation).
pub struct RecordDicts<'py> {
    py: Python<'py>,
    posts: [Option<Template<'py>>; POST_SHAPES],
    accounts: [Option<Bound<'py, PyDict>>; ACCOUNT_SHAPES],
    comment: Option<Template<'py>>,
    mention: Option<Template<'py>>,
    shared: FastMap<Box<str>, Bound<'py, PyString>>,
    /// The code units of the text being made (see [`RecordDicts::str`]), reused.
    wide: RefCell<Vec<WideChar>>,
}

/// The C `wchar_t` of the platform: UTF-16 code units on Windows, code points elsewhere.
#[cfg(windows)]
type WideChar = u16;
#[cfg(not(windows))]
type WideChar = u32;

/// Non-ASCII texts shorter than this (in bytes) go through CPython's UTF-8 decoder: for a few
/// characters the detour saves nothing.
const WIDE_FROM: usize = 32;

impl<'py> RecordDicts<'py> {
    pub fn new(py: Python<'py>) -> Self {
        RecordDicts {
            py,
            posts: Default::default(),
            accounts: Default::default(),
            comment: None,
            mention: None,
            shared: FastMap::default(),
            wide: RefCell::default(),
        }
    }

    /// A new Python string. For non-ASCII text not through CPython's UTF-8 decoder, which
    /// validates as it goes and branches per character (Chinese text mixes 1- and 3-byte
    /// sequences, so those branches are hard to predict): a Rust `str` is valid UTF-8 already,
    /// so it is turned into code points here ([`wide_chars`]) and handed to
    /// `PyUnicode_FromWideChar` (stable ABI), which only finds the widest one and copies. Same
    /// instruction count, 10-20% less calling-thread CPU time per read in alternating runs of the
    /// cctv timeline; the same string either way.
    fn str(&self, s: &str) -> PyResult<Bound<'py, PyString>> {
        if s.is_ascii() {
            return self.ascii(s.as_bytes());
        }
        if s.len() < WIDE_FROM {
            return Ok(PyString::new(self.py, s));
        }
        let mut wide = self.wide.borrow_mut();
        let units = wide_chars(s, &mut wide);
        let len = pyo3::ffi::Py_ssize_t::try_from(units.len())
            .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("text too long"))?;
        // SAFETY: `units` is `len` initialised `wchar_t`s of the platform's width (see
        // `WideChar`), which CPython copies; it returns a new `str` or NULL with an exception set.
        unsafe {
            let made = pyo3::ffi::PyUnicode_FromWideChar(units.as_ptr().cast(), len);
            Ok(Bound::from_owned_ptr_or_err(self.py, made)?.cast_into_unchecked())
        }
    }

    /// A string that recurs across records, made once per call.
    fn shared(&mut self, s: &str) -> PyResult<Bound<'py, PyString>> {
        if let Some(made) = self.shared.get(s) {
            return Ok(made.clone());
        }
        let made = self.str(s)?;
        if self.shared.len() < MAX_SHARED {
            self.shared.insert(s.into(), made.clone());
        }
        Ok(made)
    }

    fn shared_list(&mut self, items: &[String]) -> PyResult<Bound<'py, PyAny>> {
        let items = items
            .iter()
            .map(|s| self.shared(s))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(self.py, items)?.into_any())
    }

    /// A string of ASCII bytes (ids, times), made by `PyUnicode_DecodeLatin1` (stable ABI;
    /// ASCII is Latin-1): it only checks the widest byte and copies, where the UTF-8 decoder
    /// takes about twice the instructions for these short strings. The same `str` either way.
    fn ascii(&self, bytes: &[u8]) -> PyResult<Bound<'py, PyString>> {
        debug_assert!(bytes.is_ascii());
        let len = pyo3::ffi::Py_ssize_t::try_from(bytes.len())
            .map_err(|_| pyo3::exceptions::PyOverflowError::new_err("text too long"))?;
        // SAFETY: `bytes` is `len` readable bytes, which CPython copies; a NULL `errors` is the
        // default handler (never needed: every byte is Latin-1). It returns a new `str` or NULL
        // with an exception set.
        unsafe {
            let made =
                pyo3::ffi::PyUnicode_DecodeLatin1(bytes.as_ptr().cast(), len, std::ptr::null());
            Ok(Bound::from_owned_ptr_or_err(self.py, made)?.cast_into_unchecked())
        }
    }

    /// A time as the core's serde writes it (see [`iso8601`]).
    fn time(&self, t: &Timestamp) -> PyResult<Bound<'py, PyString>> {
        let mut buf = [0u8; TIME_BUF];
        match iso8601(t, &mut buf) {
            Some(text) => self.ascii(text),
            None => Ok(PyString::new(
                self.py,
                &t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            )),
        }
    }

    pub fn post(&mut self, post: &Post, to: &ToPy<'py>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Post {
            id,
            account_id,
            account_name,
            created_at,
            text,
            repost_of,
            is_repost,
            media,
            reposts,
            comments,
            likes,
            client,
            hashtags,
            mentions,
            truncated,
        } = post;
        let shape = usize::from(!media.is_empty())
            | usize::from(!hashtags.is_empty()) << 1
            | usize::from(!mentions.is_empty()) << 2;
        let account_id = self.shared(account_id)?;
        let (template, last) = match &mut self.posts[shape] {
            Some(template) => template,
            None => {
                let mut keys = vec![
                    intern!(py, "id"),
                    intern!(py, "account_id"),
                    intern!(py, "account_name"),
                    intern!(py, "created_at"),
                    intern!(py, "text"),
                    intern!(py, "repost_of"),
                    intern!(py, "is_repost"),
                ];
                if shape & 1 != 0 {
                    keys.push(intern!(py, "media"));
                }
                keys.extend([
                    intern!(py, "reposts"),
                    intern!(py, "comments"),
                    intern!(py, "likes"),
                    intern!(py, "client"),
                ]);
                if shape & 2 != 0 {
                    keys.push(intern!(py, "hashtags"));
                }
                if shape & 4 != 0 {
                    keys.push(intern!(py, "mentions"));
                }
                keys.push(intern!(py, "truncated"));
                let made = template(py, &keys)?;
                // Most posts are not truncated: the copy has it right already.
                put(&made, intern!(py, "truncated"), &PyBool::new(py, false))?;
                self.posts[shape].insert((made, None))
            }
        };
        let dict = template.copy()?;
        sticky(template, last, &dict, intern!(py, "account_id"), account_id)?;
        let value = self.str(id)?;
        put(&dict, intern!(py, "id"), &value)?;
        if let Some(account_name) = account_name {
            let value = self.shared(account_name)?;
            put(&dict, intern!(py, "account_name"), &value)?;
        }
        let value = self.time(created_at)?;
        put(&dict, intern!(py, "created_at"), &value)?;
        let value = self.str(text)?;
        put(&dict, intern!(py, "text"), &value)?;
        if let Some(repost_of) = repost_of {
            put(&dict, intern!(py, "repost_of"), &to.value(repost_of)?)?;
        }
        if let Some(is_repost) = *is_repost {
            let value = is_repost.into_pyobject(py)?;
            put(&dict, intern!(py, "is_repost"), &value)?;
        }
        if !media.is_empty() {
            put(&dict, intern!(py, "media"), &to.value(media)?)?;
        }
        if let Some(reposts) = *reposts {
            let value = reposts.into_pyobject(py)?;
            put(&dict, intern!(py, "reposts"), &value)?;
        }
        if let Some(comments) = *comments {
            let value = comments.into_pyobject(py)?;
            put(&dict, intern!(py, "comments"), &value)?;
        }
        if let Some(likes) = *likes {
            let value = likes.into_pyobject(py)?;
            put(&dict, intern!(py, "likes"), &value)?;
        }
        if let Some(client) = client {
            let value = self.shared(client)?;
            put(&dict, intern!(py, "client"), &value)?;
        }
        if !hashtags.is_empty() {
            put(&dict, intern!(py, "hashtags"), &self.shared_list(hashtags)?)?;
        }
        if !mentions.is_empty() {
            put(&dict, intern!(py, "mentions"), &self.shared_list(mentions)?)?;
        }
        put(
            &dict,
            intern!(py, "truncated"),
            &PyBool::new(py, *truncated).to_owned(),
        )?;
        Ok(dict)
    }

    pub fn comment(&mut self, comment: &Comment) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Comment {
            id,
            post_id,
            parent_id,
            author_id,
            author_name,
            created_at,
            text,
            likes,
        } = comment;
        let post_id = self.shared(post_id)?;
        let (template, last) = match &mut self.comment {
            Some(template) => template,
            None => {
                let made = template(
                    py,
                    &[
                        intern!(py, "id"),
                        intern!(py, "post_id"),
                        intern!(py, "parent_id"),
                        intern!(py, "author_id"),
                        intern!(py, "author_name"),
                        intern!(py, "created_at"),
                        intern!(py, "text"),
                        intern!(py, "likes"),
                    ],
                )?;
                self.comment.insert((made, None))
            }
        };
        let dict = template.copy()?;
        // Comments come post by post.
        sticky(template, last, &dict, intern!(py, "post_id"), post_id)?;
        let value = self.str(id)?;
        put(&dict, intern!(py, "id"), &value)?;
        if let Some(parent_id) = parent_id {
            let value = self.str(parent_id)?;
            put(&dict, intern!(py, "parent_id"), &value)?;
        }
        let value = self.shared(author_id)?;
        put(&dict, intern!(py, "author_id"), &value)?;
        if let Some(author_name) = author_name {
            let value = self.shared(author_name)?;
            put(&dict, intern!(py, "author_name"), &value)?;
        }
        let value = self.time(created_at)?;
        put(&dict, intern!(py, "created_at"), &value)?;
        let value = self.str(text)?;
        put(&dict, intern!(py, "text"), &value)?;
        if let Some(likes) = *likes {
            let value = likes.into_pyobject(py)?;
            put(&dict, intern!(py, "likes"), &value)?;
        }
        Ok(dict)
    }

    pub fn mention(&mut self, mention: &Mention) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Mention {
            id,
            account_id,
            author_id,
            author_name,
            created_at,
            text,
        } = mention;
        let account_id = self.shared(account_id)?;
        let (template, last) = match &mut self.mention {
            Some(template) => template,
            None => {
                let made = template(
                    py,
                    &[
                        intern!(py, "id"),
                        intern!(py, "account_id"),
                        intern!(py, "author_id"),
                        intern!(py, "author_name"),
                        intern!(py, "created_at"),
                        intern!(py, "text"),
                    ],
                )?;
                self.mention.insert((made, None))
            }
        };
        let dict = template.copy()?;
        sticky(template, last, &dict, intern!(py, "account_id"), account_id)?;
        let value = self.str(id)?;
        put(&dict, intern!(py, "id"), &value)?;
        let value = self.shared(author_id)?;
        put(&dict, intern!(py, "author_id"), &value)?;
        if let Some(author_name) = author_name {
            let value = self.shared(author_name)?;
            put(&dict, intern!(py, "author_name"), &value)?;
        }
        let value = self.time(created_at)?;
        put(&dict, intern!(py, "created_at"), &value)?;
        let value = self.str(text)?;
        put(&dict, intern!(py, "text"), &value)?;
        Ok(dict)
    }

    pub fn account(&mut self, account: &Account, to: &ToPy<'py>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Account {
            id,
            name,
            admin_level,
            system,
            parent_id,
            followers,
            following,
            lifetime_posts,
            verified_type,
            verified_reason,
            created_at,
            affiliated_ids,
        } = account;
        let shape = usize::from(!affiliated_ids.is_empty());
        let template = match &self.accounts[shape] {
            Some(template) => template,
            None => {
                let mut keys = vec![
                    intern!(py, "id"),
                    intern!(py, "name"),
                    intern!(py, "admin_level"),
                    intern!(py, "system"),
                    intern!(py, "parent_id"),
                    intern!(py, "followers"),
                    intern!(py, "following"),
                    intern!(py, "lifetime_posts"),
                    intern!(py, "verified_type"),
                    intern!(py, "verified_reason"),
                    intern!(py, "created_at"),
                ];
                if shape != 0 {
                    keys.push(intern!(py, "affiliated_ids"));
                }
                let made = template(py, &keys)?;
                self.accounts[shape].insert(made)
            }
        };
        let dict = template.copy()?;
        let value = self.str(id)?;
        put(&dict, intern!(py, "id"), &value)?;
        if let Some(name) = name {
            let value = self.str(name)?;
            put(&dict, intern!(py, "name"), &value)?;
        }
        if admin_level.is_some() {
            // The variant's serde name (snake_case), as the generic path writes it.
            put(&dict, intern!(py, "admin_level"), &to.value(admin_level)?)?;
        }
        if let Some(system) = system {
            let value = self.shared(system)?;
            put(&dict, intern!(py, "system"), &value)?;
        }
        if let Some(parent_id) = parent_id {
            let value = self.shared(parent_id)?;
            put(&dict, intern!(py, "parent_id"), &value)?;
        }
        if let Some(followers) = *followers {
            let value = followers.into_pyobject(py)?;
            put(&dict, intern!(py, "followers"), &value)?;
        }
        if let Some(following) = *following {
            let value = following.into_pyobject(py)?;
            put(&dict, intern!(py, "following"), &value)?;
        }
        if let Some(lifetime_posts) = *lifetime_posts {
            let value = lifetime_posts.into_pyobject(py)?;
            put(&dict, intern!(py, "lifetime_posts"), &value)?;
        }
        if let Some(verified_type) = *verified_type {
            let value = verified_type.into_pyobject(py)?;
            put(&dict, intern!(py, "verified_type"), &value)?;
        }
        if let Some(verified_reason) = verified_reason {
            let value = self.str(verified_reason)?;
            put(&dict, intern!(py, "verified_reason"), &value)?;
        }
        if let Some(created_at) = created_at {
            let value = self.time(created_at)?;
            put(&dict, intern!(py, "created_at"), &value)?;
        }
        if !affiliated_ids.is_empty() {
            put(
                &dict,
                intern!(py, "affiliated_ids"),
                &self.shared_list(affiliated_ids)?,
            )?;
        }
        Ok(dict)
    }
}

/// `dict[key] = value` for a key the dict has already (its template's), so the key order
/// stays the template's. Straight to `PyDict_SetItem`: pyo3's `set_item` converts and
/// counts references generically, about as costly as the dict update itself here.
fn put<'py>(
    dict: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
    value: &Bound<'py, impl Sized>,
) -> PyResult<()> {
    // SAFETY: three live objects (the GIL is held: `Bound`); `PyDict_SetItem` takes its own
    // references and returns -1 with an exception set on failure.
    let status = unsafe { pyo3::ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) };
    if status < 0 {
        return Err(PyErr::fetch(dict.py()));
    }
    Ok(())
}

/// `s` as code points, written into `buf` (grown, never shrunk: its zeroing is paid once per
/// call, not per text). `s` is valid UTF-8, so nothing is checked: each lead byte says how
/// many bytes follow; slice patterns keep it free of panics and of `unsafe`.
#[cfg(not(windows))]
fn wide_chars<'b>(s: &str, buf: &'b mut Vec<WideChar>) -> &'b [WideChar] {
    let mut rest = s.as_bytes();
    if buf.len() < rest.len() {
        buf.resize(rest.len(), 0);
    }
    let low = |b: u8| u32::from(b & 0x3F);
    let mut len = 0;
    for slot in buf.iter_mut() {
        let (code, tail) = match rest {
            [a, tail @ ..] if *a < 0x80 => (u32::from(*a), tail),
            // Three bytes first: most Chinese characters and punctuation.
            [a, b, c, tail @ ..] if (0xE0..0xF0).contains(a) => {
                ((u32::from(*a) & 0x0F) << 12 | low(*b) << 6 | low(*c), tail)
            }
            [a, b, tail @ ..] if *a < 0xE0 => ((u32::from(*a) & 0x1F) << 6 | low(*b), tail),
            [a, b, c, d, tail @ ..] => {
                let high = (u32::from(*a) & 0x07) << 18 | low(*b) << 12;
                (high | low(*c) << 6 | low(*d), tail)
            }
            _ => break,
        };
        *slot = code;
        rest = tail;
        len += 1;
    }
    &buf[..len]
}

/// `s` as UTF-16 code units, Windows' `wchar_t` (`PyUnicode_FromWideChar` joins the pairs).
#[cfg(windows)]
fn wide_chars<'b>(s: &str, buf: &'b mut Vec<WideChar>) -> &'b [WideChar] {
    buf.clear();
    buf.extend(s.encode_utf16());
    buf
}

/// A fresh dict with the keys `keys` (in that order) set to `None`.
fn template<'py>(py: Python<'py>, keys: &[&Bound<'py, PyString>]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for key in keys {
        dict.set_item(*key, py.None())?;
    }
    Ok(dict)
}

/// Sets a field whose value usually repeats from one record to the next (the account of a
/// timeline, the post of a run of comments): the template keeps the last value (`last`), so the
/// copy of it has the field right already and only a change costs a dict update (two: the copy
/// and the template).
fn sticky<'py>(
    template: &Bound<'py, PyDict>,
    last: &mut Option<Bound<'py, PyString>>,
    dict: &Bound<'py, PyDict>,
    key: &Bound<'py, PyString>,
    value: Bound<'py, PyString>,
) -> PyResult<()> {
    if last.as_ref().is_some_and(|held| held.is(&value)) {
        return Ok(());
    }
    put(dict, key, &value)?;
    put(template, key, &value)?;
    *last = Some(value);
    Ok(())
}

/// Bytes of the longest time [`iso8601`] writes: `9999-12-31T23:59:59.123456789+23:59`.
const TIME_BUF: usize = 40;

/// Writes `t` as chrono's serde does (RFC 3339, `SecondsFormat::AutoSi`, `Z` for UTC: what
/// `to_rfc3339_opts(AutoSi, true)` gives) without going through `fmt::Write` one character at a
/// time; the text is ASCII. `None` for what this fast path leaves to chrono: years outside
/// 0..=9999 (written with a sign) and leap seconds.
pub fn iso8601<'b>(t: &Timestamp, buf: &'b mut [u8; TIME_BUF]) -> Option<&'b [u8]> {
    let local = t.naive_local();
    let year = local.year();
    let nano = local.nanosecond();
    if !(0..=9999).contains(&year) || nano >= 1_000_000_000 {
        return None;
    }
    fn two(buf: &mut [u8], at: usize, v: u32) {
        buf[at] = b'0' + (v / 10 % 10) as u8;
        buf[at + 1] = b'0' + (v % 10) as u8;
    }
    let year = year as u32;
    two(buf, 0, year / 100);
    two(buf, 2, year % 100);
    buf[4] = b'-';
    two(buf, 5, local.month());
    buf[7] = b'-';
    two(buf, 8, local.day());
    buf[10] = b'T';
    two(buf, 11, local.hour());
    buf[13] = b':';
    two(buf, 14, local.minute());
    buf[16] = b':';
    two(buf, 17, local.second());
    let mut len = 19;
    if nano != 0 {
        // As many digits as the value needs of 3, 6 or 9.
        let (digits, value) = if nano % 1_000_000 == 0 {
            (3, nano / 1_000_000)
        } else if nano % 1_000 == 0 {
            (6, nano / 1_000)
        } else {
            (9, nano)
        };
        buf[len] = b'.';
        let mut rest = value;
        for i in (0..digits).rev() {
            buf[len + 1 + i] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        len += 1 + digits;
    }
    let offset = t.offset().local_minus_utc();
    if offset == 0 {
        buf[len] = b'Z';
        len += 1;
    } else {
        // Rounded to the minute, as chrono's `OffsetPrecision::Minutes` does.
        buf[len] = if offset < 0 { b'-' } else { b'+' };
        let minutes = (offset.unsigned_abs() + 30) / 60;
        two(buf, len + 1, minutes / 60);
        buf[len + 3] = b':';
        two(buf, len + 4, minutes % 60);
        len += 6;
    }
    buf.get(..len)
}
