//! The built-in interaction lexicons (files under `core/lexicons/`, embedded at compile time) and
//! the parsing of their line formats. Provenance: `core/lexicons/PROVENANCE.md`.
//!
//! Formats: one entry per line; `#` starts a comment line; blank lines are skipped. Weighted files
//! are `phrase<TAB>weight`; the intent file is `intent<TAB>phrase<TAB>weight`.

use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// Negative sentiment words (weights are strengths; the file gives the sign).
pub const SENTIMENT_NEGATIVE: &str = include_str!("../../lexicons/sentiment_negative.tsv");
/// Positive sentiment words.
pub const SENTIMENT_POSITIVE: &str = include_str!("../../lexicons/sentiment_positive.tsv");
/// Weibo emoticon codes with signed weights.
pub const EMOTICONS: &str = include_str!("../../lexicons/emoticons.tsv");
/// Negators (不, 没, 别, 未, 无 …).
pub const NEGATORS: &str = include_str!("../../lexicons/negators.txt");
/// Degree words with multipliers.
pub const DEGREE: &str = include_str!("../../lexicons/degree.tsv");
/// Contrast (转折) markers.
pub const CONTRAST: &str = include_str!("../../lexicons/contrast.txt");
/// Rhetorical-question markers.
pub const RHETORICAL: &str = include_str!("../../lexicons/rhetorical.txt");
/// Neutral guards (好像, 一切, 音乐 …) that hide the sentiment characters inside them.
pub const NEUTRAL: &str = include_str!("../../lexicons/neutral.txt");
/// Sarcasm markers (呵呵, [微笑]).
pub const SARCASM: &str = include_str!("../../lexicons/sarcasm.txt");
/// Intent cues.
pub const INTENT: &str = include_str!("../../lexicons/intent.tsv");
/// Outcome phrases of official follow-ups (closure).
pub const OUTCOME: &str = include_str!("../../lexicons/outcome.txt");

/// A phrase with a weight, as users pass extra lexicon entries in configs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightedPhrase {
    /// The phrase, matched literally (ASCII case-insensitively).
    pub phrase: String,
    /// Its weight (meaning depends on the lexicon: strength, signed score or multiplier).
    pub weight: f32,
}

impl WeightedPhrase {
    /// A phrase with a weight.
    pub fn new(phrase: impl Into<String>, weight: f32) -> WeightedPhrase {
        WeightedPhrase {
            phrase: phrase.into(),
            weight,
        }
    }
}

fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn bad(source: &str, line: u64, reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Model, reason).at(source, line)
}

/// Parses `phrase<TAB>weight` lines.
pub fn parse_weighted(text: &str, source: &str) -> Result<Vec<WeightedPhrase>> {
    let mut out = Vec::new();
    for (n, line) in lines(text) {
        let mut parts = line.split('\t');
        let phrase = parts.next().unwrap_or("").trim();
        let weight = parts.next().map(str::trim).unwrap_or("");
        if phrase.is_empty() {
            return Err(bad(source, n, "empty phrase"));
        }
        let weight: f32 = weight
            .parse()
            .map_err(|_| bad(source, n, format!("weight `{weight}` is not a number")))?;
        if !weight.is_finite() {
            return Err(bad(source, n, "weight is not finite"));
        }
        out.push(WeightedPhrase::new(phrase, weight));
    }
    Ok(out)
}

/// Parses a plain one-phrase-per-line list.
pub fn parse_list(text: &str) -> Vec<String> {
    lines(text).map(|(_, l)| l.trim().to_string()).collect()
}

/// Parses `label<TAB>phrase<TAB>weight` lines.
pub fn parse_labelled(text: &str, source: &str) -> Result<Vec<(String, WeightedPhrase)>> {
    let mut out = Vec::new();
    for (n, line) in lines(text) {
        let (label, rest) = line
            .split_once('\t')
            .ok_or_else(|| bad(source, n, "expected `label<TAB>phrase<TAB>weight`"))?;
        let mut parsed = parse_weighted(rest, source).map_err(|e| {
            let mut e = e;
            e.location.line = Some(n);
            e
        })?;
        let wp = parsed
            .pop()
            .ok_or_else(|| bad(source, n, "expected `label<TAB>phrase<TAB>weight`"))?;
        out.push((label.trim().to_string(), wp));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_parse() {
        assert!(parse_weighted(SENTIMENT_NEGATIVE, "neg").unwrap().len() > 300);
        assert!(parse_weighted(SENTIMENT_POSITIVE, "pos").unwrap().len() > 200);
        assert!(parse_weighted(EMOTICONS, "emo").unwrap().len() > 60);
        assert!(parse_weighted(DEGREE, "degree").unwrap().len() > 30);
        assert!(parse_list(NEGATORS).contains(&"不".to_string()));
        assert!(parse_labelled(INTENT, "intent").unwrap().len() > 200);
        assert!(!parse_list(OUTCOME).is_empty());
    }

    #[test]
    fn bad_weight_is_a_model_error_with_line() {
        let e = parse_weighted("# c\n好\tx\n", "mine").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Model);
        assert_eq!(e.location.line, Some(2));
    }
}
