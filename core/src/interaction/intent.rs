//! What a citizen's message asks for: inquiry (咨询), complaint or report (投诉/举报), challenge
//! (质疑), suggestion (建议), praise (表扬) or other — from weighted cue phrases, question marks
//! and the message's sentiment, with the cues as evidence.
//!
//! Each cue found adds its weight to its intent. A question mark adds `question_weight` to
//! inquiry, unless the question is rhetorical (难道, 凭什么 … then it adds to challenge). Praise
//! cues in a negative message are discounted (`praise_when_negative`: 真负责呵呵 is not praise);
//! complaint cues in a negative message are boosted. The intent with the largest total wins if it
//! reaches `min_score`, else `other`; ties go to complaint, challenge, inquiry, suggestion, praise
//! in that order.

use super::lexicon::{self, WeightedPhrase};
use super::sentiment::SentimentLabel;
use crate::error::{Error, ErrorKind, Result};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The intent of a citizen message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// 投诉/举报: reports a problem or wrongdoing.
    Complaint,
    /// 质疑: doubts or challenges the account or its statement.
    Challenge,
    /// 咨询: asks for information or a service.
    Inquiry,
    /// 建议: proposes what should be done.
    Suggestion,
    /// 表扬: thanks or praise.
    Praise,
    /// Anything else (chat, greetings, reposts without words).
    Other,
}

impl Intent {
    /// All intents, in tie-break order.
    pub const ALL: [Intent; 6] = [
        Intent::Complaint,
        Intent::Challenge,
        Intent::Inquiry,
        Intent::Suggestion,
        Intent::Praise,
        Intent::Other,
    ];

    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Complaint => "complaint",
            Intent::Challenge => "challenge",
            Intent::Inquiry => "inquiry",
            Intent::Suggestion => "suggestion",
            Intent::Praise => "praise",
            Intent::Other => "other",
        }
    }

    /// Parses a stable name (also accepts 咨询, 投诉, 举报, 质疑, 建议, 表扬).
    pub fn parse(s: &str) -> Option<Intent> {
        Some(match s.trim() {
            "complaint" | "投诉" | "举报" | "report" => Intent::Complaint,
            "challenge" | "质疑" => Intent::Challenge,
            "inquiry" | "咨询" | "question" => Intent::Inquiry,
            "suggestion" | "建议" => Intent::Suggestion,
            "praise" | "表扬" => Intent::Praise,
            "other" | "其他" => Intent::Other,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// An extra intent cue supplied at run time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentCue {
    pub intent: Intent,
    pub phrase: String,
    pub weight: f32,
}

/// Settings of the intent classifier. Every field has a documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntentConfig {
    /// Use the built-in cues (`core/lexicons/intent.tsv`). Default `true`.
    pub use_builtin: bool,
    /// Extra cues; a phrase already present gets this weight for this intent. Default empty.
    pub extra_cues: Vec<IntentCue>,
    /// Minimum total weight for an intent other than `other`. Default 1.0.
    pub min_score: f32,
    /// Weight a (non-rhetorical) question mark adds to inquiry. Default 1.0.
    pub question_weight: f32,
    /// Weight a rhetorical question adds to challenge. Default 1.5.
    pub rhetorical_weight: f32,
    /// Factor on praise cues when the message's sentiment is negative. Default 0.2.
    pub praise_when_negative: f32,
    /// Factor on complaint and challenge cues when the sentiment is negative. Default 1.3.
    pub grievance_when_negative: f32,
    /// Intents that a well-run account is expected to answer (`needs_reply`). Default inquiry,
    /// complaint, challenge, suggestion.
    pub reply_expected: Vec<Intent>,
}

impl Default for IntentConfig {
    fn default() -> Self {
        IntentConfig {
            use_builtin: true,
            extra_cues: Vec::new(),
            min_score: 1.0,
            question_weight: 1.0,
            rhetorical_weight: 1.5,
            praise_when_negative: 0.2,
            grievance_when_negative: 1.3,
            reply_expected: vec![
                Intent::Inquiry,
                Intent::Complaint,
                Intent::Challenge,
                Intent::Suggestion,
            ],
        }
    }
}

/// One cue found in a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentEvidence {
    pub intent: Intent,
    /// The phrase (or `？` for a question mark).
    pub phrase: String,
    /// Character offset in the text.
    pub offset: usize,
    /// Its weight after the sentiment factors.
    pub weight: f32,
}

/// Result of intent classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentResult {
    pub intent: Intent,
    /// Total weight per intent (complaint, challenge, inquiry, suggestion, praise).
    pub scores: [f32; 5],
    pub evidence: Vec<IntentEvidence>,
}

/// A compiled intent classifier.
#[derive(Debug, Clone)]
pub struct IntentClassifier {
    automaton: AhoCorasick,
    /// Per pattern: (intent index, weight) pairs.
    cues: Vec<Vec<(usize, f32)>>,
    phrases: Vec<String>,
    rhetorical: AhoCorasick,
    config: IntentConfig,
}

impl IntentClassifier {
    /// Compiles the cues of `config`.
    pub fn new(config: &IntentConfig) -> Result<IntentClassifier> {
        let mut map: HashMap<String, Vec<(usize, f32)>> = HashMap::new();
        let mut add = |intent: Intent, wp: &WeightedPhrase| {
            let p = wp.phrase.trim().to_lowercase();
            if p.is_empty() || intent == Intent::Other {
                return;
            }
            let v = map.entry(p).or_default();
            v.retain(|(i, _)| *i != intent.index());
            v.push((intent.index(), wp.weight));
        };
        if config.use_builtin {
            for (label, wp) in lexicon::parse_labelled(lexicon::INTENT, "intent.tsv")? {
                let intent = Intent::parse(&label).ok_or_else(|| {
                    Error::new(
                        ErrorKind::Model,
                        format!("intent.tsv: unknown intent `{label}`"),
                    )
                })?;
                add(intent, &wp);
            }
        }
        for c in &config.extra_cues {
            add(c.intent, &WeightedPhrase::new(c.phrase.clone(), c.weight));
        }
        let mut phrases: Vec<String> = map.keys().cloned().collect();
        phrases.sort();
        let cues = phrases
            .iter()
            .map(|p| map.get(p).cloned().unwrap_or_default())
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A full DFA: the fastest search, at a few hundred KiB for these lexicons.
            .build(&phrases)
            .map_err(|e| Error::new(ErrorKind::Model, format!("intent lexicon: {e}")))?;
        let rhetorical = AhoCorasick::new(lexicon::parse_list(lexicon::RHETORICAL))
            .map_err(|e| Error::new(ErrorKind::Model, format!("rhetorical lexicon: {e}")))?;
        Ok(IntentClassifier {
            automaton,
            cues,
            phrases,
            rhetorical,
            config: config.clone(),
        })
    }

    /// The configuration this classifier was built from.
    pub fn config(&self) -> &IntentConfig {
        &self.config
    }

    /// Whether `intent` needs a reply under this configuration.
    pub fn needs_reply(&self, intent: Intent) -> bool {
        self.config.reply_expected.contains(&intent)
    }

    /// Classifies `text`, given its sentiment label.
    pub fn classify(&self, text: &str, sentiment: SentimentLabel) -> IntentResult {
        self.classify_inner(text, sentiment, true)
    }

    pub(crate) fn classify_inner(
        &self,
        text: &str,
        sentiment: SentimentLabel,
        with_evidence: bool,
    ) -> IntentResult {
        let cfg = &self.config;
        let negative = sentiment == SentimentLabel::Negative;
        let factor = |i: usize| -> f32 {
            if !negative {
                1.0
            } else if i == Intent::Praise.index() {
                cfg.praise_when_negative
            } else if i == Intent::Complaint.index() || i == Intent::Challenge.index() {
                cfg.grievance_when_negative
            } else {
                1.0
            }
        };
        let mut scores = [0.0f32; 5];
        let mut evidence = Vec::new();
        for m in self.automaton.find_iter(text) {
            let p = m.pattern().as_usize();
            for &(i, w) in &self.cues[p] {
                let w = w * factor(i);
                scores[i] += w;
                if with_evidence {
                    evidence.push(IntentEvidence {
                        intent: Intent::ALL[i],
                        phrase: self.phrases[p].clone(),
                        offset: text.get(..m.start()).map_or(0, |s| s.chars().count()),
                        weight: w,
                    });
                }
            }
        }
        if let Some(q) = text.find(['？', '?']) {
            let (i, w) = if self.rhetorical.is_match(text) {
                (Intent::Challenge.index(), cfg.rhetorical_weight)
            } else {
                (Intent::Inquiry.index(), cfg.question_weight)
            };
            scores[i] += w;
            if with_evidence {
                evidence.push(IntentEvidence {
                    intent: Intent::ALL[i],
                    phrase: "？".to_string(),
                    offset: text.get(..q).map_or(0, |s| s.chars().count()),
                    weight: w,
                });
            }
        }
        let mut best = Intent::Other;
        let mut best_score = cfg.min_score;
        for (i, &s) in scores.iter().enumerate() {
            if s >= best_score && (best == Intent::Other || s > best_score) {
                best = Intent::ALL[i];
                best_score = s;
            }
        }
        IntentResult {
            intent: best,
            scores,
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> IntentClassifier {
        IntentClassifier::new(&IntentConfig::default()).unwrap()
    }

    #[test]
    fn typical_messages() {
        let c = c();
        let n = SentimentLabel::Neutral;
        let neg = SentimentLabel::Negative;
        assert_eq!(
            c.classify("请问身份证在哪里办理？", n).intent,
            Intent::Inquiry
        );
        assert_eq!(
            c.classify("举报：小区旁工地半夜施工扰民，多次反映没人管", neg)
                .intent,
            Intent::Complaint
        );
        assert_eq!(
            c.classify("凭什么不公布调查结果？", neg).intent,
            Intent::Challenge
        );
        assert_eq!(
            c.classify("建议在路口增设红绿灯", n).intent,
            Intent::Suggestion
        );
        assert_eq!(
            c.classify("点赞！民警辛苦了", SentimentLabel::Positive)
                .intent,
            Intent::Praise
        );
        assert_eq!(c.classify("早上好", n).intent, Intent::Other);
    }

    #[test]
    fn evidence_names_the_cues() {
        let r = c().classify("请问怎么办理居住证", SentimentLabel::Neutral);
        let phrases: Vec<&str> = r.evidence.iter().map(|e| e.phrase.as_str()).collect();
        assert!(phrases.contains(&"请问"), "{phrases:?}");
        assert!(phrases.contains(&"怎么办理"), "{phrases:?}");
    }
}
