//! Responsiveness: reply rate per message class, first-response latency (median, p90, share
//! within 1 h and 24 h, wall clock and optionally business hours), Facebook-style conversations,
//! the unanswered backlog and the broadcast ratio.
//!
//! Definitions (see `docs/methodology/interaction.md`):
//! - a **citizen message** is a non-official comment or an @-mention;
//! - its **first response** is the earliest official message, not earlier than it (up to
//!   `clock_skew_seconds`), that replies to it — directly, or (with `count_descendant_replies`)
//!   anywhere below it in its sub-thread;
//! - **latency** = first response time − message time, in seconds (0 when within the skew);
//! - percentiles interpolate linearly between order statistics (numpy's default);
//! - a **conversation** is a run of one author's messages under one post with no gap longer than
//!   `conversation_gap_hours` (Facebook: a new conversation starts after 24 h of silence); its
//!   latency runs from its first message to the first response to any of its messages;
//! - **broadcast ratio** = posts / (posts + official comments), 1.0 for an account that never
//!   comments, `None` when both are zero.

use super::intent::Intent;
use super::threads::{NodeKind, Threads};
use crate::model::Timestamp;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Working days and hours for a business-hours clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessHours {
    /// ISO weekdays that are working days (1 = Monday … 7 = Sunday). Default 1–5.
    pub working_days: Vec<u32>,
    /// Opening time, local. Default 09:00.
    pub open: NaiveTime,
    /// Closing time, local. Default 17:30 (Chinese government offices close 17:00–18:00).
    pub close: NaiveTime,
    /// Public holidays (no business hours). Default empty.
    pub holidays: Vec<NaiveDate>,
    /// Make-up working days (调休) on weekends. Default empty.
    pub extra_working_days: Vec<NaiveDate>,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            working_days: vec![1, 2, 3, 4, 5],
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            close: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default(),
            holidays: Vec::new(),
            extra_working_days: Vec::new(),
        }
    }
}

impl BusinessHours {
    fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.extra_working_days.contains(&d) {
            return true;
        }
        !self.holidays.contains(&d)
            && self
                .working_days
                .contains(&d.weekday().number_from_monday())
    }

    /// Business seconds between `from` and `to`, counted in the local time of `from`'s offset.
    /// Zero when `to <= from`. Spans longer than ~27 years count 10,000 days at most.
    pub fn seconds_between(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to <= from || self.close <= self.open {
            return 0;
        }
        let tz = *from.offset();
        let to = to.with_timezone(&tz);
        let mut total = 0i64;
        let mut day = from.date_naive();
        let last = to.date_naive();
        let mut guard = 0;
        while day <= last && guard < 10_000 {
            if self.is_working_day(day) {
                let open = tz.from_local_datetime(&day.and_time(self.open)).single();
                let close = tz.from_local_datetime(&day.and_time(self.close)).single();
                if let (Some(open), Some(close)) = (open, close) {
                    let start = open.max(from);
                    let end = close.min(to);
                    if end > start {
                        total += (end - start).num_seconds();
                    }
                }
            }
            day += Duration::days(1);
            guard += 1;
        }
        total
    }
}

/// Settings of the responsiveness measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponsivenessConfig {
    /// Silence after which one author's next message starts a new conversation. Default 24 h.
    pub conversation_gap_hours: f64,
    /// Count an official reply anywhere below a message in its sub-thread as answering it
    /// (not only a direct reply). Default true.
    pub count_descendant_replies: bool,
    /// An official reply up to this many seconds before a message (clock skew between sources)
    /// still answers it, with latency 0. Default 60.
    pub clock_skew_seconds: i64,
    /// Also measure latency on a business-hours clock. Default `None` (wall clock only).
    pub business_hours: Option<BusinessHours>,
    /// How many of the oldest unanswered `needs_reply` messages the backlog lists. Default 20.
    pub backlog_limit: usize,
    /// How many message ids each class lists as evidence (answered and unanswered). Default 10.
    pub evidence_limit: usize,
    /// "Now" for the age of backlog messages. Default `None`: the latest time in the data.
    pub as_of: Option<Timestamp>,
}

impl Default for ResponsivenessConfig {
    fn default() -> Self {
        ResponsivenessConfig {
            conversation_gap_hours: 24.0,
            count_descendant_replies: true,
            clock_skew_seconds: 60,
            business_hours: None,
            backlog_limit: 20,
            evidence_limit: 10,
            as_of: None,
        }
    }
}

/// Distribution of first-response latencies.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LatencyStats {
    /// Latencies measured.
    pub count: u64,
    pub median_seconds: Option<f64>,
    pub p90_seconds: Option<f64>,
    pub mean_seconds: Option<f64>,
    /// Share answered within 1 hour (of `count`).
    pub within_1h_share: Option<f64>,
    /// Share answered within 24 hours (of `count`).
    pub within_24h_share: Option<f64>,
}

/// Linear-interpolation percentile (numpy default) of sorted values; `q` in [0, 1].
pub fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

impl LatencyStats {
    /// Statistics of latencies in seconds.
    pub fn from_seconds(values: &[i64]) -> LatencyStats {
        let mut v: Vec<f64> = values.iter().map(|&s| s.max(0) as f64).collect();
        v.sort_by(|a, b| a.total_cmp(b));
        let n = v.len();
        let share = |limit: f64| {
            (n > 0).then(|| v.iter().filter(|&&x| x <= limit).count() as f64 / n as f64)
        };
        LatencyStats {
            count: n as u64,
            median_seconds: percentile(&v, 0.5),
            p90_seconds: percentile(&v, 0.9),
            mean_seconds: (n > 0).then(|| v.iter().sum::<f64>() / n as f64),
            within_1h_share: share(3600.0),
            within_24h_share: share(86_400.0),
        }
    }
}

/// Per-message outcome (citizen messages only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageOutcome {
    /// Index into [`Threads::nodes`].
    pub node: usize,
    pub id: String,
    pub intent: Intent,
    pub needs_reply: bool,
    /// Id of the first official response.
    pub answered_by: Option<String>,
    pub latency_seconds: Option<i64>,
    pub business_latency_seconds: Option<i64>,
}

/// Reply rate and latency of one message class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassResponsiveness {
    pub intent: Intent,
    pub messages: u64,
    pub answered: u64,
    /// `answered / messages`, `None` when no messages.
    pub reply_rate: Option<f64>,
    pub latency: LatencyStats,
    /// Ids of answered messages (evidence, up to `evidence_limit`).
    pub answered_examples: Vec<String>,
    /// Ids of unanswered messages (evidence).
    pub unanswered_examples: Vec<String>,
}

/// One unanswered message that needed a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogItem {
    pub id: String,
    pub post_id: String,
    pub created_at: Timestamp,
    pub intent: Intent,
    /// Hours between the message and `as_of`.
    pub age_hours: f64,
}

/// Facebook-style conversation statistics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConversationStats {
    /// Conversations started by citizens.
    pub conversations: u64,
    /// Conversations with at least one `needs_reply` message.
    pub needing_reply: u64,
    /// Of those, the ones that got an official response.
    pub answered: u64,
    /// `answered / needing_reply`.
    pub reply_rate: Option<f64>,
    /// From the conversation's first message to its first response.
    pub latency: LatencyStats,
}

/// Responsiveness of one account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Responsiveness {
    /// Non-official comments and @-mentions.
    pub citizen_messages: u64,
    /// Citizen messages that needed a reply (intent in `reply_expected`).
    pub needs_reply: u64,
    /// `needs_reply` messages that got an official response.
    pub answered: u64,
    /// `answered / needs_reply`, `None` when nothing needed a reply.
    pub reply_rate: Option<f64>,
    /// Citizen messages of any class that got an official response.
    pub answered_any: u64,
    /// First-response latency of the answered `needs_reply` messages (wall clock).
    pub latency: LatencyStats,
    /// The same on the business-hours clock, when configured.
    pub business_latency: Option<LatencyStats>,
    /// Per message class (complaint, challenge, inquiry, suggestion, praise, other).
    pub by_class: Vec<ClassResponsiveness>,
    pub conversations: ConversationStats,
    /// Unanswered `needs_reply` messages, oldest first (up to `backlog_limit`).
    pub backlog: Vec<BacklogItem>,
    /// All unanswered `needs_reply` messages.
    pub backlog_total: u64,
    /// Posts by the account.
    pub posts: u64,
    /// Comments written by the account or an affiliated account: in-thread replies and top-level
    /// comments in its comment sections (both are engagement, not broadcast).
    pub official_replies: u64,
    /// `posts / (posts + official_replies)`; 1.0 = only broadcasts.
    pub broadcast_ratio: Option<f64>,
}

/// Class of each thread node: `(intent, needs_reply)`; `None` for official messages.
pub type NodeClass = Option<(Intent, bool)>;

/// First official response (node index, time) for every node.
pub fn first_responses(
    threads: &Threads,
    config: &ResponsivenessConfig,
) -> Vec<Option<(usize, Timestamp)>> {
    let nodes = &threads.nodes;
    let mut first: Vec<Option<(usize, Timestamp)>> = vec![None; nodes.len()];
    let skew = Duration::seconds(config.clock_skew_seconds.max(0));
    for (r, reply) in nodes.iter().enumerate() {
        if !reply.official {
            continue;
        }
        let mut cur = reply.parent;
        let mut steps = 0usize;
        while let Some(a) = cur {
            let target = &nodes[a];
            if !target.official && reply.created_at + skew >= target.created_at {
                let better = first[a].is_none_or(|(_, t)| reply.created_at < t);
                if better {
                    first[a] = Some((r, reply.created_at));
                }
            }
            if !config.count_descendant_replies || steps > nodes.len() {
                break;
            }
            cur = target.parent;
            steps += 1;
        }
    }
    first
}

/// Computes responsiveness from threads and the class of each node.
pub fn measure(
    threads: &Threads,
    classes: &[NodeClass],
    posts: u64,
    config: &ResponsivenessConfig,
) -> (Responsiveness, Vec<MessageOutcome>) {
    let nodes = &threads.nodes;
    let first = first_responses(threads, config);
    let mut out = Responsiveness {
        posts,
        official_replies: threads.nodes.iter().filter(|n| n.official).count() as u64,
        ..Responsiveness::default()
    };
    out.broadcast_ratio = (posts + out.official_replies > 0)
        .then(|| posts as f64 / (posts + out.official_replies) as f64);
    let mut outcomes = Vec::new();
    let mut latencies = Vec::new();
    let mut business = Vec::new();
    // intent → (messages, answered, latencies, answered ids, unanswered ids)
    type ClassTally = (u64, u64, Vec<i64>, Vec<String>, Vec<String>);
    let mut per_class: HashMap<Intent, ClassTally> = HashMap::new();
    let mut backlog: Vec<(Timestamp, usize, Intent)> = Vec::new();
    let as_of = config
        .as_of
        .or_else(|| nodes.iter().map(|n| n.created_at).max());
    for (i, n) in nodes.iter().enumerate() {
        if n.official {
            continue;
        }
        let Some((intent, needs)) = classes.get(i).copied().flatten() else {
            continue;
        };
        out.citizen_messages += 1;
        let resp = first[i];
        let latency = resp.map(|(_, t)| (t - n.created_at).num_seconds().max(0));
        let blat = match (&config.business_hours, resp) {
            (Some(b), Some((_, t))) => Some(b.seconds_between(n.created_at, t)),
            _ => None,
        };
        let c = per_class.entry(intent).or_default();
        c.0 += 1;
        if let Some(l) = latency {
            c.1 += 1;
            c.2.push(l);
            out.answered_any += 1;
            if c.3.len() < config.evidence_limit {
                c.3.push(n.id.clone());
            }
        } else if c.4.len() < config.evidence_limit {
            c.4.push(n.id.clone());
        }
        if needs {
            out.needs_reply += 1;
            match latency {
                Some(l) => {
                    out.answered += 1;
                    latencies.push(l);
                    if let Some(b) = blat {
                        business.push(b);
                    }
                }
                None => backlog.push((n.created_at, i, intent)),
            }
        }
        outcomes.push(MessageOutcome {
            node: i,
            id: n.id.clone(),
            intent,
            needs_reply: needs,
            answered_by: resp.map(|(r, _)| nodes[r].id.clone()),
            latency_seconds: latency,
            business_latency_seconds: blat,
        });
    }
    out.reply_rate = (out.needs_reply > 0).then(|| out.answered as f64 / out.needs_reply as f64);
    out.latency = LatencyStats::from_seconds(&latencies);
    out.business_latency = config
        .business_hours
        .as_ref()
        .map(|_| LatencyStats::from_seconds(&business));
    for intent in Intent::ALL {
        if let Some((messages, answered, lats, yes, no)) = per_class.remove(&intent) {
            out.by_class.push(ClassResponsiveness {
                intent,
                messages,
                answered,
                reply_rate: (messages > 0).then(|| answered as f64 / messages as f64),
                latency: LatencyStats::from_seconds(&lats),
                answered_examples: yes,
                unanswered_examples: no,
            });
        }
    }
    backlog.sort_by_key(|b| (b.0, b.1));
    out.backlog_total = backlog.len() as u64;
    out.backlog = backlog
        .iter()
        .take(config.backlog_limit)
        .map(|&(t, i, intent)| BacklogItem {
            id: nodes[i].id.clone(),
            post_id: nodes[i].post_id.clone(),
            created_at: t,
            intent,
            age_hours: as_of.map_or(0.0, |a| (a - t).num_seconds().max(0) as f64 / 3600.0),
        })
        .collect();
    out.conversations = conversations(threads, classes, &first, config);
    (out, outcomes)
}

fn conversations(
    threads: &Threads,
    classes: &[NodeClass],
    first: &[Option<(usize, Timestamp)>],
    config: &ResponsivenessConfig,
) -> ConversationStats {
    let gap = Duration::seconds((config.conversation_gap_hours.max(0.0) * 3600.0) as i64);
    // (post, author) → (start, last message, needs reply, first response)
    struct Open {
        start: Timestamp,
        last: Timestamp,
        needs: bool,
        response: Option<Timestamp>,
    }
    let mut open: HashMap<(&str, &str), Open> = HashMap::new();
    let mut stats = ConversationStats::default();
    let mut latencies = Vec::new();
    let mut close = |o: Open, stats: &mut ConversationStats| {
        stats.conversations += 1;
        if o.needs {
            stats.needing_reply += 1;
            if let Some(r) = o.response {
                stats.answered += 1;
                latencies.push((r - o.start).num_seconds().max(0));
            }
        }
    };
    for (i, n) in threads.nodes.iter().enumerate() {
        if n.official || n.kind == NodeKind::Mention && classes.get(i).copied().flatten().is_none()
        {
            continue;
        }
        let Some((_, needs)) = classes.get(i).copied().flatten() else {
            continue;
        };
        let key = (n.post_id.as_str(), n.author_id.as_str());
        let response = first[i].map(|(_, t)| t);
        match open.get_mut(&key) {
            Some(o) if n.created_at - o.last <= gap => {
                o.last = n.created_at;
                o.needs |= needs;
                if let Some(r) = response {
                    o.response = Some(o.response.map_or(r, |x| x.min(r)));
                }
            }
            _ => {
                let new = Open {
                    start: n.created_at,
                    last: n.created_at,
                    needs,
                    response,
                };
                if let Some(old) = open.insert(key, new) {
                    close(old, &mut stats);
                }
            }
        }
    }
    for (_, o) in open {
        close(o, &mut stats);
    }
    stats.reply_rate =
        (stats.needing_reply > 0).then(|| stats.answered as f64 / stats.needing_reply as f64);
    stats.latency = LatencyStats::from_seconds(&latencies);
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.5), Some(2.5));
        assert!((percentile(&v, 0.9).unwrap() - 3.7).abs() < 1e-9);
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn business_hours_skip_nights_weekends_and_holidays() {
        let b = BusinessHours {
            holidays: vec![NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()],
            ..BusinessHours::default()
        };
        // Friday 17:00 → Monday 10:00: 30 min on Friday + 1 h on Monday.
        let s = b.seconds_between(
            t("2024-06-07T17:00:00+08:00"),
            t("2024-06-10T10:00:00+08:00"),
        );
        assert_eq!(s, 5400);
        // A holiday Tuesday counts nothing.
        let s = b.seconds_between(
            t("2024-10-01T09:00:00+08:00"),
            t("2024-10-01T17:00:00+08:00"),
        );
        assert_eq!(s, 0);
        assert_eq!(
            b.seconds_between(
                t("2024-06-10T10:00:00+08:00"),
                t("2024-06-10T09:00:00+08:00")
            ),
            0
        );
    }
}
