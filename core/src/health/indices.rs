//! Reference indices: published rankings reproduced beside our own scores, labelled as
//! reproductions.
//!
//! - **BCI 微博传播指数** (commonly attributed to 清博), exactly as published on data-registry
//!   pages: `BCI = (0.2·W1 + 0.8·W2)·160`, `W1 = ln(posts+1)`,
//!   `W2 = 0.4·ln(reposts+1) + 0.4·ln(comments+1) + 0.2·ln(likes+1)`, where posts, reposts,
//!   comments and likes are totals over the period. Other BCI variants (with originals and
//!   per-post maxima in W1/W2) exist; this is the one the brief cites.
//! - **人民网-style composite**: `0.30·传播力 + 0.35·服务力 + 0.35·互动力`. The weights are the
//!   ones that fit 人民网/微博's published city table; the dimensions are *our* definitions
//!   (the report does not publish its formulas): 传播力 = mean(reach, engagement), 服务力 =
//!   mean(activity, content quality), 互动力 = responsiveness.
//! - **成都 weekly ranking (2015)**: `60% 活跃度 + 20% 传播力 + 20% 引导力`; 活跃度 = our
//!   activity, 传播力 = our reach, 引导力 = the share of analysed posts that are about
//!   government business (not trivia), on 0–100.
//!
//! A composite whose dimension is missing has `value: None` and names what is missing;
//! `partial` gives the weighted mean over the dimensions present.

use super::scores::{ComponentKind, Scores};
use super::signals::{ContentSignals, EngagementTotals};
use serde::{Deserialize, Serialize};

/// The BCI and its two parts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bci {
    pub posts: u64,
    pub reposts: u64,
    pub comments: u64,
    pub likes: u64,
    /// `ln(posts+1)`.
    pub w1: f64,
    /// `0.4·ln(reposts+1) + 0.4·ln(comments+1) + 0.2·ln(likes+1)`.
    pub w2: f64,
    /// `(0.2·W1 + 0.8·W2)·160`.
    pub bci: f64,
}

/// BCI from period totals.
pub fn bci(posts: u64, reposts: u64, comments: u64, likes: u64) -> Bci {
    let ln1 = |x: u64| (x as f64 + 1.0).ln();
    let w1 = ln1(posts);
    let w2 = 0.4 * ln1(reposts) + 0.4 * ln1(comments) + 0.2 * ln1(likes);
    Bci {
        posts,
        reposts,
        comments,
        likes,
        w1,
        w2,
        bci: (0.2 * w1 + 0.8 * w2) * 160.0,
    }
}

/// BCI from an account's engagement totals.
pub fn bci_of(e: &EngagementTotals) -> Bci {
    bci(e.posts, e.reposts, e.comments, e.likes)
}

/// One dimension of a composite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    pub name: String,
    pub name_zh: String,
    pub weight: f64,
    /// 0–100, `None` when an input is missing.
    pub value: Option<f64>,
    /// What it is made of.
    pub definition: String,
}

/// A weighted composite index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Composite {
    pub name: String,
    pub dimensions: Vec<Dimension>,
    /// Weighted sum when every dimension is present.
    pub value: Option<f64>,
    /// Weighted mean over the dimensions present.
    pub partial: Option<f64>,
    /// Names of missing dimensions.
    pub missing: Vec<String>,
}

fn composite(name: &str, dimensions: Vec<Dimension>) -> Composite {
    let missing: Vec<String> = dimensions
        .iter()
        .filter(|d| d.value.is_none())
        .map(|d| d.name.clone())
        .collect();
    let (mut num, mut den) = (0.0, 0.0);
    for d in &dimensions {
        if let Some(v) = d.value {
            num += d.weight * v;
            den += d.weight;
        }
    }
    Composite {
        name: name.into(),
        value: missing.is_empty().then_some(num),
        partial: (den > 0.0).then(|| num / den),
        missing,
        dimensions,
    }
}

fn mean_of(xs: &[Option<f64>]) -> Option<f64> {
    let v: Option<Vec<f64>> = xs.iter().copied().collect();
    v.filter(|v| !v.is_empty())
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
}

fn dim(name: &str, zh: &str, weight: f64, value: Option<f64>, definition: &str) -> Dimension {
    Dimension {
        name: name.into(),
        name_zh: zh.into(),
        weight,
        value,
        definition: definition.into(),
    }
}

/// 人民网-style composite from our component scores.
pub fn people_composite(s: &Scores) -> Composite {
    composite(
        "people_daily_style",
        vec![
            dim(
                "spread",
                "传播力",
                0.30,
                mean_of(&[
                    s.get(ComponentKind::Reach),
                    s.get(ComponentKind::Engagement),
                ]),
                "mean of reach and engagement",
            ),
            dim(
                "service",
                "服务力",
                0.35,
                mean_of(&[
                    s.get(ComponentKind::Activity),
                    s.get(ComponentKind::Content),
                ]),
                "mean of activity and content quality",
            ),
            dim(
                "interaction",
                "互动力",
                0.35,
                s.get(ComponentKind::Responsiveness),
                "responsiveness",
            ),
        ],
    )
}

/// 成都-style weekly ranking from our component scores and the content signals.
pub fn chengdu_composite(s: &Scores, content: Option<&ContentSignals>) -> Composite {
    let guidance = content
        .filter(|c| c.analysed_posts > 0)
        .map(|c| 100.0 * (1.0 - c.trivia_posts as f64 / c.analysed_posts as f64));
    composite(
        "chengdu_2015",
        vec![
            dim(
                "activity",
                "活跃度",
                0.60,
                s.get(ComponentKind::Activity),
                "our activity score",
            ),
            dim(
                "reach",
                "传播力",
                0.20,
                s.get(ComponentKind::Reach),
                "our reach score",
            ),
            dim(
                "guidance",
                "引导力",
                0.20,
                guidance,
                "100 × share of analysed posts about government business (not trivia)",
            ),
        ],
    )
}

/// All reference indices of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceIndices {
    pub bci: Bci,
    pub people_daily_style: Composite,
    pub chengdu: Composite,
}

/// Computes the three reference indices.
pub fn reference_indices(
    e: &EngagementTotals,
    s: &Scores,
    content: Option<&ContentSignals>,
) -> ReferenceIndices {
    ReferenceIndices {
        bci: bci_of(e),
        people_daily_style: people_composite(s),
        chengdu: chengdu_composite(s, content),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bci_matches_the_published_formula() {
        // posts 100, reposts 1000, comments 500, likes 5000, computed by hand:
        // W1 = ln 101 = 4.61512; W2 = 0.4·ln 1001 + 0.4·ln 501 + 0.2·ln 5001
        //    = 0.4·6.90875 + 0.4·6.21661 + 0.2·8.51739 = 6.95362
        // BCI = (0.2·4.61512 + 0.8·6.95362)·160 = 1037.75
        let b = bci(100, 1000, 500, 5000);
        assert!((b.w1 - 4.615_120).abs() < 1e-5, "{}", b.w1);
        assert!((b.w2 - 6.953_62).abs() < 1e-4, "{}", b.w2);
        assert!((b.bci - 1037.75).abs() < 0.05, "{}", b.bci);
        assert_eq!(bci(0, 0, 0, 0).bci, 0.0);
    }
}
