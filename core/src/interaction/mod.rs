//! Interaction analysis (BRIEF §2): who said what to the account, who got an answer, how fast,
//! what happened in a crisis.
//!
//! - [`classify_message`] / [`classify_messages`]: intent ([`intent`]), `needs_reply` and
//!   sentiment ([`sentiment`]) of one citizen message, with evidence.
//! - [`classifier`]: trainable naive Bayes over hashed character n-grams for users' own labels.
//! - [`threads`]: conversations rebuilt from parent pointers, `回复@name:` prefixes and `//@`
//!   repost chains; official replies found.
//!
//! Method and defaults: `docs/methodology/interaction.md`.

pub mod classifier;
pub mod intent;
pub mod lexicon;
pub mod sentiment;

pub use intent::{Intent, IntentClassifier, IntentConfig, IntentCue, IntentEvidence};
pub use lexicon::WeightedPhrase;
pub use sentiment::{
    Sentiment, SentimentAnalyzer, SentimentConfig, SentimentEvidence, SentimentLabel,
};

use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::OnceLock;

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
