//! Trivia and cute-speak markers (D3 貌似活跃): recipes, greetings, 卖萌 net-speak, inspirational
//! filler and horoscopes (`core/lexicons/trivia.tsv`). A post is trivia when its marker weight
//! reaches 2 (one strong marker such as 早安 or 么么哒, or two weaker ones), or when it is a
//! greeting-only post: a greeting and fewer than 30 characters of anything else.

use serde::{Deserialize, Serialize};

use super::officialese::aggregate;
use super::{Context, PhraseMatch, round4};

/// Marker weight at which a post counts as trivia.
pub const TRIVIA_WEIGHT: f64 = 2.0;

/// Trivia markers of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Trivia {
    /// The post reads as trivia (see the module docs for the rule).
    pub is_trivia: bool,
    /// Summed marker weight.
    pub weight: f64,
    /// The post is a greeting with little else.
    pub greeting_only: bool,
    /// Matched markers with their categories (greeting, recipe, cute, chicken_soup, horoscope).
    pub markers: Vec<PhraseMatch>,
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Trivia {
    let markers = aggregate(&ctx.hits.trivia);
    let weight: f64 = ctx.hits.trivia.iter().map(|h| h.weight).sum();
    let greeting_chars: usize = ctx
        .hits
        .trivia
        .iter()
        .filter(|h| h.category == "greeting")
        .map(|h| h.phrase.chars().count())
        .sum();
    let content_chars = ctx.counts.word_chars;
    let greeting_only = greeting_chars > 0 && content_chars.saturating_sub(greeting_chars) < 30;
    Trivia {
        is_trivia: weight >= TRIVIA_WEIGHT || greeting_only,
        weight: round4(weight),
        greeting_only,
        markers,
    }
}
