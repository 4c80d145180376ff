//! Component scores (0–100) and one overall score with documented, configurable weights.
//!
//! | component | 中文 | from | formula (defaults) |
//! |---|---|---|---|
//! | activity | 活跃度 | [`Activity`] | `100 · frequency · recency`; frequency = `ln(1+originals/week) / ln(1+7)` capped at 1; recency falls linearly from 1 (last original ≤ 1 day ago) to 0 (≥ 14 days, the 国办发〔2018〕123号 bar) |
//! | content quality | 内容质量 | [`ContentSignals`] | `100 · Σ_non-trivia (0.5·livelihood + 0.3·plainness + 0.2·unique) / analysed posts`; trivia posts add 0 |
//! | originality | 原创度 | [`Activity`] | `100 · originals / (originals + reposts)` over posts with a known repost flag |
//! | responsiveness | 回应度 | [`ResponseSignals`] | `100 · Σ credit(first-response latency) / messages needing a reply`; unanswered = 0; credit 1.0 (≤15 min), 0.9 (≤1 h), 0.7 (≤24 h), 0.5 (≤72 h), 0.3 (later) |
//! | engagement | 互动量 | [`EngagementTotals`] + followers | `e` = interactions per post per 1,000 followers; `100 · ln(1+e) / ln(1+10)` capped at 1 |
//! | reach | 影响力 | followers | `100 · log10(1+followers) / log10(1+10^7)` capped at 1 |
//!
//! The overall score is the weighted mean of the components that could be computed, with
//! weights re-normalised over them; `weight_coverage` says how much of the weight was present.
//! Every function here is a pure function of its inputs (deterministic), maps NaN and out of
//! range inputs into range (bounded), and is monotone where it should be: a message moving from
//! unanswered to answered, or to a faster bucket, never lowers responsiveness; one more trivia
//! post never raises content quality.

use super::activity::Activity;
use super::signals::{ContentSignals, EngagementTotals, ResponseSignals};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Weights of the components in the overall score (any non-negative numbers; re-normalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreWeights {
    /// Activity, default 0.25: 久不更新 is half of the document's "zombie" (D1).
    pub activity: f64,
    /// Content quality, default 0.20: 貌似活跃 and website cut-outs (D3, D6, P1–P3).
    pub content: f64,
    /// Originality, default 0.10: 过度转发 (D7).
    pub originality: f64,
    /// Responsiveness, default 0.25: 装聋作哑 is the other half of "zombie" (D2, D8, D9, P8).
    pub responsiveness: f64,
    /// Engagement, default 0.10 (D5).
    pub engagement: f64,
    /// Reach, default 0.10: 粉丝数量的多寡如实反映了微博的影响力 (D5).
    pub reach: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            activity: 0.25,
            content: 0.20,
            originality: 0.10,
            responsiveness: 0.25,
            engagement: 0.10,
            reach: 0.10,
        }
    }
}

/// Score settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreConfig {
    pub weights: ScoreWeights,
    /// Original posts per week that earn full frequency credit. Default 7 (one a day:
    /// 「确保日常信息发布频次」, P9).
    pub target_originals_per_week: f64,
    /// Days since the last original post still counted as fully fresh. Default 1.
    pub fresh_days: f64,
    /// Days since the last original post at which recency reaches 0. Default 14 (the
    /// inspection bar of 国办发〔2018〕123号: no update for two weeks fails).
    pub stale_days: f64,
    /// Content-quality weights of livelihood relevance, plain language and non-duplication
    /// (per non-trivia post). Defaults 0.5 / 0.3 / 0.2 (P1 first, then P3, then D6).
    pub content_livelihood_weight: f64,
    pub content_plainness_weight: f64,
    pub content_unique_weight: f64,
    /// Credit of a message by first-response latency bucket (≤15 min, ≤1 h, ≤24 h, ≤72 h,
    /// later). Must be positive and non-increasing. Defaults 1.0, 0.9, 0.7, 0.5, 0.3: the
    /// Facebook badge's 15 minutes earns full credit, a reply days later still beats silence.
    pub latency_credit: [f64; 5],
    /// Interactions per post per 1,000 followers that earn full engagement credit. Default 10
    /// (1% of followers interacting with each post).
    pub target_engagement_per_mille: f64,
    /// Followers that earn full reach credit. Default 10,000,000.
    pub target_followers: f64,
    /// Below this share of the total weight present, the overall score is marked
    /// `provisional`. Default 0.5.
    pub min_weight_coverage: f64,
}

impl Default for ScoreConfig {
    fn default() -> Self {
        ScoreConfig {
            weights: ScoreWeights::default(),
            target_originals_per_week: 7.0,
            fresh_days: 1.0,
            stale_days: 14.0,
            content_livelihood_weight: 0.5,
            content_plainness_weight: 0.3,
            content_unique_weight: 0.2,
            latency_credit: [1.0, 0.9, 0.7, 0.5, 0.3],
            target_engagement_per_mille: 10.0,
            target_followers: 1e7,
            min_weight_coverage: 0.5,
        }
    }
}

impl ScoreConfig {
    /// Checks the settings: finite, non-negative weights with a positive sum; positive,
    /// non-increasing latency credits (else monotonicity breaks); positive targets.
    pub fn validate(&self) -> Result<()> {
        let w = &self.weights;
        let ws = [
            w.activity,
            w.content,
            w.originality,
            w.responsiveness,
            w.engagement,
            w.reach,
        ];
        if ws.iter().any(|x| !x.is_finite() || *x < 0.0) || ws.iter().sum::<f64>() <= 0.0 {
            return Err(Error::config(
                "score weights must be finite, non-negative, with a positive sum",
            ));
        }
        let c = &self.latency_credit;
        if c.iter().any(|x| !x.is_finite() || *x <= 0.0 || *x > 1.0)
            || c.windows(2).any(|p| p[1] > p[0])
        {
            return Err(Error::config(
                "latency_credit must be in (0, 1] and non-increasing from fastest to slowest",
            ));
        }
        let cw = [
            self.content_livelihood_weight,
            self.content_plainness_weight,
            self.content_unique_weight,
        ];
        if cw.iter().any(|x| !x.is_finite() || *x < 0.0) || cw.iter().sum::<f64>() <= 0.0 {
            return Err(Error::config(
                "content weights must be non-negative with a positive sum",
            ));
        }
        for (name, v) in [
            ("target_originals_per_week", self.target_originals_per_week),
            (
                "target_engagement_per_mille",
                self.target_engagement_per_mille,
            ),
            ("target_followers", self.target_followers),
            ("stale_days", self.stale_days),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(Error::config(format!("{name} must be positive")));
            }
        }
        if !self.fresh_days.is_finite()
            || self.fresh_days < 0.0
            || self.fresh_days >= self.stale_days
        {
            return Err(Error::config("fresh_days must be in [0, stale_days)"));
        }
        Ok(())
    }
}

/// The components, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Activity,
    Content,
    Originality,
    Responsiveness,
    Engagement,
    Reach,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 6] = [
        ComponentKind::Activity,
        ComponentKind::Content,
        ComponentKind::Originality,
        ComponentKind::Responsiveness,
        ComponentKind::Engagement,
        ComponentKind::Reach,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Activity => "activity",
            ComponentKind::Content => "content",
            ComponentKind::Originality => "originality",
            ComponentKind::Responsiveness => "responsiveness",
            ComponentKind::Engagement => "engagement",
            ComponentKind::Reach => "reach",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ComponentKind::Activity => "活跃度",
            ComponentKind::Content => "内容质量",
            ComponentKind::Originality => "原创度",
            ComponentKind::Responsiveness => "回应度",
            ComponentKind::Engagement => "互动量",
            ComponentKind::Reach => "影响力",
        }
    }

    fn weight(self, w: &ScoreWeights) -> f64 {
        match self {
            ComponentKind::Activity => w.activity,
            ComponentKind::Content => w.content,
            ComponentKind::Originality => w.originality,
            ComponentKind::Responsiveness => w.responsiveness,
            ComponentKind::Engagement => w.engagement,
            ComponentKind::Reach => w.reach,
        }
    }
}

/// One component score with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub kind: ComponentKind,
    /// 0–100, or `None` when the inputs are missing (see `explanation`).
    pub score: Option<f64>,
    /// Weight in the overall score (before re-normalisation).
    pub weight: f64,
    /// The inputs that produced the score, by name.
    pub inputs: BTreeMap<String, f64>,
    /// How the score came about, in plain English.
    pub explanation: String,
}

/// All component scores and the overall score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub components: Vec<Component>,
    /// Weighted mean of the available components, 0–100.
    pub overall: f64,
    /// Share of the total weight whose component was available (1.0 = all six).
    pub weight_coverage: f64,
    /// `weight_coverage < min_weight_coverage`: the overall score rests on too few components
    /// to compare with fully measured accounts.
    pub provisional: bool,
}

impl Scores {
    /// The score of one component.
    pub fn get(&self, kind: ComponentKind) -> Option<f64> {
        self.components
            .iter()
            .find(|c| c.kind == kind)
            .and_then(|c| c.score)
    }
}

/// Everything the scores read.
#[derive(Debug, Clone, Copy)]
pub struct ScoreInputs<'a> {
    pub activity: &'a Activity,
    pub content: Option<&'a ContentSignals>,
    pub response: Option<&'a ResponseSignals>,
    pub engagement: &'a EngagementTotals,
    pub followers: Option<u64>,
}

fn bounded(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 100.0) }
}

fn inputs(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// Activity: frequency of original posts times recency of the last one.
pub fn activity_score(a: &Activity, cfg: &ScoreConfig) -> Component {
    let opw = a.originals_per_week.max(0.0);
    let frequency = ((1.0 + opw).ln() / (1.0 + cfg.target_originals_per_week).ln()).min(1.0);
    let since = a.original_silence_at_least_days;
    let recency = if a.counted_original == 0 {
        0.0
    } else {
        (1.0 - (since - cfg.fresh_days) / (cfg.stale_days - cfg.fresh_days)).clamp(0.0, 1.0)
    };
    let score = bounded(100.0 * frequency * recency);
    let explanation = if a.counted_original == 0 {
        format!(
            "no original post in the {:.1}-day window: activity 0",
            a.window_days
        )
    } else {
        format!(
            "{:.1} original posts/week (full credit at {}) → frequency {:.2}; last original {:.1} days before the window end (fresh ≤ {}, 0 at ≥ {}) → recency {:.2}",
            opw,
            cfg.target_originals_per_week,
            frequency,
            since,
            cfg.fresh_days,
            cfg.stale_days,
            recency
        )
    };
    Component {
        kind: ComponentKind::Activity,
        score: Some(score),
        weight: cfg.weights.activity,
        inputs: inputs(&[
            ("originals_per_week", opw),
            ("days_since_last_original", since),
            ("frequency", frequency),
            ("recency", recency),
        ]),
        explanation,
    }
}

/// Content quality from the content signals; `None` without them.
pub fn content_score(c: Option<&ContentSignals>, cfg: &ScoreConfig) -> Component {
    let (wl, wp, wu) = (
        cfg.content_livelihood_weight,
        cfg.content_plainness_weight,
        cfg.content_unique_weight,
    );
    // Without a reference corpus every post is "unique": that term would only add a constant.
    let wu = if c.is_some_and(|c| c.reference_checked) {
        wu
    } else {
        0.0
    };
    let wsum = wl + wp + wu;
    let mut comp = Component {
        kind: ComponentKind::Content,
        score: None,
        weight: cfg.weights.content,
        inputs: BTreeMap::new(),
        explanation: "no original post analysed for post quality".into(),
    };
    let Some(c) = c.filter(|c| c.analysed_posts > 0) else {
        return comp;
    };
    let n = c.analysed_posts as f64;
    let sum = (wl * c.livelihood_sum + wp * c.plainness_sum + wu * c.non_trivia_unique as f64)
        / wsum.max(f64::MIN_POSITIVE);
    let score = bounded(100.0 * sum / n);
    comp.score = Some(score);
    comp.inputs = inputs(&[
        ("analysed_posts", n),
        ("trivia_share", c.trivia_posts as f64 / n),
        (
            "livelihood_mean_non_trivia",
            per(c.livelihood_sum, n - c.trivia_posts as f64),
        ),
        (
            "plainness_mean_non_trivia",
            per(c.plainness_sum, n - c.trivia_posts as f64),
        ),
        ("duplicate_share", c.duplicate_posts as f64 / n),
    ]);
    comp.explanation = format!(
        "{} posts analysed, {:.0}% trivia (scored 0); the rest scored on livelihood relevance ({wl}), plain language ({wp}){}",
        c.analysed_posts,
        100.0 * c.trivia_posts as f64 / n,
        if wu > 0.0 {
            format!(" and not copying the reference corpus ({wu})")
        } else {
            " (no reference corpus: duplication not scored)".to_string()
        }
    );
    comp
}

fn per(sum: f64, n: f64) -> f64 {
    if n > 0.0 { sum / n } else { 0.0 }
}

/// Originality over posts with a known repost flag; `None` when no post has one.
pub fn originality_score(a: &Activity, cfg: &ScoreConfig) -> Component {
    let known = a.originals + a.reposts;
    let mut comp = Component {
        kind: ComponentKind::Originality,
        score: None,
        weight: cfg.weights.originality,
        inputs: inputs(&[
            ("originals", a.originals as f64),
            ("reposts", a.reposts as f64),
            ("unknown_kind", a.unknown_kind as f64),
        ]),
        explanation: if a.posts == 0 {
            "no posts in the window".into()
        } else {
            "the source gives no repost flag: originality unknown".into()
        },
    };
    if known > 0 {
        let share = a.originals as f64 / known as f64;
        comp.score = Some(bounded(100.0 * share));
        comp.explanation = format!(
            "{} of {} posts with a known flag are original ({:.0}%)",
            a.originals,
            known,
            100.0 * share
        );
    }
    comp
}

/// Responsiveness: latency-weighted reply rate over messages that called for an answer.
pub fn responsiveness_score(r: Option<&ResponseSignals>, cfg: &ScoreConfig) -> Component {
    let mut comp = Component {
        kind: ComponentKind::Responsiveness,
        score: None,
        weight: cfg.weights.responsiveness,
        inputs: BTreeMap::new(),
        explanation: "no comments or mentions for this account".into(),
    };
    let Some(r) = r else { return comp };
    comp.inputs = inputs(&[
        ("citizen_messages", r.citizen_messages as f64),
        ("needs_reply", r.needs_reply as f64),
        ("answered", r.answered as f64),
        ("official_replies", r.official_replies as f64),
    ]);
    if r.needs_reply == 0 {
        comp.explanation = format!(
            "{} citizen messages, none calling for an answer",
            r.citizen_messages
        );
        return comp;
    }
    let counts = r.latency.counts();
    // Answered messages beyond the bucket total (a caller's inconsistent counts) get the
    // slowest credit, so "answered" always counts for something.
    let bucketed: u64 = counts.iter().sum();
    let extra = r.answered.saturating_sub(bucketed);
    let credit: f64 = counts
        .iter()
        .zip(cfg.latency_credit.iter())
        .map(|(c, w)| *c as f64 * w)
        .sum::<f64>()
        + extra as f64 * cfg.latency_credit[4];
    let denom = r.needs_reply.max(r.answered.max(bucketed)) as f64;
    let score = bounded(100.0 * credit / denom);
    comp.score = Some(score);
    comp.explanation = format!(
        "{} of {} messages needing an answer got one ({:.0}%){}",
        r.answered.min(r.needs_reply),
        r.needs_reply,
        100.0 * r.reply_rate().unwrap_or(0.0),
        match r.median_latency_minutes {
            Some(m) => format!(", median first response {}", human_minutes(m)),
            None => String::new(),
        }
    );
    comp
}

/// Engagement: interactions per post per 1,000 followers, on a log scale.
pub fn engagement_score(
    e: &EngagementTotals,
    followers: Option<u64>,
    cfg: &ScoreConfig,
) -> Component {
    let mut comp = Component {
        kind: ComponentKind::Engagement,
        score: None,
        weight: cfg.weights.engagement,
        inputs: inputs(&[
            ("posts_with_counts", e.posts_with_counts as f64),
            ("interactions", e.interactions() as f64),
        ]),
        explanation: "no posts with interaction counts".into(),
    };
    let Some(per_post) = e.per_post() else {
        return comp;
    };
    let Some(f) = followers else {
        comp.explanation = "follower count unknown: cannot normalise engagement".into();
        return comp;
    };
    let per_mille = per_post / (f.max(1) as f64) * 1000.0;
    let score = bounded(
        100.0 * ((1.0 + per_mille).ln() / (1.0 + cfg.target_engagement_per_mille).ln()).min(1.0),
    );
    comp.inputs.insert("interactions_per_post".into(), per_post);
    comp.inputs.insert("per_mille_followers".into(), per_mille);
    comp.score = Some(score);
    comp.explanation = format!(
        "{per_post:.1} interactions per post, {per_mille:.2} per 1,000 followers (full credit at {})",
        cfg.target_engagement_per_mille
    );
    comp
}

/// Reach: followers on a log scale.
pub fn reach_score(followers: Option<u64>, cfg: &ScoreConfig) -> Component {
    let mut comp = Component {
        kind: ComponentKind::Reach,
        score: None,
        weight: cfg.weights.reach,
        inputs: BTreeMap::new(),
        explanation: "follower count unknown".into(),
    };
    if let Some(f) = followers {
        let s = 100.0 * ((1.0 + f as f64).log10() / (1.0 + cfg.target_followers).log10()).min(1.0);
        comp.score = Some(bounded(s));
        comp.inputs.insert("followers".into(), f as f64);
        comp.explanation = format!(
            "{f} followers (log scale, full credit at {})",
            cfg.target_followers
        );
    }
    comp
}

/// All six components and the overall score.
pub fn score(input: ScoreInputs<'_>, cfg: &ScoreConfig) -> Scores {
    let components = vec![
        activity_score(input.activity, cfg),
        content_score(input.content, cfg),
        originality_score(input.activity, cfg),
        responsiveness_score(input.response, cfg),
        engagement_score(input.engagement, input.followers, cfg),
        reach_score(input.followers, cfg),
    ];
    let total_weight: f64 = ComponentKind::ALL
        .iter()
        .map(|k| k.weight(&cfg.weights).max(0.0))
        .sum();
    let (mut num, mut den) = (0.0, 0.0);
    for c in &components {
        if let Some(s) = c.score {
            let w = c.weight.max(0.0);
            num += w * s;
            den += w;
        }
    }
    let weight_coverage = if total_weight > 0.0 {
        den / total_weight
    } else {
        0.0
    };
    Scores {
        overall: if den > 0.0 { bounded(num / den) } else { 0.0 },
        weight_coverage,
        provisional: weight_coverage < cfg.min_weight_coverage,
        components,
    }
}

/// "45 min", "3.2 h", "2.1 d".
pub fn human_minutes(m: f64) -> String {
    if m < 60.0 {
        format!("{m:.0} min")
    } else if m < 48.0 * 60.0 {
        format!("{:.1} h", m / 60.0)
    } else {
        format!("{:.1} d", m / 1440.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::signals::{LatencyBuckets, PostContent};

    #[test]
    fn defaults_validate_and_bad_credit_is_rejected() {
        assert!(ScoreConfig::default().validate().is_ok());
        let bad = ScoreConfig {
            latency_credit: [0.5, 0.9, 0.7, 0.5, 0.3],
            ..ScoreConfig::default()
        };
        assert_eq!(
            bad.validate().map_err(|e| e.kind),
            Err(crate::ErrorKind::Config)
        );
    }

    #[test]
    fn responsiveness_counts_latency() {
        let r = ResponseSignals {
            citizen_messages: 10,
            needs_reply: 4,
            answered: 2,
            latency: LatencyBuckets {
                within_15m: 1,
                within_24h: 1,
                ..LatencyBuckets::default()
            },
            ..ResponseSignals::default()
        };
        let c = responsiveness_score(Some(&r), &ScoreConfig::default());
        // (1.0 + 0.7) / 4 = 42.5
        assert_eq!(c.score, Some(42.5));
    }

    #[test]
    fn content_trivia_scores_zero() {
        let mut c = ContentSignals::new("test");
        c.add(&PostContent {
            post_id: "1".into(),
            kind: "service".into(),
            trivia: false,
            livelihood: 1.0,
            officialese: 0.0,
            duplicate: false,
        });
        let full = content_score(Some(&c), &ScoreConfig::default()).score;
        assert_eq!(full, Some(100.0));
        c.add(&PostContent {
            post_id: "2".into(),
            kind: "trivia".into(),
            trivia: true,
            livelihood: 1.0,
            officialese: 0.0,
            duplicate: false,
        });
        assert_eq!(
            content_score(Some(&c), &ScoreConfig::default()).score,
            Some(50.0)
        );
    }

    #[test]
    fn reach_is_log_and_capped() {
        let cfg = ScoreConfig::default();
        assert_eq!(reach_score(Some(0), &cfg).score, Some(0.0));
        assert_eq!(reach_score(Some(u64::MAX), &cfg).score, Some(100.0));
        let mid = reach_score(Some(3162), &cfg).score.unwrap_or(0.0);
        assert!((mid - 50.0).abs() < 0.1, "{mid}");
    }
}
