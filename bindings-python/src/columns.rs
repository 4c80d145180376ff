//! Batch results as columns: `{column name: list or array}` in the documented column order,
//! built here so Python hands one dict to `pandas.DataFrame` (or zips it into rows) instead of
//! parsing JSON and flattening nested results row by row. For a DataFrame, numeric and boolean
//! columns come as NumPy arrays; for rows, as lists of Python values.
//!
//! The column names and values are those `zhengwu/_api.py` documents (the same as the nested
//! core result, flattened); the evidence columns come last and are left out with
//! `evidence=False`.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList, PyModule, PyString};

use zhengwu::interaction::MessageClass;
use zhengwu::interaction::intent::IntentEvidence;
use zhengwu::interaction::sentiment::SentimentEvidence;
use zhengwu::quality::livelihood::{ActionableDetail, CategoryHit};
use zhengwu::quality::post_type::TypeCue;
use zhengwu::quality::{Form, PhraseMatch, PostQuality};

use crate::arrow::{self, Array, List, Strings};
use crate::arrow_evidence as arrow_ev;
use crate::to_python::{FastMap, ToPy, shortest_f64};

/// The cells of one column, gathered over the chunks of a batch. Numbers and booleans are kept
/// as Rust values until the table is finished: they become one NumPy array each when the
/// caller builds a DataFrame (no Python object per cell, no dtype inference by pandas), else a
/// list of Python numbers as before.
enum Cells<'py> {
    Objects(Vec<Bound<'py, PyAny>>),
    /// Non-finite values are `None` in a list (as JSON has them), NaN in an array (what pandas
    /// makes of `None` in a float column).
    Floats(Vec<f64>),
    Ints(Vec<i64>),
    Bools(Vec<bool>),
    /// An Arrow array (see `arrow`): text and evidence columns when the table becomes a
    /// DataFrame and pyarrow is there.
    Arrow(Box<dyn Array>),
}

/// Which columns a [`Table`] builds as Arrow arrays instead of Python objects.
#[derive(Clone, Copy, Default)]
pub struct ArrowColumns {
    /// Label and id columns (`large_string`).
    pub strings: bool,
    /// Evidence columns (`list<struct<...>>`, `list<large_string>`).
    pub evidence: bool,
}

/// A batch table being built, chunk by chunk: the same columns in the same order for every
/// chunk (the first chunk fixes them).
pub struct Table<'py> {
    columns: Vec<(&'static str, Cells<'py>)>,
    /// The column the next `add_*` call fills (reset by `chunk`).
    at: usize,
    arrow: ArrowColumns,
}

impl<'py> Table<'py> {
    /// A table whose `arrow` columns are Arrow arrays, the others Python objects (or NumPy
    /// arrays: see [`Table::finish`]).
    pub fn new(arrow: ArrowColumns) -> Self {
        Table {
            columns: Vec::new(),
            at: 0,
            arrow,
        }
    }

    /// The cells of the next column of this chunk, made by `empty` for the first chunk.
    fn next(&mut self, name: &'static str, empty: impl FnOnce() -> Cells<'py>) -> &mut Cells<'py> {
        if self.at == self.columns.len() {
            self.columns.push((name, empty()));
        }
        self.at += 1;
        &mut self.columns[self.at - 1].1
    }

    /// Starts the columns of the next chunk.
    fn chunk(&mut self) {
        self.at = 0;
    }

    /// Builds the table: `{column name: list}`, or with `numpy`, numbers and booleans as arrays
    /// (a column whose numbers are all non-finite stays a list of `None`, as pandas would keep
    /// it an object column); Arrow columns as the tuples `zhengwu/_arrow.py` assembles.
    pub fn finish(
        self,
        to: &ToPy<'py>,
        numpy: Option<&Bound<'py, PyModule>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let py = to.py();
        let dict = PyDict::new(py);
        for (name, cells) in self.columns {
            let array = |bytes: &[u8], dtype: &str| -> PyResult<Option<Bound<'py, PyAny>>> {
                let Some(numpy) = numpy else { return Ok(None) };
                let buffer = PyByteArray::new(py, bytes);
                let dtype = numpy.getattr(dtype)?;
                Ok(Some(numpy.call_method1(
                    pyo3::intern!(py, "frombuffer"),
                    (buffer, dtype),
                )?))
            };
            let column = match cells {
                Cells::Objects(items) => PyList::new(py, items)?.into_any(),
                Cells::Arrow(array) => array.describe(py)?.into_any(),
                Cells::Floats(values) => {
                    let any_finite = values.iter().any(|v| v.is_finite());
                    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
                    match any_finite
                        .then(|| array(&bytes, "float64"))
                        .transpose()?
                        .flatten()
                    {
                        Some(array) => array,
                        None => to.list(&values, |v| Ok(to.f64(*v)))?,
                    }
                }
                Cells::Ints(values) => {
                    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
                    match array(&bytes, "int64")? {
                        Some(array) => array,
                        None => to.list(&values, |v| to.int(*v))?,
                    }
                }
                Cells::Bools(values) => {
                    let bytes: Vec<u8> = values.iter().map(|&v| u8::from(v)).collect();
                    match array(&bytes, "bool_")? {
                        Some(array) => array,
                        None => to.list(&values, |v| Ok(to.bool(*v)))?,
                    }
                }
            };
            dict.set_item(to.name(name), column)?;
        }
        Ok(dict)
    }
}

/// Adds one chunk's cells to a [`Table`]: each `add_*` call is the next column.
pub struct Chunk<'t, 'a, 'py, T> {
    table: &'t mut Table<'py>,
    to: &'a ToPy<'py>,
    items: &'a [T],
}

impl<'t, 'a, 'py, T> Chunk<'t, 'a, 'py, T> {
    pub fn new(table: &'t mut Table<'py>, to: &'a ToPy<'py>, items: &'a [T]) -> Self {
        table.chunk();
        Chunk { table, to, items }
    }

    /// The next columns of this chunk, made from `items` (as many as this chunk's).
    pub fn then<'b, U>(self, items: &'b [U]) -> Chunk<'t, 'b, 'py, U>
    where
        'a: 'b,
    {
        Chunk {
            table: self.table,
            to: self.to,
            items,
        }
    }

    /// The cells of the next column, as Python objects.
    fn objects(&mut self, name: &'static str) -> PyResult<&mut Vec<Bound<'py, PyAny>>> {
        let Cells::Objects(cells) = self.table.next(name, || Cells::Objects(Vec::new())) else {
            return Err(column_kind(name));
        };
        cells.reserve(self.items.len());
        Ok(cells)
    }

    /// A column of Python objects, `cell(item)` for each item.
    pub fn add(
        &mut self,
        name: &'static str,
        mut cell: impl FnMut(&ToPy<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        let (to, items) = (self.to, self.items);
        let cells = self.objects(name)?;
        for item in items {
            cells.push(cell(to, item)?);
        }
        Ok(())
    }

    /// The cells of the next column as the Arrow array `A`.
    fn arrow<A: Array + Default>(&mut self, name: &'static str) -> PyResult<&mut A> {
        let Cells::Arrow(array) = self.table.next(name, || Cells::Arrow(Box::<A>::default()))
        else {
            return Err(column_kind(name));
        };
        array
            .as_any()
            .downcast_mut::<A>()
            .ok_or_else(|| column_kind(name))
    }

    /// A column of texts (`large_string` when the table's strings are Arrow).
    pub fn add_str(&mut self, name: &'static str, text: impl Fn(&T) -> &str) -> PyResult<()> {
        if !self.table.arrow.strings {
            return self.add(name, |to, item| Ok(to.str(text(item))));
        }
        let items = self.items;
        let column = self.arrow::<Strings>(name)?;
        for item in items {
            column.push(text(item));
        }
        Ok(())
    }

    /// A column of labels: each cell an enum variant, as its serde name (a string shared by
    /// every cell that has it, or `large_string` when the table's strings are Arrow).
    pub fn add_label<L: serde::Serialize>(
        &mut self,
        name: &'static str,
        label: impl Fn(&T) -> &L,
    ) -> PyResult<()> {
        let (to, items) = (self.to, self.items);
        if !self.table.arrow.strings {
            let cells = self.objects(name)?;
            for item in items {
                cells.push(to.value(label(item))?);
            }
            return Ok(());
        }
        let column = self.arrow::<Strings>(name)?;
        for item in items {
            let text = arrow::variant_name(label(item)).ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err(format!(
                    "column {name}: a label that is not an enum name"
                ))
            })?;
            column.push(text);
        }
        Ok(())
    }

    /// A column of names known at compile time (a string shared by every cell that has it, or
    /// `large_string` when the table's strings are Arrow).
    pub fn add_name(
        &mut self,
        name: &'static str,
        text: impl Fn(&T) -> &'static str,
    ) -> PyResult<()> {
        let (to, items) = (self.to, self.items);
        if !self.table.arrow.strings {
            let cells = self.objects(name)?;
            for item in items {
                cells.push(to.name(text(item)).into_any());
            }
            return Ok(());
        }
        let column = self.arrow::<Strings>(name)?;
        for item in items {
            column.push(text(item));
        }
        Ok(())
    }

    /// An evidence column: `object(item)` for each item (a list of dicts or strings), or with
    /// the table's lists as Arrow, `arrow(column, item)` adding each item's cell to the array.
    pub fn add_evidence<A: Array + Default>(
        &mut self,
        name: &'static str,
        object: impl FnMut(&ToPy<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
        mut arrow: impl FnMut(&mut A, &T) -> PyResult<()>,
    ) -> PyResult<()> {
        if !self.table.arrow.evidence {
            return self.add(name, object);
        }
        let items = self.items;
        let column = self.arrow::<A>(name)?;
        for item in items {
            arrow(column, item)?;
        }
        Ok(())
    }

    /// A column of floats.
    pub fn add_f64(&mut self, name: &'static str, cell: impl FnMut(&T) -> f64) -> PyResult<()> {
        let Cells::Floats(cells) = self.table.next(name, || Cells::Floats(Vec::new())) else {
            return Err(column_kind(name));
        };
        cells.extend(self.items.iter().map(cell));
        Ok(())
    }

    /// A column of `f32` values, each as the `f64` of its shortest decimal (see
    /// [`shortest_f64`]); non-finite ones as NaN.
    pub fn add_f32(&mut self, name: &'static str, cell: impl Fn(&T) -> f32) -> PyResult<()> {
        // Scores repeat (about one distinct value in six on a real timeline): each distinct
        // one is formatted once.
        let mut seen: FastMap<u32, f64> = FastMap::default();
        self.add_f64(name, |item| {
            let v = cell(item);
            if !v.is_finite() {
                return f64::NAN;
            }
            *seen.entry(v.to_bits()).or_insert_with(|| shortest_f64(v))
        })
    }

    /// A column of counts.
    pub fn add_count(&mut self, name: &'static str, cell: impl Fn(&T) -> usize) -> PyResult<()> {
        let Cells::Ints(cells) = self.table.next(name, || Cells::Ints(Vec::new())) else {
            return Err(column_kind(name));
        };
        // A count of characters or words of one post: far below i64::MAX.
        cells.extend(
            self.items
                .iter()
                .map(|item| i64::try_from(cell(item)).unwrap_or(i64::MAX)),
        );
        Ok(())
    }

    /// A column of booleans.
    pub fn add_bool(&mut self, name: &'static str, cell: impl Fn(&T) -> bool) -> PyResult<()> {
        let Cells::Bools(cells) = self.table.next(name, || Cells::Bools(Vec::new())) else {
            return Err(column_kind(name));
        };
        cells.extend(self.items.iter().map(cell));
        Ok(())
    }
}

/// A column filled with another kind of cell than the first chunk gave it: a bug in this file.
fn column_kind(name: &str) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!(
        "column {name}: cells of another kind than in the first chunk"
    ))
}

/// A dict of `entries`, in order.
fn dict<'py, const N: usize>(
    to: &ToPy<'py>,
    entries: [(&Bound<'py, PyString>, Bound<'py, PyAny>); N],
) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(to.py());
    for (key, value) in entries {
        d.set_item(key, value)?;
    }
    Ok(d.into_any())
}

/// The evidence records of the tables, built directly rather than through the serde converter:
/// tens of thousands of small dicts per batch, whose keys are made once per chunk here instead
/// of looked up per field. Keys, key order and values are those of the core's serde output
/// (pytest compares them with `detail=True`, the serde path).
struct Evidence<'a, 'py> {
    to: &'a ToPy<'py>,
    category: Bound<'py, PyString>,
    count: Bound<'py, PyString>,
    cue: Bound<'py, PyString>,
    intent: Bound<'py, PyString>,
    kind: Bound<'py, PyString>,
    negated: Bound<'py, PyString>,
    offset: Bound<'py, PyString>,
    phrase: Bound<'py, PyString>,
    phrases: Bound<'py, PyString>,
    post_type: Bound<'py, PyString>,
    text: Bound<'py, PyString>,
    weight: Bound<'py, PyString>,
}

impl<'a, 'py> Evidence<'a, 'py> {
    fn new(to: &'a ToPy<'py>) -> Self {
        Evidence {
            to,
            category: to.name("category"),
            count: to.name("count"),
            cue: to.name("cue"),
            intent: to.name("intent"),
            kind: to.name("kind"),
            negated: to.name("negated"),
            offset: to.name("offset"),
            phrase: to.name("phrase"),
            phrases: to.name("phrases"),
            post_type: to.name("post_type"),
            text: to.name("text"),
            weight: to.name("weight"),
        }
    }

    // Each record is taken apart field by field, without `..`: a field added to the core type
    // fails to compile here until it is added to the dict too.

    /// `[{post_type, cue, weight}]`
    fn type_cues(&self, cues: &[TypeCue]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(cues, |c| {
            let TypeCue {
                post_type,
                cue,
                weight,
            } = c;
            dict(
                to,
                [
                    (&self.post_type, to.value(post_type)?),
                    (&self.cue, to.text(cue)),
                    (&self.weight, to.f64(*weight)),
                ],
            )
        })
    }

    /// `[{phrase, category, count, weight}]`
    fn phrase_matches(&self, matches: &[PhraseMatch]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(matches, |m| {
            let PhraseMatch {
                phrase,
                category,
                count,
                weight,
            } = m;
            dict(
                to,
                [
                    (&self.phrase, to.text(phrase)),
                    (&self.category, to.text(category)),
                    (&self.count, to.int(*count)?),
                    (&self.weight, to.f64(*weight)),
                ],
            )
        })
    }

    /// `[{category, weight, phrases}]`
    fn categories(&self, hits: &[CategoryHit]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(hits, |h| {
            let CategoryHit {
                category,
                weight,
                phrases,
            } = h;
            dict(
                to,
                [
                    (&self.category, to.text(category)),
                    (&self.weight, to.f64(*weight)),
                    (&self.phrases, self.phrase_matches(phrases)?),
                ],
            )
        })
    }

    /// `[{kind, text}]`
    fn details(&self, details: &[ActionableDetail]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(details, |d| {
            let ActionableDetail { kind, text } = d;
            dict(
                to,
                [(&self.kind, to.value(kind)?), (&self.text, to.text(text))],
            )
        })
    }

    /// `[{intent, phrase, offset, weight}]`
    fn intent(&self, evidence: &[IntentEvidence]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(evidence, |e| {
            let IntentEvidence {
                intent,
                phrase,
                offset,
                weight,
            } = e;
            dict(
                to,
                [
                    (&self.intent, to.value(intent)?),
                    (&self.phrase, to.text(phrase)),
                    (&self.offset, to.int(*offset)?),
                    (&self.weight, to.f32(*weight)),
                ],
            )
        })
    }

    /// `[{phrase, offset, weight, negated}]`
    fn sentiment(&self, evidence: &[SentimentEvidence]) -> PyResult<Bound<'py, PyAny>> {
        let to = self.to;
        to.list(evidence, |e| {
            let SentimentEvidence {
                phrase,
                offset,
                weight,
                negated,
            } = e;
            dict(
                to,
                [
                    (&self.phrase, to.text(phrase)),
                    (&self.offset, to.int(*offset)?),
                    (&self.weight, to.f32(*weight)),
                    (&self.negated, to.bool(*negated)),
                ],
            )
        })
    }
}

fn phrases<'py>(to: &ToPy<'py>, matches: &[PhraseMatch]) -> PyResult<Bound<'py, PyAny>> {
    to.list(matches, |m| Ok(to.text(&m.phrase)))
}

fn strings<'py>(to: &ToPy<'py>, items: &[String]) -> PyResult<Bound<'py, PyAny>> {
    to.list(items, |s| Ok(to.text(s)))
}

/// The post's form in one word: `verse`, `story`, `qa`, `list` joined by `+`, else `prose`.
fn form_label(form: &Form) -> &'static str {
    match (form.verse.is_some(), form.story, form.qa, form.list) {
        (false, false, false, false) => "prose",
        (true, false, false, false) => "verse",
        (false, true, false, false) => "story",
        (false, false, true, false) => "qa",
        (false, false, false, true) => "list",
        (true, true, false, false) => "verse+story",
        (true, false, true, false) => "verse+qa",
        (true, false, false, true) => "verse+list",
        (false, true, true, false) => "story+qa",
        (false, true, false, true) => "story+list",
        (false, false, true, true) => "qa+list",
        (true, true, true, false) => "verse+story+qa",
        (true, true, false, true) => "verse+story+list",
        (true, false, true, true) => "verse+qa+list",
        (false, true, true, true) => "story+qa+list",
        (true, true, true, true) => "verse+story+qa+list",
    }
}

/// Adds the post-quality columns of `results` to `table`: `post_id`, the scores and readability
/// figures, then (with `evidence`) what produced them.
pub fn post_quality<'py>(
    table: &mut Table<'py>,
    to: &ToPy<'py>,
    results: &[PostQuality],
    evidence: bool,
) -> PyResult<()> {
    let mut c = Chunk::new(table, to, results);
    c.add_str("post_id", |q| &q.post_id)?;
    c.add_label("post_type", |q| &q.post_type.kind)?;
    c.add_f64("officialese", |q| q.officialese.score)?;
    c.add_label("audience", |q| &q.audience.orientation)?;
    c.add_f64("audience_score", |q| q.audience.score)?;
    c.add_name("form", |q| form_label(&q.form))?;
    c.add_f64("livelihood", |q| q.livelihood.score)?;
    c.add_f64("plain_language", |q| q.plain_language.score)?;
    c.add_bool("trivia", |q| q.trivia.is_trivia)?;
    c.add_count("chars", |q| q.readability.chars)?;
    c.add_count("sentences", |q| q.readability.sentences)?;
    c.add_count("words", |q| q.readability.words)?;
    c.add_f64("chars_per_sentence", |q| q.readability.chars_per_sentence)?;
    c.add_f64("words_per_sentence", |q| q.readability.words_per_sentence)?;
    c.add_f64("chars_per_word", |q| q.readability.chars_per_word)?;
    c.add_f64("rare_char_share", |q| q.readability.rare_char_share)?;
    c.add_f64("rare_word_share", |q| q.readability.rare_word_share)?;
    c.add_f64("fog_index", |q| q.readability.fog_index)?;
    c.add_bool("over_length_norm", |q| q.readability.over_length_norm)?;
    if evidence {
        let e = Evidence::new(to);
        // A list of phrases, out of the matches `of` picks from a result.
        let phrase_list = |of: fn(&PostQuality) -> &[PhraseMatch]| {
            move |column: &mut List<Strings>, q: &PostQuality| {
                arrow_ev::strings(column, of(q), |m| &m.phrase);
                Ok(())
            }
        };
        c.add_evidence(
            "post_type_cues",
            |_, q| e.type_cues(&q.post_type.cues),
            |column, q| arrow_ev::type_cues(column, &q.post_type.cues),
        )?;
        c.add_evidence(
            "officialese_phrases",
            |to, q| phrases(to, &q.officialese.matches),
            phrase_list(|q| &q.officialese.matches),
        )?;
        c.add_evidence(
            "slogans",
            |to, q| strings(to, &q.officialese.slogans),
            |column: &mut List<Strings>, q| {
                arrow_ev::strings(column, &q.officialese.slogans, String::as_str);
                Ok(())
            },
        )?;
        c.add_evidence(
            "plain_phrases",
            |to, q| phrases(to, &q.plain_language.matches),
            phrase_list(|q| &q.plain_language.matches),
        )?;
        c.add_evidence(
            "reader_cues",
            |to, q| phrases(to, &q.audience.reader_cues),
            phrase_list(|q| &q.audience.reader_cues),
        )?;
        c.add_evidence(
            "self_cues",
            |to, q| phrases(to, &q.audience.self_cues),
            phrase_list(|q| &q.audience.self_cues),
        )?;
        c.add_evidence(
            "livelihood_categories",
            |_, q| e.categories(&q.livelihood.categories),
            |column, q| {
                arrow_ev::categories(column, &q.livelihood.categories);
                Ok(())
            },
        )?;
        c.add_evidence(
            "livelihood_details",
            |_, q| e.details(&q.livelihood.details),
            |column, q| arrow_ev::details(column, &q.livelihood.details),
        )?;
        c.add_evidence(
            "trivia_markers",
            |to, q| phrases(to, &q.trivia.markers),
            phrase_list(|q| &q.trivia.markers),
        )?;
        c.add_evidence(
            "keywords",
            |to, q| to.list(&q.keywords.tfidf, |k| Ok(to.text(&k.word))),
            |column: &mut List<Strings>, q| {
                arrow_ev::strings(column, &q.keywords.tfidf, |k| &k.word);
                Ok(())
            },
        )?;
    }
    Ok(())
}

/// Adds the message columns of `results` (of `texts`) to `table`: `text` only when the table's
/// strings are Arrow (else Python puts the caller's list of texts first, as it is), `intent`,
/// `sentiment`, `sentiment_score`, `needs_reply`, then (with `evidence`) `intent_evidence` and
/// `sentiment_evidence`.
pub fn messages<'py>(
    table: &mut Table<'py>,
    to: &ToPy<'py>,
    texts: &[String],
    results: &[MessageClass],
    evidence: bool,
) -> PyResult<()> {
    let arrow_strings = table.arrow.strings;
    let mut c = Chunk::new(table, to, texts);
    if arrow_strings {
        // pandas would copy the caller's texts into an Arrow string column: written here
        // instead, from the UTF-8 already read for the analysis.
        c.add_str("text", String::as_str)?;
    }
    let mut c = c.then(results);
    c.add_label("intent", |m| &m.intent)?;
    c.add_label("sentiment", |m| &m.sentiment_label)?;
    c.add_f32("sentiment_score", |m| m.sentiment_score)?;
    c.add_bool("needs_reply", |m| m.needs_reply)?;
    if evidence {
        let e = Evidence::new(to);
        c.add_evidence(
            "intent_evidence",
            |_, m| e.intent(&m.intent_evidence),
            |column, m| arrow_ev::intent(column, &m.intent_evidence),
        )?;
        c.add_evidence(
            "sentiment_evidence",
            |_, m| e.sentiment(&m.sentiment_evidence),
            |column, m| {
                arrow_ev::sentiment(column, &m.sentiment_evidence);
                Ok(())
            },
        )?;
    }
    Ok(())
}
