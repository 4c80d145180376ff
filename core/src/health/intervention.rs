//! Intervention effect (P6): did a dated action — a QR code on service cards, a forum link-up
//! (「博网」联动) — change follower growth or engagement?
//!
//! Input: a dated series (follower snapshots, or per-day engagement) and the intervention time.
//! Output, for the values before and after:
//! - for **levels** (engagement per day): means, difference, Cohen's d (pooled SD), Welch's t,
//!   and a two-sided permutation p-value (deterministic: a fixed-seed generator, so the same
//!   input always gives the same p);
//! - for **cumulative** series (followers): growth per day before and after (least-squares
//!   slope over each side), their ratio, and the same test applied to the day-to-day increments.

use crate::error::{Error, Result};
use crate::model::{Post, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterventionConfig {
    /// Permutations for the p-value. Default 9,999.
    pub permutations: u32,
    /// Seed of the permutation generator. Default 2014 (the roundtable's year).
    pub seed: u64,
    /// Fewest points on each side. Default 3.
    pub min_points: usize,
}

impl Default for InterventionConfig {
    fn default() -> Self {
        InterventionConfig {
            permutations: 9_999,
            seed: 2014,
            min_points: 3,
        }
    }
}

/// One observation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub at: Timestamp,
    pub value: f64,
}

/// Before/after comparison of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    pub n_before: usize,
    pub n_after: usize,
    pub mean_before: f64,
    pub mean_after: f64,
    /// `mean_after − mean_before`.
    pub difference: f64,
    /// `mean_after / mean_before`, when the before mean is positive.
    pub ratio: Option<f64>,
    /// Cohen's d with the pooled standard deviation (`None` when both sides are constant).
    pub cohens_d: Option<f64>,
    /// Welch's t.
    pub welch_t: Option<f64>,
    /// Two-sided permutation p-value of the difference in means.
    pub p_value: f64,
    pub permutations: u32,
}

/// Growth around an intervention in a cumulative series (followers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrowthEffect {
    /// Least-squares slope per day before and after.
    pub per_day_before: f64,
    pub per_day_after: f64,
    /// Test on the per-day increments between consecutive snapshots.
    pub increments: Effect,
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len().max(1) as f64
}

fn var(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let m = mean(x);
    x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64
}

fn finite(points: &[Point]) -> Vec<Point> {
    points
        .iter()
        .copied()
        .filter(|p| p.value.is_finite())
        .collect()
}

/// Compares values before `at` with values at or after it.
pub fn level_effect(points: &[Point], at: Timestamp, cfg: &InterventionConfig) -> Result<Effect> {
    let pts = finite(points);
    let before: Vec<f64> = pts.iter().filter(|p| p.at < at).map(|p| p.value).collect();
    let after: Vec<f64> = pts.iter().filter(|p| p.at >= at).map(|p| p.value).collect();
    compare(&before, &after, cfg)
}

/// Compares two samples.
pub fn compare(before: &[f64], after: &[f64], cfg: &InterventionConfig) -> Result<Effect> {
    if before.len() < cfg.min_points || after.len() < cfg.min_points {
        return Err(Error::config(format!(
            "need at least {} points on each side of the intervention (have {} before, {} after)",
            cfg.min_points,
            before.len(),
            after.len()
        )));
    }
    let (mb, ma) = (mean(before), mean(after));
    let (vb, va) = (var(before), var(after));
    let (nb, na) = (before.len() as f64, after.len() as f64);
    let pooled = (((nb - 1.0) * vb + (na - 1.0) * va) / (nb + na - 2.0)).sqrt();
    let se = (vb / nb + va / na).sqrt();
    let observed = (ma - mb).abs();
    // Permutation test: shuffle the pooled sample, split at the same sizes.
    let mut all: Vec<f64> = before.iter().chain(after.iter()).copied().collect();
    let mut rng = SplitMix(cfg.seed);
    let mut extreme = 0u32;
    let n = all.len();
    for _ in 0..cfg.permutations {
        for i in (1..n).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            all.swap(i, j);
        }
        let (b, a) = all.split_at(before.len());
        if (mean(a) - mean(b)).abs() >= observed - 1e-12 {
            extreme += 1;
        }
    }
    Ok(Effect {
        n_before: before.len(),
        n_after: after.len(),
        mean_before: mb,
        mean_after: ma,
        difference: ma - mb,
        ratio: (mb > 0.0).then(|| ma / mb),
        cohens_d: (pooled > 0.0).then(|| (ma - mb) / pooled),
        welch_t: (se > 0.0).then(|| (ma - mb) / se),
        p_value: (extreme as f64 + 1.0) / (cfg.permutations as f64 + 1.0),
        permutations: cfg.permutations,
    })
}

/// Growth of a cumulative series (follower snapshots) before and after `at`.
pub fn growth_effect(
    snapshots: &[Point],
    at: Timestamp,
    cfg: &InterventionConfig,
) -> Result<GrowthEffect> {
    let mut pts = finite(snapshots);
    pts.sort_by_key(|p| p.at);
    let day = |p: &Point| p.at.timestamp() as f64 / 86_400.0;
    let slope = |ps: &[Point]| -> f64 {
        let xs: Vec<f64> = ps.iter().map(day).collect();
        let ys: Vec<f64> = ps.iter().map(|p| p.value).collect();
        let (mx, my) = (mean(&xs), mean(&ys));
        let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        if sxx > 0.0 { sxy / sxx } else { 0.0 }
    };
    let before: Vec<Point> = pts.iter().copied().filter(|p| p.at < at).collect();
    let after: Vec<Point> = pts.iter().copied().filter(|p| p.at >= at).collect();
    let increments = |ps: &[Point]| -> Vec<f64> {
        ps.windows(2)
            .filter_map(|w| {
                let dt = day(&w[1]) - day(&w[0]);
                (dt > 0.0).then(|| (w[1].value - w[0].value) / dt)
            })
            .collect()
    };
    Ok(GrowthEffect {
        per_day_before: slope(&before),
        per_day_after: slope(&after),
        increments: compare(&increments(&before), &increments(&after), cfg)?,
    })
}

/// Per-day engagement (reposts + comments + likes per post) of one account's posts, by local
/// date: a series for [`level_effect`].
pub fn daily_engagement<'a>(posts: impl IntoIterator<Item = &'a Post>) -> Vec<Point> {
    let mut days: BTreeMap<chrono::NaiveDate, (Timestamp, f64, u64)> = BTreeMap::new();
    for p in posts {
        let v = p.reposts.unwrap_or(0) as f64
            + p.comments.unwrap_or(0) as f64
            + p.likes.unwrap_or(0) as f64;
        let e = days
            .entry(p.created_at.date_naive())
            .or_insert((p.created_at, 0.0, 0));
        e.0 = e.0.min(p.created_at);
        e.1 += v;
        e.2 += 1;
    }
    days.into_values()
        .map(|(at, sum, n)| Point {
            at,
            value: sum / n.max(1) as f64,
        })
        .collect()
}

/// SplitMix64: tiny, deterministic, good enough for shuffling.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Duration};

    fn series(start: &str, values: &[f64]) -> Vec<Point> {
        let t0 = DateTime::parse_from_rfc3339(start).expect("t");
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Point {
                at: t0 + Duration::days(i as i64),
                value: *v,
            })
            .collect()
    }

    #[test]
    fn clear_jump_is_significant_and_flat_is_not() {
        let cfg = InterventionConfig::default();
        let s = series(
            "2014-05-01T00:00:00+08:00",
            &[10., 12., 11., 9., 10., 11., 30., 32., 29., 31., 30., 33.],
        );
        let at = s[6].at;
        let e = level_effect(&s, at, &cfg).expect("enough points");
        assert!(e.difference > 19.0);
        assert!(e.p_value < 0.01, "{}", e.p_value);
        assert!(e.cohens_d.unwrap_or(0.0) > 5.0);
        // Deterministic.
        assert_eq!(
            level_effect(&s, at, &cfg).expect("again").p_value,
            e.p_value
        );
        let flat = series(
            "2014-05-01T00:00:00+08:00",
            &[10., 12., 11., 9., 10., 11., 10., 12., 9., 11., 10., 11.],
        );
        let e = level_effect(&flat, at, &cfg).expect("enough");
        assert!(e.p_value > 0.2, "{}", e.p_value);
    }

    #[test]
    fn follower_growth_speeds_up() {
        // +10/day before, +50/day after.
        let mut v = Vec::new();
        let mut f = 1000.0;
        for i in 0..14 {
            v.push(f);
            f += if i < 7 { 10.0 } else { 50.0 };
        }
        let s = series("2014-05-01T00:00:00+08:00", &v);
        let g = growth_effect(&s, s[7].at, &InterventionConfig::default()).expect("ok");
        assert!((g.per_day_before - 10.0).abs() < 1e-6);
        assert!((g.per_day_after - 50.0).abs() < 1e-6);
    }

    #[test]
    fn too_few_points_is_a_config_error() {
        let s = series("2014-05-01T00:00:00+08:00", &[1.0, 2.0]);
        let e = level_effect(&s, s[1].at, &InterventionConfig::default());
        assert_eq!(e.map_err(|e| e.kind).err(), Some(crate::ErrorKind::Config));
    }
}
