//! A streaming, basic derivation of [`ResponseSignals`] from raw comments and mentions, so the
//! audit can score responsiveness over millions of comments in bounded memory.
//!
//! It is deliberately simple, and labelled `"health::response (basic)"` in its output:
//! - a **citizen message** is a comment on one of the account's posts, or an @-mention of it,
//!   written by anyone but the account and its affiliated accounts;
//! - it **calls for an answer** when it contains a question mark or one of the ask cues
//!   ([`ResponseConfig::ask_cues`]: 请问, 咨询, 投诉, 举报, 怎么, …) — a cue list, not the
//!   trained intent classifier of `zhengwu::interaction`;
//! - an **official reply** answers a message when it names it as `parent_id`, or starts with
//!   `回复@name:` and `name` wrote a message on the same post before it, or is a comment on the
//!   mentioning post of an @-mention. The first such reply sets the first-response latency.
//!
//! Only messages that call for an answer are kept (time, account, first reply), with ids for the
//! first few per account as evidence: about 24 bytes plus two hash-index entries each.

use super::signals::{EVIDENCE_IDS, LatencyBuckets, ResponseSignals};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Settings of the basic response derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResponseConfig {
    /// A message containing any of these calls for an answer (besides `?`/`？`). Extend at run
    /// time. Default: inquiry, complaint and request words of Weibo comments to government
    /// accounts (请问, 咨询, 投诉, 举报, 反映, 求助, 怎么, 如何, 为什么, 为何, 什么时候, 能不能,
    /// 可不可以, 是否, 有没有, 麻烦, 希望, 管管, 没人管, 不作为).
    pub ask_cues: Vec<String>,
    /// Treat `?` and `？` as calling for an answer. Default true.
    pub question_marks: bool,
    /// A reply up to this many seconds *before* the message (clock skew between sources) still
    /// counts, with latency 0. Default 60.
    pub clock_skew_seconds: i64,
}

impl Default for ResponseConfig {
    fn default() -> Self {
        ResponseConfig {
            ask_cues: [
                "请问",
                "咨询",
                "投诉",
                "举报",
                "反映",
                "求助",
                "怎么",
                "如何",
                "为什么",
                "为何",
                "什么时候",
                "能不能",
                "可不可以",
                "是否",
                "有没有",
                "麻烦",
                "希望",
                "管管",
                "没人管",
                "不作为",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            question_marks: true,
            clock_skew_seconds: 60,
        }
    }
}

impl ResponseConfig {
    /// True when `text` calls for an answer.
    pub fn needs_reply(&self, text: &str) -> bool {
        (self.question_marks && (text.contains('?') || text.contains('？')))
            || self
                .ask_cues
                .iter()
                .any(|c| !c.is_empty() && text.contains(c.as_str()))
    }
}

/// FNV-1a over the parts, with a separator byte between them: a cheap 64-bit key for ids.
pub(crate) fn key(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// Hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        // Mix once more: FNV's low bits are weak for hashbrown's control bytes.
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

#[derive(Debug, Clone, Copy)]
struct Message {
    at: i64,
    first_reply: i64,
    account: u32,
    evidence_slot: u16,
}

const NO_REPLY: i64 = i64::MAX;
const NO_SLOT: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
enum Target {
    Parent(u64),
    Name(u64),
    Mention(u64),
}

#[derive(Debug, Clone, Copy)]
struct Reply {
    account: u32,
    at: i64,
    target: Target,
}

#[derive(Debug, Clone, Default)]
struct PerAccount {
    citizen_messages: u64,
    needs_reply: u64,
    official_replies: u64,
    evidence: Vec<String>,
    seen: bool,
}

/// Collects citizen messages and official replies for many accounts (any order), then computes
/// one [`ResponseSignals`] per account that had any.
#[derive(Debug, Clone, Default)]
pub struct ResponseTracker {
    cfg: ResponseConfig,
    messages: Vec<Message>,
    by_id: KeyMap<u32>,
    /// (post + author name key, message index) of every message with an author name. A
    /// `回复@name:` reply answers the latest of them written before it, whatever the input
    /// order (a map keeping the last one inserted made the result depend on input order;
    /// found by the property tests of issue 8).
    by_name: Vec<(u64, u32)>,
    replies: Vec<Reply>,
    accounts: Vec<PerAccount>,
}

impl ResponseTracker {
    pub fn new(cfg: ResponseConfig) -> Self {
        ResponseTracker {
            cfg,
            ..Self::default()
        }
    }

    fn account(&mut self, a: u32) -> &mut PerAccount {
        let i = a as usize;
        if self.accounts.len() <= i {
            self.accounts.resize_with(i + 1, PerAccount::default);
        }
        &mut self.accounts[i]
    }

    /// A message by a citizen to account `a`: a comment (`post_id` = the commented post) or a
    /// mention (`post_id` = the mentioning post's own id, `mention = true`).
    #[allow(clippy::too_many_arguments)]
    pub fn citizen(
        &mut self,
        a: u32,
        id: &str,
        post_id: &str,
        author_name: Option<&str>,
        at: i64,
        text: &str,
        mention: bool,
    ) {
        let needs = self.cfg.needs_reply(text);
        let per = self.account(a);
        per.seen = true;
        per.citizen_messages += 1;
        if !needs {
            return;
        }
        per.needs_reply += 1;
        let evidence_slot = if per.evidence.len() < 4 * EVIDENCE_IDS {
            per.evidence.push(id.to_string());
            (per.evidence.len() - 1) as u16
        } else {
            NO_SLOT
        };
        let idx = self.messages.len() as u32;
        self.messages.push(Message {
            at,
            first_reply: NO_REPLY,
            account: a,
            evidence_slot,
        });
        self.by_id.insert(key(&[id]), idx);
        if mention {
            self.by_id.insert(key(&["@mention", post_id]), idx);
        }
        if let Some(n) = author_name.filter(|n| !n.is_empty()) {
            self.by_name.push((key(&[post_id, n]), idx));
        }
    }

    /// A comment by account `a` (or an affiliate) on `post_id`: an official reply.
    pub fn official(
        &mut self,
        a: u32,
        post_id: &str,
        parent_id: Option<&str>,
        at: i64,
        text: &str,
    ) {
        let per = self.account(a);
        per.seen = true;
        per.official_replies += 1;
        let target = if let Some(p) = parent_id.filter(|p| !p.is_empty()) {
            Target::Parent(key(&[p]))
        } else if let Some(name) = reply_name(text) {
            Target::Name(key(&[post_id, name]))
        } else {
            Target::Mention(key(&["@mention", post_id]))
        };
        self.replies.push(Reply {
            account: a,
            at,
            target,
        });
    }

    /// Resolves replies and returns the signals of every account that had any message or
    /// reply, by account index.
    pub fn finish(mut self) -> Vec<Option<ResponseSignals>> {
        let skew = self.cfg.clock_skew_seconds.max(0);
        // Name-keyed messages sorted by (key, time): a reply's candidates are one run.
        let mut by_name: Vec<(u64, i64, u32)> = std::mem::take(&mut self.by_name)
            .into_iter()
            .filter_map(|(k, i)| self.messages.get(i as usize).map(|m| (k, m.at, i)))
            .collect();
        by_name.sort_unstable();
        for r in std::mem::take(&mut self.replies) {
            let idx = match r.target {
                Target::Parent(k) | Target::Mention(k) => self.by_id.get(&k).copied(),
                Target::Name(k) => {
                    let run_start = by_name.partition_point(|e| e.0 < k);
                    let run = &by_name[run_start..];
                    let run = &run[..run.partition_point(|e| e.0 == k)];
                    // The latest message written before the reply (within the clock skew).
                    let limit = r.at.saturating_add(skew);
                    let before = run.partition_point(|e| e.1 <= limit);
                    before.checked_sub(1).map(|j| run[j].2)
                }
            };
            let Some(m) = idx.and_then(|i| self.messages.get_mut(i as usize)) else {
                continue;
            };
            if m.account != r.account || r.at < m.at.saturating_sub(skew) {
                continue;
            }
            let at = r.at.max(m.at);
            if at < m.first_reply {
                m.first_reply = at;
            }
        }
        let n = self.accounts.len();
        let mut answered = vec![0u64; n];
        let mut latencies: Vec<Vec<f64>> = vec![Vec::new(); n];
        let mut buckets = vec![LatencyBuckets::default(); n];
        let mut answered_slot: Vec<Vec<bool>> = self
            .accounts
            .iter()
            .map(|p| vec![false; p.evidence.len()])
            .collect();
        for m in &self.messages {
            let a = m.account as usize;
            if m.first_reply == NO_REPLY || a >= n {
                continue;
            }
            answered[a] += 1;
            let minutes = (m.first_reply - m.at) as f64 / 60.0;
            latencies[a].push(minutes);
            buckets[a].add_minutes(minutes);
            if let Some(s) = answered_slot[a].get_mut(m.evidence_slot as usize) {
                *s = true;
            }
        }
        self.accounts
            .into_iter()
            .enumerate()
            .map(|(a, per)| {
                if !per.seen {
                    return None;
                }
                let mut lat = std::mem::take(&mut latencies[a]);
                lat.sort_by(f64::total_cmp);
                let (mut un, mut ans) = (Vec::new(), Vec::new());
                for (id, was) in per.evidence.into_iter().zip(answered_slot[a].iter()) {
                    let list = if *was { &mut ans } else { &mut un };
                    if list.len() < EVIDENCE_IDS {
                        list.push(id);
                    }
                }
                Some(ResponseSignals {
                    citizen_messages: per.citizen_messages,
                    needs_reply: per.needs_reply,
                    answered: answered[a],
                    official_replies: per.official_replies,
                    latency: buckets[a],
                    median_latency_minutes: quantile(&lat, 0.5),
                    p90_latency_minutes: quantile(&lat, 0.9),
                    unanswered_examples: un,
                    answered_examples: ans,
                    source: "health::response (basic)".into(),
                })
            })
            .collect()
    }
}

/// The name in a `回复@name:` prefix.
pub(crate) fn reply_name(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("回复@")?;
    let end = rest
        .char_indices()
        .find(|(_, c)| matches!(c, ':' | '：' | ' '))
        .map(|(i, _)| i)?;
    let name = rest.get(..end)?;
    (!name.is_empty()).then_some(name)
}

/// Quantile of sorted values by the nearest-rank method.
pub(crate) fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_and_name_replies_answer_messages() {
        let mut t = ResponseTracker::new(ResponseConfig::default());
        t.citizen(
            0,
            "c1",
            "p1",
            Some("张三"),
            0,
            "请问营业执照怎么办？",
            false,
        );
        t.citizen(0, "c2", "p1", Some("李四"), 60, "投诉：过期食品", false);
        t.citizen(0, "c3", "p1", Some("王五"), 120, "说得好", false);
        t.citizen(0, "c4", "p2", Some("赵六"), 0, "有没有人管？", false);
        t.official(0, "p1", Some("c1"), 600, "您好，可在线办理");
        t.official(0, "p1", None, 60 + 7200, "回复@李四:已转交执法大队");
        let s = t.finish().remove(0).expect("account seen");
        assert_eq!(s.citizen_messages, 4);
        assert_eq!(s.needs_reply, 3);
        assert_eq!(s.answered, 2);
        assert_eq!(s.latency.within_15m, 1);
        assert_eq!(s.latency.within_24h, 1);
        assert_eq!(s.unanswered_examples, vec!["c4".to_string()]);
        assert_eq!(s.median_latency_minutes, Some(10.0));
    }

    #[test]
    fn name_replies_answer_the_latest_earlier_message_in_any_input_order_regression() {
        // Regression (issue 8, property test audit_does_not_depend_on_input_order): the name
        // index kept the message inserted last, so the answer depended on the input order, and
        // a later message by the same name hid the earlier one the reply was for.
        let run = |order: &[usize]| {
            let mut t = ResponseTracker::new(ResponseConfig::default());
            let msgs = [("c1", 0), ("c2", 600), ("c3", 7200)];
            for &i in order {
                let (id, at) = msgs[i];
                t.citizen(0, id, "p1", Some("张三"), at, "请问怎么办理？", false);
            }
            t.official(0, "p1", None, 900, "回复@张三:可在线办理");
            t.finish().remove(0).expect("seen")
        };
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            let s = run(&order);
            assert_eq!(s.answered, 1, "{order:?}");
            assert_eq!(s.median_latency_minutes, Some(5.0), "{order:?}: answers c2");
        }
    }

    #[test]
    fn reply_to_another_accounts_message_does_not_count() {
        let mut t = ResponseTracker::new(ResponseConfig::default());
        t.citizen(0, "c1", "p1", None, 0, "请问？", false);
        t.official(1, "p1", Some("c1"), 10, "ok");
        let s = t.finish();
        assert_eq!(s[0].as_ref().map(|s| s.answered), Some(0));
    }

    #[test]
    fn reply_name_prefix() {
        assert_eq!(reply_name("回复@中原红盾:谢谢"), Some("中原红盾"));
        assert_eq!(reply_name("回复@a：b"), Some("a"));
        assert_eq!(reply_name("谢谢"), None);
    }
}
