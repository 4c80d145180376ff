//! Audience orientation (P2 换位思考): does the post address the reader (您/你/市民/消费者朋友,
//! imperatives, how-to) or talk about the agency itself (我局/本局, its officials, its meetings)?
//!
//! With R and S the summed weights of reader and self cues (`core/lexicons/audience.tsv`),
//! `score = (R - S) / (R + S + 1)` in (-1, 1): positive = citizen-facing, negative = self-centred;
//! the `+ 1` keeps one weak cue from deciding. `orientation` is `citizen` when
//! `score ≥ threshold`, `self` when `score ≤ -threshold`, else `neutral`.

use serde::{Deserialize, Serialize};

use super::officialese::aggregate;
use super::{Context, PhraseMatch, round4};

/// Settings of the audience orientation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AudienceConfig {
    /// |score| needed for a citizen or self orientation. Default 0.2.
    pub threshold: f64,
}

impl Default for AudienceConfig {
    fn default() -> Self {
        AudienceConfig { threshold: 0.2 }
    }
}

/// Whom a post addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Addresses the reader.
    Citizen,
    /// Talks about the agency itself.
    #[serde(rename = "self")]
    SelfCentred,
    /// Neither dominates.
    #[default]
    Neutral,
}

/// Audience orientation of a post, with its cues.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Audience {
    pub orientation: Orientation,
    /// In (-1, 1): positive = citizen-facing.
    pub score: f64,
    /// Reader-address cues.
    pub reader_cues: Vec<PhraseMatch>,
    /// Self-reference cues.
    pub self_cues: Vec<PhraseMatch>,
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Audience {
    let reader = || ctx.hits.audience.iter().filter(|h| h.category == "reader");
    let own = || ctx.hits.audience.iter().filter(|h| h.category != "reader");
    let r: f64 = reader().map(|h| h.weight).sum();
    let s: f64 = own().map(|h| h.weight).sum();
    let score = (r - s) / (r + s + 1.0);
    let t = ctx.config.audience.threshold;
    let orientation = if score >= t {
        Orientation::Citizen
    } else if score <= -t {
        Orientation::SelfCentred
    } else {
        Orientation::Neutral
    };
    Audience {
        orientation,
        score: round4(score),
        reader_cues: aggregate(reader()),
        self_cues: aggregate(own()),
    }
}
