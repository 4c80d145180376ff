//! Batch results as columns: `{column name: list}` in the documented column order, built here
//! so Python hands one dict of lists to `pandas.DataFrame` (or zips it into rows) instead of
//! parsing JSON and flattening nested results row by row.
//!
//! The column names and values are those `zhengwu/_api.py` documents (the same as the nested
//! core result, flattened); the evidence columns come last and are left out with
//! `evidence=False`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use zhengwu::interaction::MessageClass;
use zhengwu::quality::{Form, PhraseMatch, PostQuality};

use crate::to_python::ToPy;

/// Builds the columns of `items` one at a time, each a list as long as `items`. Give it a
/// `ToPy::sharing` converter: evidence texts repeat.
pub struct Columns<'a, 'py, T> {
    to: &'a ToPy<'py>,
    items: &'a [T],
    dict: Bound<'py, PyDict>,
}

impl<'a, 'py, T> Columns<'a, 'py, T> {
    pub fn new(to: &'a ToPy<'py>, items: &'a [T]) -> Self {
        Columns {
            to,
            items,
            dict: PyDict::new(to.py()),
        }
    }

    /// Adds the column `name` with `cell(item)` for each item.
    pub fn add(
        &mut self,
        name: &'static str,
        mut cell: impl FnMut(&ToPy<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
    ) -> PyResult<()> {
        let cells: Vec<Bound<'py, PyAny>> = self
            .items
            .iter()
            .map(|item| cell(self.to, item))
            .collect::<PyResult<_>>()?;
        self.dict
            .set_item(self.to.name(name), PyList::new(self.to.py(), cells)?)
    }

    pub fn finish(self) -> Bound<'py, PyDict> {
        self.dict
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

/// The post-quality table: `post_id`, the scores and readability figures, then (with
/// `evidence`) what produced them.
pub fn post_quality<'py>(
    to: &ToPy<'py>,
    results: &[PostQuality],
    evidence: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let mut c = Columns::new(to, results);
    c.add("post_id", |to, q| Ok(to.str(&q.post_id)))?;
    c.add("post_type", |to, q| to.value(&q.post_type.kind))?;
    c.add("officialese", |to, q| Ok(to.f64(q.officialese.score)))?;
    c.add("audience", |to, q| to.value(&q.audience.orientation))?;
    c.add("audience_score", |to, q| Ok(to.f64(q.audience.score)))?;
    c.add("form", |to, q| Ok(to.name(form_label(&q.form)).into_any()))?;
    c.add("livelihood", |to, q| Ok(to.f64(q.livelihood.score)))?;
    c.add("plain_language", |to, q| Ok(to.f64(q.plain_language.score)))?;
    c.add("trivia", |to, q| Ok(to.bool(q.trivia.is_trivia)))?;
    c.add("chars", |to, q| to.int(q.readability.chars))?;
    c.add("sentences", |to, q| to.int(q.readability.sentences))?;
    c.add("words", |to, q| to.int(q.readability.words))?;
    c.add("chars_per_sentence", |to, q| {
        Ok(to.f64(q.readability.chars_per_sentence))
    })?;
    c.add("words_per_sentence", |to, q| {
        Ok(to.f64(q.readability.words_per_sentence))
    })?;
    c.add("chars_per_word", |to, q| {
        Ok(to.f64(q.readability.chars_per_word))
    })?;
    c.add("rare_char_share", |to, q| {
        Ok(to.f64(q.readability.rare_char_share))
    })?;
    c.add("rare_word_share", |to, q| {
        Ok(to.f64(q.readability.rare_word_share))
    })?;
    c.add("fog_index", |to, q| Ok(to.f64(q.readability.fog_index)))?;
    c.add("over_length_norm", |to, q| {
        Ok(to.bool(q.readability.over_length_norm))
    })?;
    if evidence {
        c.add("post_type_cues", |to, q| to.value(&q.post_type.cues))?;
        c.add("officialese_phrases", |to, q| {
            phrases(to, &q.officialese.matches)
        })?;
        c.add("slogans", |to, q| strings(to, &q.officialese.slogans))?;
        c.add("plain_phrases", |to, q| {
            phrases(to, &q.plain_language.matches)
        })?;
        c.add("reader_cues", |to, q| phrases(to, &q.audience.reader_cues))?;
        c.add("self_cues", |to, q| phrases(to, &q.audience.self_cues))?;
        c.add("livelihood_categories", |to, q| {
            to.value(&q.livelihood.categories)
        })?;
        c.add("livelihood_details", |to, q| {
            to.value(&q.livelihood.details)
        })?;
        c.add("trivia_markers", |to, q| phrases(to, &q.trivia.markers))?;
        c.add("keywords", |to, q| {
            to.list(&q.keywords.tfidf, |k| Ok(to.text(&k.word)))
        })?;
    }
    Ok(c.finish())
}

/// The message table without its `text` column (Python puts the caller's texts first):
/// `intent`, `sentiment`, `sentiment_score`, `needs_reply`, then (with `evidence`)
/// `intent_evidence` and `sentiment_evidence`.
pub fn messages<'py>(
    to: &ToPy<'py>,
    results: &[MessageClass],
    evidence: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let mut c = Columns::new(to, results);
    c.add("intent", |to, m| to.value(&m.intent))?;
    c.add("sentiment", |to, m| to.value(&m.sentiment_label))?;
    c.add("sentiment_score", |to, m| Ok(to.f32(m.sentiment_score)))?;
    c.add("needs_reply", |to, m| Ok(to.bool(m.needs_reply)))?;
    if evidence {
        c.add("intent_evidence", |to, m| to.value(&m.intent_evidence))?;
        c.add("sentiment_evidence", |to, m| {
            to.value(&m.sentiment_evidence)
        })?;
    }
    Ok(c.finish())
}
