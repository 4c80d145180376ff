//! The text layer: Weibo-aware normalisation, sentence splitting and the shared tokenizer.
//!
//! Every analysis reads text through these three: [`normalize`] takes the platform markup out
//! (and keeps it as evidence), [`split_sentences`] cuts prose without losing a character, and
//! [`tokenizer`] segments words with one lazily built, shared jieba-rs instance.

pub mod frequency;
pub mod normalize;
pub(crate) mod segment;
pub mod sentences;
pub mod tokenizer;

pub use normalize::{NormalizeOptions, Normalized, RepostHop, normalize, normalize_with};
pub use sentences::{content_sentences, sentence_spans, split_sentences};
pub use tokenizer::{Tokenizer, install, tokenizer};
