//! Interaction analysis (BRIEF §2): who said what to the account, who got an answer, how fast,
//! what happened in a crisis.
//!
//! - [`classify_message`] / [`classify_messages`]: intent ([`intent`]), `needs_reply` and
//!   sentiment ([`sentiment`]) of one citizen message, with evidence.
//! - [`classifier`]: trainable naive Bayes over hashed character n-grams for users' own labels.
//! - [`threads`]: conversations rebuilt from parent pointers, `回复@name:` prefixes and `//@`
//!   repost chains; official replies found.
//!
//! - [`responsiveness`]: reply rate per class, latency, conversations, backlog, broadcast ratio.
//! - [`closure`]: complaint → response → published result.
//! - [`crisis`]: negative bursts, batch and streaming ([`crisis::CrisisDetector`]).
//! - [`analyze`]: all of it for one account → [`InteractionReport`].
//!
//! Method and defaults: `docs/methodology/interaction.md`.

pub mod classifier;
pub mod closure;
pub mod crisis;
pub mod intent;
pub mod lexicon;
pub mod responsiveness;
pub mod sentiment;
pub mod threads;

pub use intent::{Intent, IntentClassifier, IntentConfig, IntentCue, IntentEvidence};
pub use lexicon::WeightedPhrase;
pub use sentiment::{
    Sentiment, SentimentAnalyzer, SentimentConfig, SentimentEvidence, SentimentLabel,
};

use crate::error::Result;
use crate::model::{Account, Comment, Mention, Post, Timestamp};
use closure::{Closure, ClosureConfig, ComplaintInput, OfficialMessage};
use crisis::{CrisisConfig, CrisisEpisode, CrisisMessage};
use responsiveness::{MessageOutcome, NodeClass, Responsiveness, ResponsivenessConfig};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use threads::{NodeKind, ThreadConfig, Threads};

/// Settings for classifying one message: sentiment and intent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageConfig {
    pub sentiment: SentimentConfig,
    pub intent: IntentConfig,
}

/// Intent, `needs_reply` and sentiment of one message, with the phrases behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageClass {
    pub intent: Intent,
    /// The intent cues found (all intents), with weights.
    pub intent_evidence: Vec<IntentEvidence>,
    /// Would a well-run account be expected to answer (intent in
    /// [`IntentConfig::reply_expected`])?
    pub needs_reply: bool,
    pub sentiment_label: SentimentLabel,
    /// In [-1, 1].
    pub sentiment_score: f32,
    pub sentiment_evidence: Vec<SentimentEvidence>,
}

/// A compiled message classifier (sentiment + intent). Build once per configuration; it is
/// `Send + Sync` and cheap to share.
#[derive(Debug, Clone)]
pub struct MessageClassifier {
    sentiment: SentimentAnalyzer,
    intent: IntentClassifier,
    config: MessageConfig,
}

impl MessageClassifier {
    /// Compiles the lexicons of `config`.
    pub fn new(config: &MessageConfig) -> Result<MessageClassifier> {
        Ok(MessageClassifier {
            sentiment: SentimentAnalyzer::new(&config.sentiment)?,
            intent: IntentClassifier::new(&config.intent)?,
            config: config.clone(),
        })
    }

    /// The shared classifier for the default configuration, built on first use.
    pub fn default_shared() -> &'static MessageClassifier {
        static DEFAULT: OnceLock<MessageClassifier> = OnceLock::new();
        DEFAULT.get_or_init(|| {
            // The built-in lexicons are checked by unit tests, so this cannot fail at run time.
            MessageClassifier::new(&MessageConfig::default())
                .expect("built-in interaction lexicons compile")
        })
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &MessageConfig {
        &self.config
    }

    /// The sentiment analyser.
    pub fn sentiment(&self) -> &SentimentAnalyzer {
        &self.sentiment
    }

    /// The intent classifier.
    pub fn intent(&self) -> &IntentClassifier {
        &self.intent
    }

    /// Classifies one message.
    pub fn classify(&self, text: &str) -> MessageClass {
        let clean = clean_for_matching(text);
        let s = self.sentiment.analyze(&clean);
        let i = self.intent.classify_inner(&clean, s.label, true);
        MessageClass {
            intent: i.intent,
            intent_evidence: i.evidence,
            needs_reply: self.intent.needs_reply(i.intent),
            sentiment_label: s.label,
            sentiment_score: s.score,
            sentiment_evidence: s.evidence,
        }
    }

    /// Intent, `needs_reply`, sentiment label and score without evidence (the fast path).
    pub fn classify_brief(&self, text: &str) -> (Intent, bool, SentimentLabel, f32) {
        let clean = clean_for_matching(text);
        let (label, score) = self.sentiment.score(&clean);
        let i = self.intent.classify_inner(&clean, label, false).intent;
        (i, self.intent.needs_reply(i), label, score)
    }

    /// Classifies many messages (in parallel with feature `parallel`).
    pub fn classify_all(&self, texts: &[&str]) -> Vec<MessageClass> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            texts.par_iter().map(|t| self.classify(t)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            texts.iter().map(|t| self.classify(t)).collect()
        }
    }
}

/// Classifies one message. With the default config this uses a shared classifier built once;
/// with another config it compiles one (a few milliseconds): for many messages under a custom
/// config build a [`MessageClassifier`] once instead.
pub fn classify_message(text: &str, config: &MessageConfig) -> Result<MessageClass> {
    with_classifier(config, |c| c.classify(text))
}

/// Classifies many messages (rayon behind feature `parallel`).
pub fn classify_messages(texts: &[&str], config: &MessageConfig) -> Result<Vec<MessageClass>> {
    with_classifier(config, |c| c.classify_all(texts))
}

fn with_classifier<T>(
    config: &MessageConfig,
    f: impl FnOnce(&MessageClassifier) -> T,
) -> Result<T> {
    let shared = MessageClassifier::default_shared();
    if *config == shared.config {
        Ok(f(shared))
    } else {
        Ok(f(&MessageClassifier::new(config)?))
    }
}

/// Settings of the whole interaction analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InteractionConfig {
    pub message: MessageConfig,
    pub threads: ThreadConfig,
    pub responsiveness: ResponsivenessConfig,
    pub closure: ClosureConfig,
    pub crisis: CrisisConfig,
    /// Keep every citizen message's outcome in the report (large for big inputs). Default false.
    pub include_messages: bool,
}

/// Messages per class and sentiment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MessageCounts {
    /// `(intent, count)` in [`Intent::ALL`] order, zero counts included.
    pub by_intent: Vec<(Intent, u64)>,
    pub positive: u64,
    pub neutral: u64,
    pub negative: u64,
}

/// Thread statistics.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThreadSummary {
    /// Messages placed (comments kept + mentions).
    pub messages: u64,
    /// Comments dropped because they were on other accounts' posts.
    pub skipped_comments: u64,
    /// Parent pointers naming unknown ids.
    pub orphans: u64,
    /// Links found: parent pointer, `回复@`, `//@`, comment on a mention.
    pub links_by_pointer: u64,
    pub links_by_reply_prefix: u64,
    pub links_by_repost_chain: u64,
    pub links_by_mention_post: u64,
    /// Official comments answering someone (in-thread replies), with their ids (evidence).
    pub official_in_thread_replies: u64,
    pub official_in_thread_reply_ids: Vec<String>,
    /// Official comments at top level.
    pub official_top_level: u64,
}

/// Everything the interaction analysis finds for one account. The figures the health score uses
/// are explicit fields of [`Responsiveness`]: `reply_rate`, `latency.median_seconds`,
/// `needs_reply`, `answered`, `broadcast_ratio` (and see [`InteractionReport::response_signals`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InteractionReport {
    pub account_id: String,
    pub threads: ThreadSummary,
    pub messages: MessageCounts,
    pub responsiveness: Responsiveness,
    pub closure: Closure,
    pub crisis: Vec<CrisisEpisode>,
    /// Per citizen message (only with `include_messages`).
    pub message_outcomes: Vec<MessageOutcome>,
}

impl InteractionReport {
    /// The response signals the health score consumes.
    pub fn response_signals(&self) -> crate::health::signals::ResponseSignals {
        let r = &self.responsiveness;
        let mut latency = crate::health::signals::LatencyBuckets::default();
        let mut answered_examples = Vec::new();
        let mut unanswered_examples = Vec::new();
        for c in &r.by_class {
            answered_examples.extend(c.answered_examples.iter().take(5).cloned());
            unanswered_examples.extend(c.unanswered_examples.iter().take(5).cloned());
        }
        for o in &self.message_outcomes {
            if let (true, Some(s)) = (o.needs_reply, o.latency_seconds) {
                latency.add_minutes(s as f64 / 60.0);
            }
        }
        crate::health::signals::ResponseSignals {
            citizen_messages: r.citizen_messages,
            needs_reply: r.needs_reply,
            answered: r.answered,
            official_replies: r.official_replies,
            latency,
            median_latency_minutes: r.latency.median_seconds.map(|s| s / 60.0),
            p90_latency_minutes: r.latency.p90_seconds.map(|s| s / 60.0),
            unanswered_examples: r
                .backlog
                .iter()
                .map(|b| b.id.clone())
                .chain(unanswered_examples)
                .take(5)
                .collect(),
            answered_examples: answered_examples.into_iter().take(5).collect(),
            source: "zhengwu::interaction".to_string(),
        }
    }
}

/// Analyses the interaction around `account`: threads, message classes, responsiveness,
/// closure and crisis episodes.
pub fn analyze(
    account: &Account,
    posts: &[Post],
    comments: &[Comment],
    mentions: &[Mention],
    config: &InteractionConfig,
) -> Result<InteractionReport> {
    let own_posts: Vec<Post> = posts
        .iter()
        .filter(|p| p.account_id == account.id)
        .cloned()
        .collect();
    let posts_for_threads: &[Post] = if own_posts.is_empty() {
        posts
    } else {
        &own_posts
    };
    let th = threads::build(
        account,
        posts_for_threads,
        comments,
        mentions,
        &config.threads,
    );
    let text_of = |i: usize| -> &str {
        let n = &th.nodes[i];
        match n.kind {
            NodeKind::Comment => comments.get(n.index).map_or("", |c| c.text.as_str()),
            NodeKind::Mention => mentions.get(n.index).map_or("", |m| m.text.as_str()),
        }
    };
    // Classify citizen messages (official ones are responses, not messages).
    let run = |c: &MessageClassifier| -> Vec<Option<(Intent, bool, SentimentLabel, f32)>> {
        let one = |i: usize| (!th.nodes[i].official).then(|| c.classify_brief(text_of(i)));
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            (0..th.nodes.len()).into_par_iter().map(one).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            (0..th.nodes.len()).map(one).collect()
        }
    };
    let classes_full = with_classifier(&config.message, run)?;
    let classes: Vec<NodeClass> = classes_full
        .iter()
        .map(|c| c.map(|(i, n, _, _)| (i, n)))
        .collect();
    let mut counts = MessageCounts {
        by_intent: Intent::ALL.iter().map(|&i| (i, 0)).collect(),
        ..MessageCounts::default()
    };
    for (intent, _, label, _) in classes_full.iter().flatten() {
        if let Some(e) = counts.by_intent.iter_mut().find(|e| e.0 == *intent) {
            e.1 += 1;
        }
        match label {
            SentimentLabel::Positive => counts.positive += 1,
            SentimentLabel::Neutral => counts.neutral += 1,
            SentimentLabel::Negative => counts.negative += 1,
        }
    }
    let (resp, outcomes) = responsiveness::measure(
        &th,
        &classes,
        posts_for_threads.len() as u64,
        &config.responsiveness,
    );
    // Closure: complaints with their first in-thread reply.
    let first = responsiveness::first_responses(&th, &config.responsiveness);
    let complaint_inputs: Vec<ComplaintInput> = th
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(classes[*i], Some((Intent::Complaint, _))))
        .map(|(i, n)| ComplaintInput {
            id: &n.id,
            post_id: &n.post_id,
            created_at: n.created_at,
            text: text_of(i),
            reply: first[i].map(|(r, t)| (th.nodes[r].id.as_str(), t, text_of(r))),
        })
        .collect();
    let official_replies: Vec<OfficialMessage> = th
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.official)
        .map(|(i, n)| OfficialMessage {
            id: &n.id,
            created_at: n.created_at,
            text: text_of(i),
            is_post: false,
        })
        .collect();
    let mut by_post: HashMap<&str, Vec<(Timestamp, f32)>> = HashMap::new();
    for (i, n) in th.nodes.iter().enumerate() {
        if let Some((_, _, _, score)) = classes_full[i] {
            by_post
                .entry(n.post_id.as_str())
                .or_default()
                .push((n.created_at, score));
        }
    }
    let closure = closure::track(
        &complaint_inputs,
        posts_for_threads,
        &official_replies,
        &by_post,
        &config.closure,
    );
    // Crisis: negative citizen messages; official replies and posts are responses.
    let mut crisis_msgs: Vec<CrisisMessage> = th
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| CrisisMessage {
            id: n.id.clone(),
            created_at: n.created_at,
            negative: matches!(classes_full[i], Some((_, _, SentimentLabel::Negative, _))),
            official: n.official,
        })
        .collect();
    crisis_msgs.extend(posts_for_threads.iter().map(|p| CrisisMessage {
        id: p.id.clone(),
        created_at: p.created_at,
        negative: false,
        official: true,
    }));
    let crisis = crisis::detect(&crisis_msgs, &config.crisis);
    let official_ids: Vec<String> = th.official_replies().map(|n| n.id.clone()).collect();
    Ok(InteractionReport {
        account_id: account.id.clone(),
        threads: summary(&th, official_ids),
        messages: counts,
        responsiveness: resp,
        closure,
        crisis,
        message_outcomes: if config.include_messages {
            outcomes
        } else {
            Vec::new()
        },
    })
}

fn summary(th: &Threads, official_ids: Vec<String>) -> ThreadSummary {
    ThreadSummary {
        messages: th.nodes.len() as u64,
        skipped_comments: th.skipped_comments as u64,
        orphans: th.orphans as u64,
        links_by_pointer: th.links[0] as u64,
        links_by_reply_prefix: th.links[1] as u64,
        links_by_repost_chain: th.links[2] as u64,
        links_by_mention_post: th.links[3] as u64,
        official_in_thread_replies: official_ids.len() as u64,
        official_in_thread_reply_ids: official_ids,
        official_top_level: th.official_top_level() as u64,
    }
}

/// Removes `@name` handles and URLs so that names (@平安北京) and links do not match lexicon
/// words. Everything else, including emoticon codes and `#话题#`, is kept.
pub fn clean_for_matching(text: &str) -> Cow<'_, str> {
    if !text.contains('@') && !text.contains("http") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '@' {
            // A handle runs to whitespace, punctuation or a colon.
            while let Some(&(_, n)) = chars.peek() {
                if n.is_whitespace()
                    || matches!(
                        n,
                        ':' | '：' | '，' | ',' | '。' | '！' | '!' | '？' | '?' | '@' | '/' | '['
                    )
                {
                    break;
                }
                chars.next();
            }
            out.push(' ');
        } else if c == 'h'
            && (text[i..].starts_with("http://") || text[i..].starts_with("https://"))
        {
            while let Some(&(_, n)) = chars.peek() {
                if n.is_whitespace() || !n.is_ascii() {
                    break;
                }
                chars.next();
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_message_default_and_custom() {
        let m = classify_message("请问在哪里办理居住证？", &MessageConfig::default()).unwrap();
        assert_eq!(m.intent, Intent::Inquiry);
        assert!(m.needs_reply);
        let mut cfg = MessageConfig::default();
        cfg.intent.reply_expected.clear();
        let m = classify_message("请问在哪里办理居住证？", &cfg).unwrap();
        assert!(!m.needs_reply);
    }

    #[test]
    fn handles_and_urls_do_not_count() {
        assert_eq!(
            clean_for_matching("@平安北京 你好 http://t.cn/abc 谢谢"),
            "  你好   谢谢"
        );
        let m = classify_message("@平安北京", &MessageConfig::default()).unwrap();
        assert_eq!(m.sentiment_label, SentimentLabel::Neutral);
    }
}
