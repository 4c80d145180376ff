//! Officialese (官腔/套话, P3) and its opposite, plain conversational language.
//!
//! Officialese = weighted density of set phrases from the versioned lexicon
//! (`core/lexicons/officialese.tsv`), numbered slogans (两个…三个…, 三严三实) and long nominal
//! chains (three or more nouns in a row), mapped onto [0, 1):
//! `score = 1 - exp(-d / scale)`, `d = weight / (chars / 100)^length_exponent` (length floored at
//! `min_chars`). With the default exponent 0.5 the weight is divided by the square root of the
//! length: a plain density (exponent 1) lets a long 新闻联播 item with a dozen set phrases among its
//! narrative look plainer than a 100-character post with two, while a raw count (exponent 0) would
//! only measure length. Plain language = the same transform of conversational markers: second
//! person, sentence-final particles, colloquialisms, question marks, emoticons and emoji.

use serde::{Deserialize, Serialize};

use super::{Context, WordInfo, round4, saturate};
use crate::text::frequency::is_han;

/// Settings of the officialese and plain-language scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficialeseConfig {
    /// Density at which the score reaches 1 - 1/e ≈ 0.63. Default 1.5: one or two set phrases
    /// in a 100-character post.
    pub scale: f64,
    /// Length normalisation: density = weight / (chars / 100)^exponent. Default 0.5 (square
    /// root), chosen on the train half of the officialese evaluation among 0.3..1.0 (1.0 = weight
    /// per 100 characters, the v1 formula): long transcripts and official letters stay comparable
    /// with 100-character posts without rewarding length itself. The same normalisation applies to
    /// the plain-language markers.
    pub length_exponent: f64,
    /// Length floor for the density, in characters. Default 40: a 10-character post with one
    /// set phrase is not saturated.
    pub min_chars: usize,
    /// Minimum run of nouns that counts as a nominal chain (的-less noun stack). Default 3
    /// (v1: 4): 疫情防控工作, 经济社会发展 are three-noun stacks; chosen on the train half of the
    /// officialese evaluation with the weight below.
    pub nominal_chain_min: usize,
    /// Weight of one nominal chain. Default 0.25 (v1: 0.5 for ≥ 4 nouns): three-noun stacks
    /// also occur in plain writing, so one counts like a single register word.
    pub nominal_chain_weight: f64,
    /// Weight of one numbered slogan. Default 1.0.
    pub slogan_weight: f64,
    /// Density of plain-language markers at which the plain-language score reaches 0.63.
    /// Default 2.0.
    pub plain_scale: f64,
}

impl Default for OfficialeseConfig {
    fn default() -> Self {
        OfficialeseConfig {
            scale: 1.5,
            length_exponent: 0.5,
            min_chars: 40,
            nominal_chain_min: 3,
            nominal_chain_weight: 0.25,
            slogan_weight: 1.0,
            plain_scale: 2.0,
        }
    }
}

/// One matched lexicon phrase with its category and how often it occurred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhraseMatch {
    pub phrase: String,
    pub category: String,
    pub count: usize,
    /// Summed weight of its occurrences.
    pub weight: f64,
}

/// Officialese of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Officialese {
    /// In [0, 1): 0 = no set phrase, → 1 = dense 官腔.
    pub score: f64,
    /// Weighted evidence per (characters / 100)^`length_exponent` (before the saturating
    /// transform; with exponent 1 it is the weight per 100 characters).
    pub density: f64,
    /// Matched set phrases, in first-occurrence order.
    pub matches: Vec<PhraseMatch>,
    /// Numbered slogans found (`两个维护…四个意识`, `三严三实`).
    pub slogans: Vec<String>,
    /// Long nominal chains (`疫情防控工作领导小组办公室`).
    pub nominal_chains: Vec<String>,
}

/// Plain, conversational language of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlainLanguage {
    /// In [0, 1): 0 = none of the markers, → 1 = chatty.
    pub score: f64,
    /// Weighted markers per (characters / 100)^`length_exponent`.
    pub density: f64,
    /// Matched markers (second person, particles, colloquialisms, question words).
    pub matches: Vec<PhraseMatch>,
    /// Question marks (`？`, `?`).
    pub questions: usize,
    /// `[表情]` codes and emoji.
    pub emoticons: usize,
}

pub(crate) fn aggregate<'h, 'l: 'h>(
    hits: impl IntoIterator<Item = &'h super::lexicon::Hit<'l>>,
) -> Vec<PhraseMatch> {
    let mut order: Vec<PhraseMatch> = Vec::new();
    // Hits borrow their phrase from the compiled lexicon: one phrase, one address, so the
    // address identifies it without comparing strings. `order[i]` belongs to `keys[i]`; the
    // keys of a post's few phrases stay on the stack.
    let mut keys = [std::ptr::null::<u8>(); 32];
    let mut more_keys: Vec<*const u8> = Vec::new();
    for h in hits {
        let key = h.phrase.as_ptr();
        let known = keys[..order.len().min(32)]
            .iter()
            .chain(&more_keys)
            .position(|&k| std::ptr::eq(k, key));
        if let Some(i) = known {
            let m = &mut order[i];
            m.count += 1;
            m.weight += h.weight;
        } else {
            match keys.get_mut(order.len()) {
                Some(slot) => *slot = key,
                None => more_keys.push(key),
            }
            order.push(PhraseMatch {
                phrase: h.phrase.to_string(),
                category: h.category.to_string(),
                count: 1,
                weight: h.weight,
            });
        }
    }
    for m in &mut order {
        m.weight = round4(m.weight);
    }
    order
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Officialese {
    let cfg = &ctx.config.officialese;
    let chars = ctx.counts.chars;
    let matches = aggregate(&ctx.hits.officialese);
    // The character counts already saw whether a numeral precedes a slogan head.
    let slogans = if ctx.counts.numeral_then_head {
        slogans_in(ctx.clean)
    } else {
        Vec::new()
    };
    let nominal_chains = nominal_chains(ctx.tokens, ctx.words, cfg.nominal_chain_min);
    let weight: f64 = ctx.hits.officialese.iter().map(|h| h.weight).sum::<f64>()
        + cfg.slogan_weight * slogans.len() as f64
        + cfg.nominal_chain_weight * nominal_chains.len() as f64;
    let density = length_normalised(weight, chars, cfg.min_chars, cfg.length_exponent);
    Officialese {
        score: round4(saturate(density, cfg.scale)),
        density: round4(density),
        matches,
        slogans,
        nominal_chains,
    }
}

/// `weight / (max(chars, min_chars) / 100)^exponent`; exponent 1 is the weight per 100
/// characters. A non-finite or negative exponent falls back to 1.
pub(crate) fn length_normalised(weight: f64, chars: usize, min_chars: usize, exponent: f64) -> f64 {
    let exponent = if exponent.is_finite() && exponent >= 0.0 {
        exponent
    } else {
        1.0
    };
    let hundreds = chars.max(min_chars).max(1) as f64 / 100.0;
    weight / hundreds.powf(exponent)
}

/// True for emoji and pictographs (Weibo apps insert them as characters).
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1F2FF}')
}

pub(crate) fn plain_language(ctx: &Context<'_>) -> PlainLanguage {
    let cfg = &ctx.config.officialese;
    let chars = ctx.counts.chars;
    // A one-character particle counts only at the end of a clause (啦！, 吧，), so that 酒吧,
    // 哈尔滨 and 呢绒 are not read as speech.
    let counted = |h: &&super::lexicon::Hit<'_>| {
        let single = h.phrase.chars().count() == 1;
        let final_only = h.category == "particle" || (single && h.category == "question");
        !(single && final_only && ctx.clean[h.end..].chars().next().is_some_and(is_han))
    };
    let hits = || ctx.hits.plain_language.iter().filter(counted);
    let questions = ctx.counts.questions;
    let emoji = ctx.counts.emoji;
    let emoticons = ctx.norm.emoticons.len() + emoji;
    let weight: f64 = hits().map(|h| h.weight).sum::<f64>() + questions as f64 + emoticons as f64;
    let density = length_normalised(weight, chars, cfg.min_chars, cfg.length_exponent);
    PlainLanguage {
        score: round4(saturate(density, cfg.plain_scale)),
        density: round4(density),
        matches: aggregate(hits()),
        questions,
        emoticons,
    }
}

/// Chinese numerals that head slogans (一二两三四五六七八九十). The character walk asks this of
/// every Han character: one multiply-shift picks the only numeral the character could be
/// (the multiplier gives the eleven sixteen different slots; a test checks every character
/// against [`is_numeral_listed`]).
#[inline]
pub(crate) fn is_numeral(c: char) -> bool {
    const SLOTS: [u32; 16] = {
        let mut t = [u32::MAX; 16];
        let numerals = [
            '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十',
        ];
        let mut k = 0;
        while k < numerals.len() {
            t[numeral_slot(numerals[k])] = numerals[k] as u32;
            k += 1;
        }
        t
    };
    SLOTS[numeral_slot(c)] == c as u32
}

#[inline]
const fn numeral_slot(c: char) -> usize {
    ((c as u32).wrapping_mul(0x91B7_584B) >> 28) as usize
}

/// The definition of [`is_numeral`].
#[cfg(test)]
fn is_numeral_listed(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// Characters that follow a numeral in political slogans (两个维护, 三严三实, 六稳六保, 四风).
pub(crate) fn is_slogan_head(c: char) -> bool {
    matches!(
        c,
        '个' | '大' | '项' | '条' | '严' | '实' | '稳' | '保' | '学' | '做' | '风' | '必' | '不'
    )
}

/// After `个`, these make an ordinary count (三个月, 两个人), not a slogan.
fn is_ordinary_after_ge(c: char) -> bool {
    matches!(
        c,
        '月' | '人' | '小' | '多' | '星' | '字' | '点' | '项' | '年' | '天' | '周' | '部'
    )
}

/// Numbered slogans: two or more numeral-headed units close together in one clause
/// (`两个维护…四个意识`, `三严三实`), or one inside quotation marks (`“四个全面”`). The analysis
/// takes the pre-check from [`super::CharCounts`] and calls [`slogans_in`] directly.
#[cfg(test)]
pub(crate) fn numbered_slogans(text: &str) -> Vec<String> {
    // Most texts have no numeral+head pair at all: check before collecting the characters.
    let mut it = text.chars().peekable();
    let mut any = false;
    while let Some(c) = it.next() {
        if is_numeral(c) && it.peek().is_some_and(|&n| is_slogan_head(n)) {
            any = true;
            break;
        }
    }
    if !any {
        return Vec::new();
    }
    slogans_in(text)
}

/// [`numbered_slogans`] of a text known to hold a numeral followed by a slogan head.
fn slogans_in(text: &str) -> Vec<String> {
    // A slogan needs two units, or one in quotation marks: most texts with a numeral before a
    // head (一个, 三大) have one unquoted unit, so the units are counted first on a window of
    // four characters, and the text's characters are collected only when that is not enough.
    let mut it = text.chars();
    let mut w = [None, it.next(), it.next(), it.next()];
    let (mut units, mut quoted) = (0usize, false);
    while let (Some(c), Some(n)) = (w[1], w[2]) {
        if is_numeral(c)
            && is_slogan_head(n)
            && !w[0].is_some_and(|p| is_numeral(p) || p == '第')
            && !(n == '个' && w[3].is_some_and(is_ordinary_after_ge))
        {
            units += 1;
            quoted |= w[0].is_some_and(|p| "“\"「『".contains(p));
        }
        w = [w[1], w[2], w[3], it.next()];
    }
    if units == 0 || (units == 1 && !quoted) {
        return Vec::new();
    }
    slogans_full(text)
}

/// [`slogans_in`] without the count first: the units on the collected characters, grouped.
fn slogans_full(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Positions (char index) of numeral+head units.
    let mut units: Vec<usize> = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        let (c, n) = (chars[i].1, chars[i + 1].1);
        if !is_numeral(c) || !is_slogan_head(n) {
            continue;
        }
        // 十一个 / 第三个: a numeral preceded by a numeral or 第 is a count or an ordinal.
        if i > 0 && (is_numeral(chars[i - 1].1) || chars[i - 1].1 == '第') {
            continue;
        }
        if n == '个'
            && chars
                .get(i + 2)
                .is_some_and(|&(_, a)| is_ordinary_after_ge(a))
        {
            continue;
        }
        units.push(i);
    }
    let mut out = Vec::new();
    let mut used = vec![false; units.len()];
    for a in 0..units.len() {
        if used[a] {
            continue;
        }
        // Group units within 12 characters of each other and not separated by a sentence end.
        let mut b = a;
        while b + 1 < units.len()
            && units[b + 1] - units[b] <= 12
            && !chars[units[b]..units[b + 1]]
                .iter()
                .any(|&(_, c)| "。！？；!?\n".contains(c))
        {
            b += 1;
        }
        let quoted = units[a] > 0 && "“\"「『".contains(chars[units[a] - 1].1);
        // Enumerations count up (两个维护…四个意识) or pair heads (三严三实); a run of 一个… units
        // is ordinary parallel counting (一个微笑或者一个拥抱).
        let only_one = (a..=b).all(|u| chars[units[u]].1 == '一');
        if (b > a && !only_one) || quoted {
            let start = chars[units[a]].0;
            let end_idx = (units[b] + 4).min(chars.len());
            let end = chars.get(end_idx).map_or(text.len(), |&(p, _)| p);
            let span = text[start..end]
                .trim_end_matches(|c: char| !is_han(c))
                .to_string();
            if !span.is_empty() {
                out.push(span);
            }
            for u in used.iter_mut().take(b + 1).skip(a) {
                *u = true;
            }
        }
    }
    out
}

/// Noun-like jieba tags that build nominal chains (names and places excluded: 北京市朝阳区 is
/// an address, not a bureaucratic chain). The definition; the analysis reads it from the tag's
/// bytes (`WordInfo::tag_flags`, tested against this).
#[cfg(test)]
pub(crate) fn is_nominal(tag: &str) -> bool {
    matches!(tag, "n" | "vn" | "nz" | "nt" | "an" | "ng")
}

/// Runs of at least `min` consecutive nominal words (each with a Han character): the words of
/// `tokens` whose [`WordInfo`] (same order) has both [`WordInfo::NOMINAL`] and
/// [`WordInfo::HAN`].
pub(crate) fn nominal_chains(tokens: &[&str], words: &[WordInfo], min: usize) -> Vec<String> {
    let mut out = Vec::new();
    // The current run is `tokens[run_start..i]`.
    let mut run_start = 0;
    let mut flush = |run: &[&str]| {
        if run.len() >= min.max(2) {
            out.push(run.concat());
        }
    };
    const CHAIN: u8 = WordInfo::NOMINAL | WordInfo::HAN;
    // Most words end a run of none or one: only a run long enough is handed to `flush`.
    let long = min.max(2);
    for (i, w) in words.iter().enumerate() {
        if w.flags & CHAIN != CHAIN {
            if i - run_start >= long {
                flush(tokens.get(run_start..i).unwrap_or(&[]));
            }
            run_start = i + 1;
        }
    }
    flush(tokens.get(run_start..words.len()).unwrap_or(&[]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_slots_match_the_list() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_numeral(c), is_numeral_listed(c), "{c:?}");
        }
    }

    #[test]
    fn slogan_unit_count_first_changes_nothing() {
        let pieces = [
            "一", "两", "三", "四", "十", "个", "大", "严", "实", "稳", "第", "月", "人", "“",
            "\"", "「", "。", "，", "维护", "意识", "好", "\n",
        ];
        let mut seed = 0x1234_5678_9ABC_DEF1u64;
        let mut found = 0;
        for _ in 0..40_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..(seed % 16) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let want = slogans_full(&text);
            found += usize::from(!want.is_empty());
            assert_eq!(slogans_in(&text), want, "{text:?}");
        }
        assert!(found > 1_000, "{found}");
    }

    #[test]
    fn slogans_are_found_and_counts_are_not() {
        assert_eq!(
            numbered_slogans("增强“四个意识”、坚定“四个自信”、做到“两个维护”。"),
            ["四个意识”、坚定“四个自信”、做到“两个维护"]
        );
        assert_eq!(numbered_slogans("践行三严三实要求"), ["三严三实要求"]);
        assert!(numbered_slogans("三个月大的女婴，一个小时后出院").is_empty());
        assert!(numbered_slogans("第三个人和十一个人").is_empty());
        assert!(numbered_slogans("一个微笑或者一个拥抱").is_empty());
        assert_eq!(numbered_slogans("坚持“一个中心、两个基本点”").len(), 1);
        assert!(numbered_slogans("").is_empty());
        // The one-pass character counts flag exactly the texts the pre-check lets through.
        for t in [
            "两个维护",
            "第三个人",
            "一",
            "三严三实",
            "a两个",
            "两\n个",
            "",
            "十个",
        ] {
            let flagged = super::super::CharCounts::of(t).numeral_then_head;
            let direct = t
                .chars()
                .zip(t.chars().skip(1))
                .any(|(a, b)| is_numeral(a) && is_slogan_head(b));
            assert_eq!(flagged, direct, "{t}");
        }
    }

    #[test]
    fn nominal_chain_needs_four_nouns() {
        let tokens = [
            ("疫情", Some((10, "n"))),
            ("防控", Some((9, "vn"))),
            ("工作", Some((12, "vn"))),
            ("领导小组", None),
            ("。", None),
        ];
        // Not listed: 领导小组 is read as `un`, not a noun.
        let words = super::super::word_infos(&tokens);
        let tokens = tokens.map(|t| t.0);
        assert!(nominal_chains(&tokens, &words, 3) == ["疫情防控工作"]);
        assert!(nominal_chains(&tokens, &words, 4).is_empty());
        let tokens = [
            ("疫情", Some((10, "n"))),
            ("防控", Some((9, "vn"))),
            ("工作", Some((12, "vn"))),
            ("领导小组", Some((6, "n"))),
            ("。", Some((14, "n"))),
            ("北京", Some((12, "ns"))),
        ];
        let words = super::super::word_infos(&tokens);
        let tokens = tokens.map(|t| t.0);
        assert_eq!(nominal_chains(&tokens, &words, 4), ["疫情防控工作领导小组"]);
        assert!(nominal_chains(&tokens[..3], &words[..3], 4).is_empty());
    }
}
