//! The evidence columns of the batch tables as Arrow arrays (see `arrow`): each cell a list of
//! structs whose fields are the keys of the dicts `columns::Evidence` builds, in the same order
//! and with the same value types (strings, `int64` counts and offsets, `float64` weights,
//! `bool`), or a list of strings where the dicts' path has a list of strings.
//!
//! Each record is taken apart field by field, without `..`, as in `columns.rs`: a field added to
//! a core type fails to compile here until both paths carry it.

use std::any::Any;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use zhengwu::interaction::intent::IntentEvidence;
use zhengwu::interaction::sentiment::SentimentEvidence;
use zhengwu::quality::PhraseMatch;
use zhengwu::quality::livelihood::{ActionableDetail, CategoryHit};
use zhengwu::quality::post_type::TypeCue;

use crate::arrow::{Array, Bools, Floats, Ints, List, Strings, describe_struct, variant_name};

/// A label (unit enum variant) as its serde name.
fn label<T: serde::Serialize>(value: &T) -> PyResult<&'static str> {
    variant_name(value).ok_or_else(|| PyRuntimeError::new_err("a label that is not an enum name"))
}

// A struct array: its fields (each an `Array`) and the length of the first.
macro_rules! struct_array {
    ($name:ident { $first:ident: $first_ty:ty $(, $field:ident: $ty:ty)* $(,)? }) => {
        #[derive(Default)]
        pub struct $name {
            $first: $first_ty,
            $($field: $ty,)*
        }

        impl Array for $name {
            fn len(&self) -> usize {
                self.$first.len()
            }
            fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                describe_struct(
                    py,
                    self.len(),
                    &[
                        (stringify!($first), &self.$first as &dyn Array),
                        $((stringify!($field), &self.$field as &dyn Array),)*
                    ],
                )
            }
            fn as_any(&mut self) -> &mut dyn Any {
                self
            }
        }
    };
}

struct_array!(TypeCueArray {
    post_type: Strings,
    cue: Strings,
    weight: Floats,
});
struct_array!(PhraseMatchArray {
    phrase: Strings,
    category: Strings,
    count: Ints,
    weight: Floats,
});
struct_array!(CategoryArray {
    category: Strings,
    weight: Floats,
    phrases: List<PhraseMatchArray>,
});
struct_array!(DetailArray {
    kind: Strings,
    text: Strings,
});
struct_array!(IntentArray {
    intent: Strings,
    phrase: Strings,
    offset: Ints,
    weight: Floats,
});
struct_array!(SentimentArray {
    phrase: Strings,
    offset: Ints,
    weight: Floats,
    negated: Bools,
});

impl PhraseMatchArray {
    fn push(&mut self, m: &PhraseMatch) {
        let PhraseMatch {
            phrase,
            category,
            count,
            weight,
        } = m;
        self.phrase.push(phrase);
        self.category.push(category);
        self.count.push(*count);
        self.weight.push(*weight);
    }
}

/// `[{post_type, cue, weight}]` per cell.
pub fn type_cues(column: &mut List<TypeCueArray>, cues: &[TypeCue]) -> PyResult<()> {
    for c in cues {
        let TypeCue {
            post_type,
            cue,
            weight,
        } = c;
        let items = &mut column.items;
        items.post_type.push(label(post_type)?);
        items.cue.push(cue);
        items.weight.push(*weight);
    }
    column.close();
    Ok(())
}

/// `[{phrase, category, count, weight}]` per cell.
pub fn phrase_matches(column: &mut List<PhraseMatchArray>, matches: &[PhraseMatch]) {
    for m in matches {
        column.items.push(m);
    }
    column.close();
}

/// `[{category, weight, phrases: [{phrase, category, count, weight}]}]` per cell.
pub fn categories(column: &mut List<CategoryArray>, hits: &[CategoryHit]) {
    for h in hits {
        let CategoryHit {
            category,
            weight,
            phrases,
        } = h;
        let items = &mut column.items;
        items.category.push(category);
        items.weight.push(*weight);
        phrase_matches(&mut items.phrases, phrases);
    }
    column.close();
}

/// `[{kind, text}]` per cell.
pub fn details(column: &mut List<DetailArray>, details: &[ActionableDetail]) -> PyResult<()> {
    for d in details {
        let ActionableDetail { kind, text } = d;
        column.items.kind.push(label(kind)?);
        column.items.text.push(text);
    }
    column.close();
    Ok(())
}

/// `[{intent, phrase, offset, weight}]` per cell.
pub fn intent(column: &mut List<IntentArray>, evidence: &[IntentEvidence]) -> PyResult<()> {
    for e in evidence {
        let IntentEvidence {
            intent,
            phrase,
            offset,
            weight,
        } = e;
        let items = &mut column.items;
        items.intent.push(label(intent)?);
        items.phrase.push(phrase);
        items.offset.push(*offset);
        items.weight.push_f32(*weight);
    }
    column.close();
    Ok(())
}

/// `[{phrase, offset, weight, negated}]` per cell.
pub fn sentiment(column: &mut List<SentimentArray>, evidence: &[SentimentEvidence]) {
    for e in evidence {
        let SentimentEvidence {
            phrase,
            offset,
            weight,
            negated,
        } = e;
        let items = &mut column.items;
        items.phrase.push(phrase);
        items.offset.push(*offset);
        items.weight.push_f32(*weight);
        items.negated.push(*negated);
    }
    column.close();
}

/// `[text]` per cell, the texts `text` picks out of `items`.
pub fn strings<T>(column: &mut List<Strings>, items: &[T], text: impl Fn(&T) -> &str) {
    for item in items {
        column.items.push(text(item));
    }
    column.close();
}
