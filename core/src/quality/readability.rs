//! Readability (P4, P9 短平快): sentence and word lengths, rare characters and words, the
//! 徐巍–姚振晔–陈冬华 (2021) indices, a Chinese Fog index with words actually counted, and length
//! against the 140-character norm.
//!
//! Every measure is an average or a share, so it does not grow with text length: cntext 2.2.1
//! never counts words (its `total_words` stays 1), so its Fog index and ARI grow with the length of
//! the text; a regression test below pins ours down.

use serde::{Deserialize, Serialize};

use super::{Context, WordInfo, round4};

/// Settings of readability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadabilityConfig {
    /// The length norm, in characters. Default 140 (Weibo's historical limit).
    pub length_norm: usize,
    /// A word is rare when its dictionary frequency band (`floor(log2 freq)`) is at most this, or
    /// when it is not among the 40,000 most frequent dictionary words. Default 7 (frequency
    /// < 256, i.e. outside roughly the 20,000 most frequent words).
    pub rare_word_max_band: u8,
    /// Words of at least this many characters are "complex" in the Fog index. Default 3 (as in
    /// cntext).
    pub complex_word_chars: usize,
}

impl Default for ReadabilityConfig {
    fn default() -> Self {
        ReadabilityConfig {
            length_norm: 140,
            rare_word_max_band: 7,
            complex_word_chars: 3,
        }
    }
}

/// Readability of a post. Shares are in [0, 1]; counts are of the cleaned own text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Readability {
    /// Letters and digits (Han characters, Latin letters, digits): punctuation and spaces excluded.
    pub chars: usize,
    /// Han characters.
    pub han_chars: usize,
    /// Sentences holding a letter or digit.
    pub sentences: usize,
    /// Clauses (分句: sentences further cut at ，、：).
    pub clauses: usize,
    /// Words (jieba tokens holding a letter or digit).
    pub words: usize,
    pub chars_per_sentence: f64,
    pub words_per_sentence: f64,
    /// Mean characters per word.
    pub chars_per_word: f64,
    /// Share of Han characters outside the 2,500 common characters.
    pub rare_char_share: f64,
    /// Share of Han words that are rare by dictionary frequency.
    pub rare_word_share: f64,
    /// Share of words tagged adverb (`d`) or conjunction (`c`).
    pub adverb_conjunction_share: f64,
    /// 徐巍 et al. (2021) readability1: Han characters per clause.
    pub xu_readability1: f64,
    /// 徐巍 et al. (2021) readability2: mean over sentences of the adverb + conjunction share.
    pub xu_readability2: f64,
    /// 徐巍 et al. (2021) readability3: (readability1 + readability2) / 2.
    pub xu_readability3: f64,
    /// Gunning Fog adapted to Chinese with words counted: 0.4 × (words/sentence + 100 × complex/words).
    pub fog_index: f64,
    /// `chars / length_norm`.
    pub length_ratio: f64,
    /// Longer than the length norm.
    pub over_length_norm: bool,
}

pub(crate) fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | '、' | '：' | ',' | ':' | '；' | ';')
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Readability {
    let cfg = &ctx.config.readability;
    let chars = ctx.counts.word_chars;
    let han = ctx.counts.han;
    let rare_chars = ctx.counts.rare_han;
    let mut words = 0usize;
    let mut han_words = 0usize;
    let mut rare_words = 0usize;
    let mut complex = 0usize;
    let mut adv_conj = 0usize;
    let mut word_chars = 0usize;
    // Per-sentence adverb/conjunction shares, for readability2. Sentence boundaries are found
    // by walking the tokens against the sentence end marks.
    // (Summed in sentence order, as a vector of the shares summed them.)
    let (mut share_sum, mut share_count) = (0.0f64, 0usize);
    // The counts `words` and `adv_conj` had when the current sentence began.
    let (mut s_words, mut s_advconj) = (0usize, 0usize);
    // Settings read once, and the per-word counts added as 0/1 (every token passes here).
    let (complex_min, rare_max) = (cfg.complex_word_chars, cfg.rare_word_max_band);
    const COUNTED: u8 = WordInfo::TAG_X | WordInfo::WORD_CHAR;
    for &w in ctx.words {
        let f = w.flags;
        if f & COUNTED == WordInfo::WORD_CHAR {
            let n = w.chars as usize;
            words += 1;
            word_chars += n;
            complex += usize::from(n >= complex_min);
            adv_conj += usize::from(f & WordInfo::ADV_CONJ != 0);
            let han = f & WordInfo::HAN != 0;
            han_words += usize::from(han);
            rare_words += usize::from(han && w.band.is_none_or(|b| b <= rare_max));
        } else if f & WordInfo::SENTENCE_END != 0 && words > s_words {
            share_sum += (adv_conj - s_advconj) as f64 / (words - s_words) as f64;
            share_count += 1;
            s_words = words;
            s_advconj = adv_conj;
        }
    }
    if words > s_words {
        share_sum += (adv_conj - s_advconj) as f64 / (words - s_words) as f64;
        share_count += 1;
    }
    let sentences = ctx.sentences.len();
    let clauses = ctx.counts.clauses;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let words_per_sentence = ratio(words, sentences);
    let r1 = ratio(han, clauses);
    let r2 = if share_count == 0 {
        0.0
    } else {
        share_sum / share_count as f64
    };
    let fog = if words == 0 {
        0.0
    } else {
        0.4 * (words_per_sentence + 100.0 * ratio(complex, words))
    };
    let norm = cfg.length_norm.max(1);
    Readability {
        chars,
        han_chars: han,
        sentences,
        clauses,
        words,
        chars_per_sentence: round4(ratio(chars, sentences)),
        words_per_sentence: round4(words_per_sentence),
        chars_per_word: round4(ratio(word_chars, words)),
        rare_char_share: round4(ratio(rare_chars, han)),
        rare_word_share: round4(ratio(rare_words, han_words)),
        adverb_conjunction_share: round4(ratio(adv_conj, words)),
        xu_readability1: round4(r1),
        xu_readability2: round4(r2),
        xu_readability3: round4((r1 + r2) / 2.0),
        fog_index: round4(fog),
        length_ratio: round4(chars as f64 / norm as f64),
        over_length_norm: chars > norm,
    }
}

#[cfg(all(test, feature = "default-dict"))]
mod tests {
    use crate::Post;
    use crate::quality::{QualityConfig, analyze_post};

    fn readability(text: &str) -> super::Readability {
        let t = chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00+08:00").unwrap();
        analyze_post(&Post::new("r", "a", t, text), &QualityConfig::default()).readability
    }

    #[test]
    fn indices_do_not_grow_with_length_regression_against_cntext_2_2_1() {
        // cntext 2.2.1 keeps total_words at 1, so its Fog index and ARI grow with the text's
        // length; a text repeated k times has the same sentence and word lengths.
        let one = "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩，在滩上转圈漂移。专家介绍，钙华景观一年最多形成几毫米，破坏几乎不可逆。";
        let r1 = readability(one);
        let r4 = readability(&one.repeat(4));
        assert!(r1.words > 10);
        assert_eq!(r4.words, 4 * r1.words);
        for (a, b) in [
            (r1.fog_index, r4.fog_index),
            (r1.words_per_sentence, r4.words_per_sentence),
            (r1.chars_per_sentence, r4.chars_per_sentence),
            (r1.xu_readability1, r4.xu_readability1),
            (r1.xu_readability3, r4.xu_readability3),
            (r1.rare_word_share, r4.rare_word_share),
        ] {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        assert!(!r4.over_length_norm || r4.chars > 140);
    }

    #[test]
    fn one_pass_clause_count_equals_splitting_each_sentence() {
        let texts = [
            "他说：“来了！”我们走吧。好",
            "一、二、三；四：五,六!!“七”  八\n九…… 十",
            "，。！",
            "",
            "【直播！央视记者】连日来，抗议活动持续升级。（央视记者刘骁骞）",
            "a,b:c;d?e",
        ];
        for t in texts {
            let by_sentence: usize = crate::text::content_sentences(t)
                .map(|s| {
                    s.split(super::is_clause_mark)
                        .filter(|p| p.chars().any(crate::text::frequency::is_word_char))
                        .count()
                })
                .sum();
            assert_eq!(
                crate::quality::CharCounts::of(t).clauses,
                by_sentence,
                "{t}"
            );
        }
    }

    #[test]
    fn rare_characters_and_words_are_counted() {
        let plain = readability("今天天气很好，我们去公园玩。");
        let rare = readability("钙华滩的鸵鸟在亚拢沟踟蹰。");
        assert!(rare.rare_char_share > plain.rare_char_share);
        assert!(rare.rare_word_share > plain.rare_word_share);
        assert_eq!(readability("").sentences, 0);
    }
}
