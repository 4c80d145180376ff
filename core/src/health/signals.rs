//! What the health scores consume from the other two analyses, as small aggregate values.
//!
//! Account health does not re-do post quality or interaction: it reads two summaries.
//! [`ContentSignals`] sums per-post content judgements (post type, livelihood relevance,
//! officialese, duplication of a reference corpus) and [`ResponseSignals`] counts citizen
//! messages, which of them called for an answer, which got one and how fast.
//!
//! Both are *sums* (not means), so they can be built one post or one message at a time while
//! streaming, merged, and so that the scores built on them are monotone: one more trivia post
//! adds 0 to the quality sum and 1 to its denominator; one more official reply can only move a
//! message from "unanswered" to "answered", or to a faster latency bucket.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many evidence ids a summary keeps per list (the first ones seen).
pub const EVIDENCE_IDS: usize = 5;

/// The content judgement of one post, as the health scores need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostContent {
    /// Post id (evidence).
    pub post_id: String,
    /// Post type name (`service`, `work_update`, `news`, `policy`, `crisis`, `interaction`,
    /// `trivia`, `repost`, …), as the post-quality analysis names it.
    pub kind: String,
    /// Trivia: recipes, greetings, cute net-speak (D3). Trivia posts add 0 to content quality.
    pub trivia: bool,
    /// Relevance to daily life in `[0, 1]` (P1).
    pub livelihood: f64,
    /// Officialese (官腔) in `[0, 1]`, 0 = plain language (P3).
    pub officialese: f64,
    /// The post duplicates the reference corpus (a website page, D6).
    pub duplicate: bool,
}

impl PostContent {
    /// From a post's quality (`zhengwu::quality`): type, trivia (type `trivia`), livelihood and
    /// officialese scores; `duplicate` from a reference-corpus match.
    pub fn from_quality(q: &crate::quality::PostQuality, duplicate: bool) -> PostContent {
        let kind = q.post_type.kind;
        PostContent {
            post_id: q.post_id.clone(),
            kind: kind.as_str().to_string(),
            trivia: kind == crate::quality::PostType::Trivia,
            livelihood: q.livelihood.score,
            officialese: q.officialese.score,
            duplicate,
        }
    }
}

impl From<&crate::quality::PostQuality> for PostContent {
    /// Without a reference corpus: never a duplicate.
    fn from(q: &crate::quality::PostQuality) -> Self {
        PostContent::from_quality(q, false)
    }
}

impl From<&crate::quality::AccountQuality> for ContentSignals {
    /// From the account summary of `zhengwu::quality`. The summary holds means over all posts,
    /// so the non-trivia sums are approximated: livelihood sum = mean × posts (trivia posts
    /// score ≈ 0 on livelihood), plainness sum = (1 − officialese mean) × non-trivia posts.
    /// Build from per-post [`PostContent`] (as [`crate::health::audit()`] does) for exact sums.
    fn from(q: &crate::quality::AccountQuality) -> Self {
        let posts = q.posts as u64;
        let trivia = q
            .type_counts
            .get(&crate::quality::PostType::Trivia)
            .copied()
            .unwrap_or(0) as u64;
        let dups = (q.reference_matches.len() as u64).min(posts);
        let non_trivia = posts.saturating_sub(trivia);
        ContentSignals {
            analysed_posts: posts,
            type_counts: q
                .type_counts
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), *v as u64))
                .collect(),
            trivia_posts: trivia,
            duplicate_posts: dups,
            livelihood_sum: unit(q.livelihood_mean) * posts as f64,
            plainness_sum: (1.0 - unit(q.officialese_mean)) * non_trivia as f64,
            officialese_sum: unit(q.officialese_mean) * posts as f64,
            non_trivia_unique: non_trivia.saturating_sub(dups),
            trivia_examples: Vec::new(),
            duplicate_examples: q
                .reference_matches
                .iter()
                .take(EVIDENCE_IDS)
                .map(|m| m.post_id.clone())
                .collect(),
            reference_checked: q.reference_duplicate_share.is_some(),
            source: "zhengwu::quality (account summary)".into(),
        }
    }
}

/// Content signals of one account: sums over the posts whose content was analysed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ContentSignals {
    /// Posts whose content was analysed (original posts, in the audit).
    pub analysed_posts: u64,
    /// Posts per post type.
    pub type_counts: BTreeMap<String, u64>,
    /// Trivia posts among `analysed_posts`.
    pub trivia_posts: u64,
    /// Posts that duplicate the reference corpus among `analysed_posts`.
    pub duplicate_posts: u64,
    /// Sum of livelihood relevance over the non-trivia posts.
    pub livelihood_sum: f64,
    /// Sum of plainness (1 − officialese) over the non-trivia posts.
    pub plainness_sum: f64,
    /// Sum of officialese over all analysed posts (for the mean shown in reports).
    pub officialese_sum: f64,
    /// Non-trivia posts that are not duplicates.
    pub non_trivia_unique: u64,
    /// First trivia post ids (evidence).
    pub trivia_examples: Vec<String>,
    /// First duplicate post ids (evidence).
    pub duplicate_examples: Vec<String>,
    /// Posts were compared with a reference corpus. When false, `duplicate` carries no
    /// information: the content score drops its non-duplication term and copier is not
    /// evaluated.
    #[serde(default)]
    pub reference_checked: bool,
    /// What produced the signals (`"zhengwu::quality"`, `"caller"`).
    pub source: String,
}

impl ContentSignals {
    /// Empty signals from `source`.
    pub fn new(source: impl Into<String>) -> ContentSignals {
        ContentSignals {
            source: source.into(),
            ..ContentSignals::default()
        }
    }

    /// Adds one post's judgement. Out-of-range or NaN values are clamped into `[0, 1]` (NaN → 0).
    pub fn add(&mut self, post: &PostContent) {
        let livelihood = unit(post.livelihood);
        let officialese = unit(post.officialese);
        self.analysed_posts += 1;
        *self.type_counts.entry(post.kind.clone()).or_insert(0) += 1;
        self.officialese_sum += officialese;
        if post.duplicate {
            self.duplicate_posts += 1;
            push_evidence(&mut self.duplicate_examples, &post.post_id);
        }
        if post.trivia {
            self.trivia_posts += 1;
            push_evidence(&mut self.trivia_examples, &post.post_id);
        } else {
            self.livelihood_sum += livelihood;
            self.plainness_sum += 1.0 - officialese;
            if !post.duplicate {
                self.non_trivia_unique += 1;
            }
        }
    }

    /// Adds another account's (or another chunk's) signals.
    pub fn merge(&mut self, other: &ContentSignals) {
        self.analysed_posts += other.analysed_posts;
        for (k, v) in &other.type_counts {
            *self.type_counts.entry(k.clone()).or_insert(0) += v;
        }
        self.trivia_posts += other.trivia_posts;
        self.duplicate_posts += other.duplicate_posts;
        self.livelihood_sum += other.livelihood_sum;
        self.plainness_sum += other.plainness_sum;
        self.officialese_sum += other.officialese_sum;
        self.non_trivia_unique += other.non_trivia_unique;
        for id in &other.trivia_examples {
            push_evidence(&mut self.trivia_examples, id);
        }
        for id in &other.duplicate_examples {
            push_evidence(&mut self.duplicate_examples, id);
        }
        self.reference_checked |= other.reference_checked;
    }

    /// Share of trivia posts, `None` when nothing was analysed.
    pub fn trivia_share(&self) -> Option<f64> {
        ratio(self.trivia_posts, self.analysed_posts)
    }

    /// Share of posts duplicating the reference corpus.
    pub fn duplicate_share(&self) -> Option<f64> {
        ratio(self.duplicate_posts, self.analysed_posts)
    }

    /// Mean officialese over analysed posts.
    pub fn officialese_mean(&self) -> Option<f64> {
        (self.analysed_posts > 0).then(|| self.officialese_sum / self.analysed_posts as f64)
    }

    /// Mean livelihood relevance over analysed posts (trivia counted as 0).
    pub fn livelihood_mean(&self) -> Option<f64> {
        (self.analysed_posts > 0).then(|| self.livelihood_sum / self.analysed_posts as f64)
    }
}

/// Latency buckets of the first official response to a message that called for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LatencyBuckets {
    /// Answered within 15 minutes (the Facebook "very responsive" bar).
    pub within_15m: u64,
    /// Within 1 hour (and not 15 minutes).
    pub within_1h: u64,
    /// Within 24 hours (and not 1 hour).
    pub within_24h: u64,
    /// Within 72 hours (and not 24 hours).
    pub within_72h: u64,
    /// Later than 72 hours.
    pub later: u64,
}

impl LatencyBuckets {
    /// Bucket labels, fastest first, matching [`LatencyBuckets::counts`].
    pub const LABELS: [&'static str; 5] = ["≤15 min", "≤1 h", "≤24 h", "≤72 h", ">72 h"];

    /// Counts a latency in minutes (negative latencies, from clock skew, count as immediate).
    pub fn add_minutes(&mut self, minutes: f64) {
        let m = if minutes.is_nan() {
            f64::INFINITY
        } else {
            minutes
        };
        if m <= 15.0 {
            self.within_15m += 1;
        } else if m <= 60.0 {
            self.within_1h += 1;
        } else if m <= 24.0 * 60.0 {
            self.within_24h += 1;
        } else if m <= 72.0 * 60.0 {
            self.within_72h += 1;
        } else {
            self.later += 1;
        }
    }

    /// Counts, fastest first.
    pub fn counts(&self) -> [u64; 5] {
        [
            self.within_15m,
            self.within_1h,
            self.within_24h,
            self.within_72h,
            self.later,
        ]
    }

    /// Total answered messages in the buckets.
    pub fn total(&self) -> u64 {
        self.counts().iter().sum()
    }
}

/// Response signals of one account: citizen messages and the account's answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResponseSignals {
    /// Comments on the account's posts and @-mentions written by others.
    pub citizen_messages: u64,
    /// Of these, the ones that call for an answer (inquiries, complaints, challenges).
    pub needs_reply: u64,
    /// `needs_reply` messages that got an official reply.
    pub answered: u64,
    /// Comments written by the account (or an affiliated account): its replies.
    pub official_replies: u64,
    /// First-response latency of the answered messages.
    pub latency: LatencyBuckets,
    /// Median first-response latency in minutes, when anything was answered.
    pub median_latency_minutes: Option<f64>,
    /// 90th percentile first-response latency in minutes.
    pub p90_latency_minutes: Option<f64>,
    /// First unanswered message ids (evidence).
    pub unanswered_examples: Vec<String>,
    /// First answered message ids (evidence).
    pub answered_examples: Vec<String>,
    /// What produced the signals (`"zhengwu::interaction"`, `"health::response (basic)"`, `"caller"`).
    pub source: String,
}

impl From<&crate::interaction::InteractionReport> for ResponseSignals {
    /// The interaction analysis' responsiveness as health input (see
    /// [`InteractionReport::response_signals`](crate::interaction::InteractionReport::response_signals)).
    fn from(r: &crate::interaction::InteractionReport) -> Self {
        r.response_signals()
    }
}

impl ResponseSignals {
    /// Messages that needed an answer and did not get one.
    pub fn backlog(&self) -> u64 {
        self.needs_reply.saturating_sub(self.answered)
    }

    /// Share of `needs_reply` messages answered, `None` when none needed one.
    pub fn reply_rate(&self) -> Option<f64> {
        ratio(self.answered.min(self.needs_reply), self.needs_reply)
    }
}

/// `num / den`, `None` when `den == 0`.
pub(crate) fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Clamps into `[0, 1]`; NaN becomes 0.
pub(crate) fn unit(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

pub(crate) fn push_evidence(list: &mut Vec<String>, id: &str) {
    if list.len() < EVIDENCE_IDS {
        list.push(id.to_string());
    }
}

/// Engagement counts summed over an account's posts (as crawled: one snapshot per post).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EngagementTotals {
    /// Posts counted.
    pub posts: u64,
    /// Posts that carried at least one count (reposts, comments or likes).
    pub posts_with_counts: u64,
    /// Sum of 转发.
    pub reposts: u64,
    /// Sum of 评论.
    pub comments: u64,
    /// Sum of 点赞.
    pub likes: u64,
}

impl EngagementTotals {
    /// Adds one post's counts (unknown counts add nothing; sums saturate instead of wrapping).
    pub fn add(&mut self, reposts: Option<u64>, comments: Option<u64>, likes: Option<u64>) {
        self.posts += 1;
        if reposts.is_some() || comments.is_some() || likes.is_some() {
            self.posts_with_counts += 1;
        }
        self.reposts = self.reposts.saturating_add(reposts.unwrap_or(0));
        self.comments = self.comments.saturating_add(comments.unwrap_or(0));
        self.likes = self.likes.saturating_add(likes.unwrap_or(0));
    }

    /// Reposts + comments + likes.
    pub fn interactions(&self) -> u64 {
        self.reposts
            .saturating_add(self.comments)
            .saturating_add(self.likes)
    }

    /// Interactions per post that carried counts.
    pub fn per_post(&self) -> Option<f64> {
        (self.posts_with_counts > 0)
            .then(|| self.interactions() as f64 / self.posts_with_counts as f64)
    }
}

/// Whose posts an account reposts (D7 过度转发相关部门微博).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RepostSources {
    /// Reposts counted.
    pub reposts: u64,
    /// Reposts of its own posts.
    pub of_self: u64,
    /// Reposts of another account's post (author known and different).
    pub of_others: u64,
    /// Of those, reposts of an account known to be a government account (`verified_type == 1`
    /// in the dataset's account list).
    pub of_government: u64,
    /// Reposts whose original author is unknown.
    pub unknown_author: u64,
    /// Most reposted sources: (author name or id, reposts), most first.
    pub top_sources: Vec<(String, u64)>,
    /// First repost ids (evidence).
    pub examples: Vec<String>,
}
