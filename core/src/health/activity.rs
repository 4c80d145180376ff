//! Activity (D1, P7, P9): how often an account posts, how long it has been silent, how regular
//! its schedule is, when in the day and week it posts, and which `#话题#` series it runs.
//!
//! Activity is measured over an observation **window** (the period the crawl covers). Every
//! "days since" is counted back from the window's end (`as_of`). An account with no post in the
//! window has no "last post" in it: what we know then is only a lower bound (silent for at least
//! the window length), which the diagnoses use to tell *dormant* from *not observed*.

use crate::model::{Post, Timestamp};
use chrono::{Datelike, Timelike};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY: f64 = 86_400.0;

/// Activity settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityConfig {
    /// Count a post whose source gives no repost flag (`is_repost: None`, e.g. a timeline crawl)
    /// as original. Default `true`: timeline crawls without the flag (the CCTV and People's Daily
    /// sets) are overwhelmingly original posts, and treating them as "not original" would make
    /// every such account dormant. Set `false` for a strict reading of 国办发〔2018〕123号.
    pub unknown_counts_as_original: bool,
    /// A `#话题#` used in at least this many posts on at least two distinct days is a planned
    /// series (P7 选题策划). Default 3.
    pub series_min_posts: u32,
    /// Keep at most this many series, most used first. Default 10.
    pub series_max: usize,
    /// Shortest window used as the denominator of rates, in days, so that a window of a few
    /// minutes cannot produce thousands of posts per week. Default 1.
    pub min_window_days: f64,
}

impl Default for ActivityConfig {
    fn default() -> Self {
        ActivityConfig {
            unknown_counts_as_original: true,
            series_min_posts: 3,
            series_max: 10,
            min_window_days: 1.0,
        }
    }
}

/// The observation window: the period the data covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Start of the observed period.
    pub start: Timestamp,
    /// End of the observed period: "now" for every "days since".
    pub end: Timestamp,
}

impl Window {
    /// Length in days (0 when `end` is before `start`).
    pub fn days(&self) -> f64 {
        ((self.end - self.start).num_seconds() as f64 / DAY).max(0.0)
    }
}

/// Whether a post is original, a repost, or cannot be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Original,
    Repost,
    Unknown,
}

impl PostKind {
    /// Kind of a post from its repost flag / pointer.
    pub fn of(post: &Post) -> PostKind {
        if post.repost() {
            PostKind::Repost
        } else if post.original() {
            PostKind::Original
        } else {
            PostKind::Unknown
        }
    }
}

/// A post named as evidence: id and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostRef {
    pub id: String,
    pub at: Timestamp,
}

/// The longest stretch without a post, with its ends (a post id, or the window edge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Silence {
    /// Length in days.
    pub days: f64,
    /// Start of the silence.
    pub from: Timestamp,
    /// End of the silence.
    pub to: Timestamp,
    /// Post that opens the silence (`None`: the window start).
    pub after_post: Option<String>,
    /// Post that ends the silence (`None`: the window end).
    pub before_post: Option<String>,
}

/// A `#话题#` run as a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HashtagSeries {
    pub tag: String,
    pub posts: u32,
    /// Distinct local days on which it was used.
    pub days: u32,
    pub first_post: String,
    pub last_post: String,
}

/// Activity of one account over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub window: Window,
    pub window_days: f64,
    /// Posts in the window (original + repost + unknown).
    pub posts: u64,
    pub originals: u64,
    pub reposts: u64,
    /// Posts whose source gives no repost flag.
    pub unknown_kind: u64,
    /// Posts counted as original for dormancy (originals, plus unknown when so configured).
    pub counted_original: u64,
    pub posts_per_day: f64,
    pub posts_per_week: f64,
    pub originals_per_week: f64,
    /// Days with at least one post (local time).
    pub active_days: u32,
    /// Posts per calendar week (local time; weeks start on Monday), from the window's first
    /// week to its last, silent weeks included: (Monday's date, posts, original posts).
    pub weekly: Vec<(chrono::NaiveDate, u32, u32)>,
    pub first_post: Option<PostRef>,
    pub last_post: Option<PostRef>,
    pub last_original: Option<PostRef>,
    /// Days from the last post to the window end; `None` when silent in the whole window.
    pub days_since_last_post: Option<f64>,
    /// Days from the last original post to the window end; `None` when there is none.
    pub days_since_last_original: Option<f64>,
    /// Lower bound on the days since the last original post: exact when there is one, else the
    /// window length (silent at least that long).
    pub original_silence_at_least_days: f64,
    pub longest_silence: Silence,
    /// Coefficient of variation of the gaps between consecutive posts (0 = clockwork, ~1 =
    /// random, >1 = bursts); needs 3 posts.
    pub gap_cv: Option<f64>,
    /// Posts by weekday (0 = Monday) and hour, in the account's local time (the post's offset).
    pub hour_weekday: [[u32; 24]; 7],
    /// Planned series: hashtags used repeatedly on different days.
    pub hashtag_series: Vec<HashtagSeries>,
    /// Lifetime post count from the profile, when known.
    pub lifetime_posts: Option<u64>,
}

#[derive(Debug, Clone)]
struct Stamp {
    at: Timestamp,
    kind: PostKind,
    id: Box<str>,
}

#[derive(Debug, Clone, Default)]
struct TagUse {
    posts: u32,
    days: Vec<i32>,
    first: Option<(Timestamp, Box<str>)>,
    last: Option<(Timestamp, Box<str>)>,
}

/// Collects one account's posts one at a time (any order); [`ActivityAccumulator::finish`]
/// computes [`Activity`]. Keeps a timestamp, kind and id per post, plus hashtag uses.
#[derive(Debug, Clone, Default)]
pub struct ActivityAccumulator {
    stamps: Vec<Stamp>,
    tags: BTreeMap<String, TagUse>,
}

impl ActivityAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Posts seen so far.
    pub fn len(&self) -> usize {
        self.stamps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stamps.is_empty()
    }

    /// Adds a post.
    pub fn push(&mut self, post: &Post) {
        self.stamps.push(Stamp {
            at: post.created_at,
            kind: PostKind::of(post),
            id: post.id.as_str().into(),
        });
        let day = local_day(&post.created_at);
        // Some crawls leave the topics in the text only (the CCTV timeline): extract them.
        let extracted;
        let tags: &[String] = if post.hashtags.is_empty() && post.text.contains('#') {
            extracted = crate::text::normalize(&post.text).hashtags;
            &extracted
        } else {
            &post.hashtags
        };
        for tag in tags {
            let tag = tag.trim();
            if tag.is_empty() {
                continue;
            }
            let u = self.tags.entry(tag.to_string()).or_default();
            u.posts += 1;
            if !u.days.contains(&day) && u.days.len() < 64 {
                u.days.push(day);
            }
            let at = post.created_at;
            if u.first.as_ref().is_none_or(|(t, _)| at < *t) {
                u.first = Some((at, post.id.as_str().into()));
            }
            if u.last.as_ref().is_none_or(|(t, _)| at >= *t) {
                u.last = Some((at, post.id.as_str().into()));
            }
        }
    }

    /// Computes the activity over `window`. Posts outside the window still count (the caller
    /// chose them); the window only sets "now" and the rate denominator.
    pub fn finish(
        mut self,
        window: Window,
        lifetime_posts: Option<u64>,
        cfg: &ActivityConfig,
    ) -> Activity {
        self.stamps
            .sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
        let s = &self.stamps;
        let count = |k: PostKind| s.iter().filter(|p| p.kind == k).count() as u64;
        let (originals, reposts, unknown_kind) = (
            count(PostKind::Original),
            count(PostKind::Repost),
            count(PostKind::Unknown),
        );
        let counts_as_original = |k: PostKind| {
            k == PostKind::Original || (cfg.unknown_counts_as_original && k == PostKind::Unknown)
        };
        let counted_original = s.iter().filter(|p| counts_as_original(p.kind)).count() as u64;
        let window_days = window.days();
        let denom = window_days.max(cfg.min_window_days.max(1e-6));
        let posts = s.len() as u64;
        let to_ref = |p: &Stamp| PostRef {
            id: p.id.to_string(),
            at: p.at,
        };
        let days_to_end = |t: &Timestamp| ((window.end - *t).num_seconds() as f64 / DAY).max(0.0);
        let last_post = s.last().map(to_ref);
        let last_original = s
            .iter()
            .rev()
            .find(|p| counts_as_original(p.kind))
            .map(to_ref);
        let days_since_last_post = last_post.as_ref().map(|p| days_to_end(&p.at));
        let days_since_last_original = last_original.as_ref().map(|p| days_to_end(&p.at));

        // Longest silence: window start → first post, between posts, last post → window end.
        let mut best = Silence {
            days: window_days,
            from: window.start,
            to: window.end,
            after_post: None,
            before_post: None,
        };
        if let Some(first) = s.first() {
            let mut prev: (Timestamp, Option<&str>) = (window.start.min(first.at), None);
            best.days = -1.0;
            for p in s.iter() {
                consider(&mut best, prev, (p.at, Some(&p.id)));
                prev = (p.at, Some(&p.id));
            }
            consider(&mut best, prev, (window.end.max(prev.0), None));
        }

        let gaps: Vec<f64> = s
            .windows(2)
            .map(|w| (w[1].at - w[0].at).num_seconds() as f64)
            .collect();
        let gap_cv = if gaps.len() >= 2 {
            let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
            let var = gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64;
            (mean > 0.0).then(|| var.sqrt() / mean)
        } else {
            None
        };

        let mut hour_weekday = [[0u32; 24]; 7];
        let mut days = Vec::new();
        for p in s {
            let wd = p.at.weekday().num_days_from_monday() as usize;
            let h = p.at.hour() as usize;
            if let Some(row) = hour_weekday.get_mut(wd)
                && let Some(c) = row.get_mut(h)
            {
                *c += 1;
            }
            days.push(local_day(&p.at));
        }
        days.dedup();
        days.sort_unstable();
        days.dedup();
        let weekly = weekly_counts(s, &window, cfg);

        let mut hashtag_series: Vec<HashtagSeries> = self
            .tags
            .into_iter()
            .filter(|(_, u)| u.posts >= cfg.series_min_posts && u.days.len() >= 2)
            .map(|(tag, u)| HashtagSeries {
                tag,
                posts: u.posts,
                days: u.days.len() as u32,
                first_post: u.first.map(|f| f.1.to_string()).unwrap_or_default(),
                last_post: u.last.map(|f| f.1.to_string()).unwrap_or_default(),
            })
            .collect();
        hashtag_series.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.tag.cmp(&b.tag)));
        hashtag_series.truncate(cfg.series_max);

        Activity {
            window,
            window_days,
            posts,
            originals,
            reposts,
            unknown_kind,
            counted_original,
            posts_per_day: posts as f64 / denom,
            posts_per_week: posts as f64 / denom * 7.0,
            originals_per_week: counted_original as f64 / denom * 7.0,
            active_days: days.len() as u32,
            weekly,
            first_post: s.first().map(to_ref),
            last_post,
            original_silence_at_least_days: days_since_last_original.unwrap_or(window_days),
            last_original,
            days_since_last_post,
            days_since_last_original,
            longest_silence: best,
            gap_cv,
            hour_weekday,
            hashtag_series,
            lifetime_posts,
        }
    }
}

/// Weeks are counted in the window's own offset; at most 10 years of weeks (a window from a
/// bad timestamp must not allocate millions of rows).
fn weekly_counts(
    s: &[Stamp],
    window: &Window,
    cfg: &ActivityConfig,
) -> Vec<(chrono::NaiveDate, u32, u32)> {
    let monday = |t: &Timestamp| {
        let d = t.date_naive();
        d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
    };
    let first = s.first().map_or(window.start, |p| p.at.min(window.start));
    let last = s.last().map_or(window.end, |p| p.at.max(window.end));
    let (w0, w1) = (monday(&first), monday(&last));
    let weeks = ((w1 - w0).num_days() / 7 + 1).clamp(0, 520) as usize;
    let mut out: Vec<(chrono::NaiveDate, u32, u32)> = (0..weeks)
        .map(|i| (w0 + chrono::Duration::days(7 * i as i64), 0, 0))
        .collect();
    for p in s {
        let i = ((monday(&p.at) - w0).num_days() / 7) as usize;
        if let Some(row) = out.get_mut(i) {
            row.1 += 1;
            if p.kind == PostKind::Original
                || (cfg.unknown_counts_as_original && p.kind == PostKind::Unknown)
            {
                row.2 += 1;
            }
        }
    }
    out
}

fn consider(best: &mut Silence, from: (Timestamp, Option<&str>), to: (Timestamp, Option<&str>)) {
    let days = (to.0 - from.0).num_seconds() as f64 / DAY;
    if days > best.days {
        *best = Silence {
            days,
            from: from.0,
            to: to.0,
            after_post: from.1.map(str::to_string),
            before_post: to.1.map(str::to_string),
        };
    }
}

/// Days since the epoch of the local calendar date (the post's own offset).
fn local_day(t: &Timestamp) -> i32 {
    t.date_naive().num_days_from_ce()
}

/// Convenience: activity of one account's posts (any order) over `window`.
pub fn activity<'a>(
    posts: impl IntoIterator<Item = &'a Post>,
    window: Window,
    lifetime_posts: Option<u64>,
    cfg: &ActivityConfig,
) -> Activity {
    let mut acc = ActivityAccumulator::new();
    for p in posts {
        acc.push(p);
    }
    acc.finish(window, lifetime_posts, cfg)
}

/// The window spanned by `posts` (first to last post), `None` when there are none.
pub fn window_of<'a>(posts: impl IntoIterator<Item = &'a Post>) -> Option<Window> {
    let mut w: Option<Window> = None;
    for p in posts {
        let t = p.created_at;
        w = Some(match w {
            None => Window { start: t, end: t },
            Some(w) => Window {
                start: w.start.min(t),
                end: w.end.max(t),
            },
        });
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).expect("test time")
    }

    fn post(id: &str, at: &str, repost: Option<bool>) -> Post {
        let mut p = Post::new(id, "a", t(at), "text");
        p.is_repost = repost;
        p
    }

    #[test]
    fn counts_silence_and_profile_in_local_time() {
        let posts = vec![
            post("1", "2024-11-19T09:00:00+08:00", Some(false)),
            post("2", "2024-11-20T09:30:00+08:00", Some(true)),
            post("3", "2024-11-25T23:30:00+08:00", Some(false)),
        ];
        let w = Window {
            start: t("2024-11-19T00:00:00+08:00"),
            end: t("2024-11-29T00:00:00+08:00"),
        };
        let a = activity(&posts, w, Some(100), &ActivityConfig::default());
        assert_eq!((a.posts, a.originals, a.reposts), (3, 2, 1));
        assert_eq!(a.last_original.as_ref().map(|p| p.id.as_str()), Some("3"));
        let since = a.days_since_last_original.expect("has original");
        assert!((since - (3.0 + 0.5 / 24.0)).abs() < 1e-9, "{since}");
        // Longest silence: post 2 (20th 09:30) → post 3 (25th 23:30) = 5.58 days.
        assert_eq!(a.longest_silence.after_post.as_deref(), Some("2"));
        assert_eq!(a.longest_silence.before_post.as_deref(), Some("3"));
        // 2024-11-25 is a Monday; 23:30 local, not 15:30 UTC.
        assert_eq!(a.hour_weekday[0][23], 1);
        assert_eq!(a.active_days, 3);
        // Weeks of 2024-11-18 (posts 1, 2) and 2024-11-25 (post 3, original).
        assert_eq!(a.weekly.len(), 2);
        assert_eq!((a.weekly[0].1, a.weekly[0].2), (2, 1));
        assert_eq!((a.weekly[1].1, a.weekly[1].2), (1, 1));
        assert_eq!(a.weekly[1].0.to_string(), "2024-11-25");
        assert!((a.posts_per_week - 3.0 / 10.0 * 7.0).abs() < 1e-9);
    }

    #[test]
    fn silent_account_is_silent_for_the_whole_window() {
        let w = Window {
            start: t("2024-11-19T00:00:00+08:00"),
            end: t("2024-11-29T12:00:00+08:00"),
        };
        let a = activity(&[], w, Some(121_000), &ActivityConfig::default());
        assert_eq!(a.posts, 0);
        assert!(a.days_since_last_post.is_none());
        assert!((a.original_silence_at_least_days - 10.5).abs() < 1e-9);
        assert!((a.longest_silence.days - 10.5).abs() < 1e-9);
        assert_eq!(a.gap_cv, None);
    }

    #[test]
    fn unknown_flag_counts_as_original_only_when_configured() {
        let posts = vec![post("1", "2024-11-19T09:00:00+08:00", None)];
        let w = window_of(&posts).expect("one post");
        let a = activity(&posts, w, None, &ActivityConfig::default());
        assert_eq!(a.counted_original, 1);
        let strict = ActivityConfig {
            unknown_counts_as_original: false,
            ..ActivityConfig::default()
        };
        let a = activity(&posts, w, None, &strict);
        assert_eq!(a.counted_original, 0);
        assert!(a.last_original.is_none());
    }

    #[test]
    fn hashtag_used_on_several_days_is_a_series() {
        let mut posts = Vec::new();
        for (i, d) in ["19", "19", "21", "23"].iter().enumerate() {
            let mut p = post(
                &i.to_string(),
                &format!("2024-11-{d}T10:00:00+08:00"),
                Some(false),
            );
            p.hashtags = vec!["消费维权小课堂".into()];
            posts.push(p);
        }
        let w = window_of(&posts).expect("posts");
        let a = activity(&posts, w, None, &ActivityConfig::default());
        assert_eq!(a.hashtag_series.len(), 1);
        assert_eq!(a.hashtag_series[0].posts, 4);
        assert_eq!(a.hashtag_series[0].days, 3);
    }
}
