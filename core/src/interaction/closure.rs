//! Complaint closure (P10): complaint → official response → published result.
//!
//! For each complaint, the **response** is its first official reply in the thread, else the
//! first later official post within `window_days` that shares at least `min_shared_keywords`
//! keywords with it (keywords: character bigrams of Chinese text, minus bigrams that are common
//! function words; a place such as 学府路 shares 学府 and 府路). The case is **closed** when the
//! response, or a later official reply/post sharing keywords within the window, reports an outcome
//! (已查处, 已整改, 检查结果, 通报 … `core/lexicons/outcome.txt`). Comment sentiment on the
//! complaint's post is averaged before and after the first response.

use super::lexicon;
use crate::model::{Post, Timestamp};
use aho_corasick::AhoCorasick;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Settings of closure tracking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClosureConfig {
    /// How long after a complaint a post or reply may take it up. Default 30 days.
    pub window_days: i64,
    /// Keywords a post must share with the complaint. Default 3.
    pub min_shared_keywords: usize,
    /// Extra outcome phrases. Default empty.
    pub extra_outcome_phrases: Vec<String>,
    /// Cases listed at most. Default 200.
    pub case_limit: usize,
}

impl Default for ClosureConfig {
    fn default() -> Self {
        ClosureConfig {
            window_days: 30,
            min_shared_keywords: 3,
            extra_outcome_phrases: Vec::new(),
            case_limit: 200,
        }
    }
}

/// What took a complaint up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosureResponse {
    /// `"reply"` or `"post"`.
    pub kind: String,
    pub id: String,
    pub created_at: Timestamp,
    pub latency_seconds: i64,
    /// Keywords shared with the complaint (empty for an in-thread reply).
    pub shared_keywords: Vec<String>,
    /// Outcome phrases found in it.
    pub outcome_phrases: Vec<String>,
}

/// One complaint and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosureCase {
    pub complaint_id: String,
    pub post_id: String,
    pub created_at: Timestamp,
    /// First official response.
    pub response: Option<ClosureResponse>,
    /// The official message that reported an outcome (may be the response).
    pub outcome: Option<ClosureResponse>,
    /// True when an outcome was reported.
    pub closed: bool,
    /// Mean sentiment score of citizen comments on the post before the first response, and how
    /// many.
    pub sentiment_before: Option<(f32, u64)>,
    /// The same after the first response.
    pub sentiment_after: Option<(f32, u64)>,
}

/// Closure summary.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Closure {
    pub complaints: u64,
    pub responded: u64,
    pub closed: u64,
    pub cases: Vec<ClosureCase>,
}

/// Common bigrams that carry no topic (function words, pronouns, politeness).
const STOP_BIGRAMS: &[&str] = &[
    "我们", "你们", "他们", "这个", "那个", "什么", "怎么", "没有", "就是", "还是", "但是", "因为",
    "所以", "如果", "已经", "可以", "不是", "自己", "一个", "这样", "现在", "问题", "相关", "部门",
    "工作", "情况", "进行", "有关", "请问", "谢谢", "您好", "网友", "感谢", "市民", "反映", "投诉",
    "举报", "处理", "回复", "关注", "微博", "的是", "了一", "是不",
];

/// Keyword bigrams of a text (Chinese characters only).
pub fn keywords(text: &str) -> HashSet<String> {
    keyword_codes(text).into_iter().map(bigram_text).collect()
}

/// Keyword bigrams as `(first char << 32) | second char` codes (no allocation per bigram).
fn keyword_codes(text: &str) -> HashSet<u64> {
    let mut out = HashSet::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if is_han(c) {
            if let Some(p) = prev {
                let code = ((p as u64) << 32) | c as u64;
                if !stop_codes().contains(&code) {
                    out.insert(code);
                }
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    out
}

fn bigram_text(code: u64) -> String {
    [(code >> 32) as u32, code as u32]
        .iter()
        .filter_map(|&u| char::from_u32(u))
        .collect()
}

fn stop_codes() -> &'static HashSet<u64> {
    static S: OnceLock<HashSet<u64>> = OnceLock::new();
    S.get_or_init(|| {
        STOP_BIGRAMS
            .iter()
            .filter_map(|b| {
                let mut it = b.chars();
                Some(((it.next()? as u64) << 32) | it.next()? as u64)
            })
            .collect()
    })
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

fn builtin_outcomes() -> &'static Vec<String> {
    static L: OnceLock<Vec<String>> = OnceLock::new();
    L.get_or_init(|| lexicon::parse_list(lexicon::OUTCOME))
}

/// Finds outcome phrases.
pub struct OutcomeMatcher {
    ac: Option<AhoCorasick>,
    phrases: Vec<String>,
}

impl OutcomeMatcher {
    /// Built-in plus `extra` phrases.
    pub fn new(extra: &[String]) -> OutcomeMatcher {
        let mut phrases: Vec<String> = builtin_outcomes().clone();
        phrases.extend(extra.iter().filter(|p| !p.is_empty()).cloned());
        let ac = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&phrases)
            .ok();
        OutcomeMatcher { ac, phrases }
    }

    /// Outcome phrases in `text` (deduplicated, in order).
    pub fn find(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(text) {
                let p = &self.phrases[m.pattern().as_usize()];
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
        out
    }
}

/// An official message that can respond: an in-thread reply or a post.
pub struct OfficialMessage<'a> {
    pub id: &'a str,
    pub created_at: Timestamp,
    pub text: &'a str,
    pub is_post: bool,
}

/// Input for one complaint.
pub struct ComplaintInput<'a> {
    pub id: &'a str,
    pub post_id: &'a str,
    pub created_at: Timestamp,
    pub text: &'a str,
    /// Its first in-thread official reply (id, time, text).
    pub reply: Option<(&'a str, Timestamp, &'a str)>,
}

/// Tracks closure of `complaints` against the account's `posts` and official `replies`;
/// `post_sentiment[post_id]` lists `(time, score)` of citizen comments on a post.
pub fn track<'a>(
    complaints: &[ComplaintInput<'a>],
    posts: &'a [Post],
    replies: &[OfficialMessage<'a>],
    post_sentiment: &HashMap<&str, Vec<(Timestamp, f32)>>,
    config: &ClosureConfig,
) -> Closure {
    let matcher = OutcomeMatcher::new(&config.extra_outcome_phrases);
    let window = Duration::days(config.window_days.max(0));
    let mut official: Vec<OfficialMessage> = posts
        .iter()
        .map(|p| OfficialMessage {
            id: &p.id,
            created_at: p.created_at,
            text: &p.text,
            is_post: true,
        })
        .collect();
    official.extend(replies.iter().map(|r| OfficialMessage {
        id: r.id,
        created_at: r.created_at,
        text: r.text,
        is_post: r.is_post,
    }));
    official.sort_by_key(|o| o.created_at);
    let official_keywords: Vec<HashSet<u64>> =
        official.iter().map(|o| keyword_codes(o.text)).collect();
    // Inverted index keyword → official messages (in time order), so each complaint only looks
    // at the messages that share a keyword with it.
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, kws) in official_keywords.iter().enumerate() {
        for &k in kws {
            index.entry(k).or_default().push(i);
        }
    }
    let min_shared = config.min_shared_keywords.max(1);
    let mut out = Closure::default();
    for c in complaints {
        out.complaints += 1;
        let kw = keyword_codes(c.text);
        let until = c.created_at + window;
        let mut shared_count: HashMap<usize, usize> = HashMap::new();
        for k in &kw {
            if let Some(list) = index.get(k) {
                let from = list.partition_point(|&i| official[i].created_at < c.created_at);
                for &i in &list[from..] {
                    if official[i].created_at > until {
                        break;
                    }
                    *shared_count.entry(i).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<usize> = shared_count
            .into_iter()
            .filter(|&(_, n)| n >= min_shared)
            .map(|(i, _)| i)
            .collect();
        candidates.sort_unstable();
        let shared = |i: usize| -> Vec<String> {
            let mut v: Vec<String> = kw
                .intersection(&official_keywords[i])
                .map(|&k| bigram_text(k))
                .collect();
            v.sort();
            v
        };
        let to_response = |o: &OfficialMessage, shared: Vec<String>| ClosureResponse {
            kind: if o.is_post { "post" } else { "reply" }.to_string(),
            id: o.id.to_string(),
            created_at: o.created_at,
            latency_seconds: (o.created_at - c.created_at).num_seconds().max(0),
            shared_keywords: shared,
            outcome_phrases: matcher.find(o.text),
        };
        let mut response = c.reply.map(|(id, at, text)| {
            to_response(
                &OfficialMessage {
                    id,
                    created_at: at,
                    text,
                    is_post: false,
                },
                Vec::new(),
            )
        });
        let mut outcome = response
            .as_ref()
            .filter(|r| !r.outcome_phrases.is_empty())
            .cloned();
        // Later official messages that take the complaint up by shared keywords.
        for i in candidates {
            if response.is_some() && outcome.is_some() {
                break;
            }
            let r = to_response(&official[i], shared(i));
            if response.is_none() {
                response = Some(r.clone());
            }
            if outcome.is_none() && !r.outcome_phrases.is_empty() {
                outcome = Some(r);
            }
        }
        let (before, after) = match &response {
            Some(r) => {
                let scores: &[(Timestamp, f32)] =
                    post_sentiment.get(c.post_id).map_or(&[], |v| v.as_slice());
                let mean = |f: &dyn Fn(&Timestamp) -> bool| {
                    let v: Vec<f32> = scores.iter().filter(|(t, _)| f(t)).map(|x| x.1).collect();
                    (!v.is_empty())
                        .then(|| (v.iter().sum::<f32>() / v.len() as f32, v.len() as u64))
                };
                (mean(&|t| *t < r.created_at), mean(&|t| *t >= r.created_at))
            }
            None => (None, None),
        };
        if response.is_some() {
            out.responded += 1;
        }
        if outcome.is_some() {
            out.closed += 1;
        }
        if out.cases.len() < config.case_limit {
            out.cases.push(ClosureCase {
                complaint_id: c.id.to_string(),
                post_id: c.post_id.to_string(),
                created_at: c.created_at,
                closed: outcome.is_some(),
                response,
                outcome,
                sentiment_before: before,
                sentiment_after: after,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn complaint_taken_up_by_a_later_post_with_outcome() {
        let posts = vec![
            Post::new(
                "p0",
                "gov",
                t("2024-05-01T08:00:00+08:00"),
                "五一假期安全提示",
            ),
            Post::new(
                "p1",
                "gov",
                t("2024-05-03T10:00:00+08:00"),
                "【通报】关于学府路小学门口超市销售过期食品的检查结果：已责令下架，已处罚",
            ),
        ];
        let complaints = [ComplaintInput {
            id: "c1",
            post_id: "p0",
            created_at: t("2024-05-02T09:00:00+08:00"),
            text: "举报学府路小学门口超市卖过期食品",
            reply: None,
        }];
        let none = HashMap::new();
        let c = track(&complaints, &posts, &[], &none, &ClosureConfig::default());
        assert_eq!((c.complaints, c.responded, c.closed), (1, 1, 1));
        let r = c.cases[0].outcome.as_ref().unwrap();
        assert_eq!(r.id, "p1");
        assert!(r.shared_keywords.contains(&"学府".to_string()));
        assert!(r.outcome_phrases.contains(&"检查结果".to_string()));
    }
}
