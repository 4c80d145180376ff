//! Keywords by TF-IDF and TextRank, from the post's own segmentation (no second pass).
//!
//! Candidates: words of at least two characters tagged as nouns, verbs, verbal nouns, adjectives,
//! names, places, organisations or foreign words, minus a short stop list of Weibo filler
//! (视频, 记者, 今天…). TF-IDF: `tf × idf`, with `tf = count / candidates` and IDF from jieba's
//! dictionary frequencies (`ln(total / freq)`, [`WordFrequencies::idf`]) or from the user's
//! corpus (`idf_overrides`, e.g. computed with [`idf_from_documents`]). TextRank: PageRank
//! (damping 0.85, 10 iterations as in jieba) on the co-occurrence graph of candidates within a window of
//! `window` words (Mihalcea & Tarau 2004; jieba's textrank uses span 5).

use std::collections::{BTreeMap, HashMap};

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use super::{Context, WordInfo, round4};
use crate::text::frequency::WordFrequencies;

/// Settings of keyword extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeywordsConfig {
    /// Keywords kept per method. Default 5.
    pub top_k: usize,
    /// Compute TextRank per post too. Default false: on a 100-character post TextRank adds
    /// little to TF-IDF and costs more than the segmentation (measured in
    /// docs/evaluation/quality.md); the account summary runs TextRank over all its posts.
    pub textrank: bool,
    /// TextRank co-occurrence window, in candidate words. Default 5.
    pub window: usize,
    /// IDF values that replace the dictionary estimate (a user corpus). Default empty.
    pub idf_overrides: BTreeMap<String, f64>,
    /// Extra stop words. Default empty.
    pub stop_words: Vec<String>,
}

impl Default for KeywordsConfig {
    fn default() -> Self {
        KeywordsConfig {
            top_k: 5,
            textrank: false,
            window: 5,
            idf_overrides: BTreeMap::new(),
            stop_words: Vec::new(),
        }
    }
}

/// One keyword and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    pub word: String,
    pub weight: f64,
}

/// Keywords of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Keywords {
    pub tfidf: Vec<Keyword>,
    pub textrank: Vec<Keyword>,
}

/// Weibo and news filler that would otherwise top every list.
const STOP_WORDS: [&str; 40] = [
    "视频", "微博", "网页", "链接", "全文", "展开", "转发", "记者", "今天", "昨天", "明天", "目前",
    "近日", "日前", "进行", "表示", "没有", "一个", "我们", "他们", "你们", "自己", "这个", "这些",
    "已经", "可以", "就是", "还是", "什么", "时候", "现在", "因为", "所以", "如果", "但是", "以及",
    "通过", "相关", "有关", "消息",
];

/// Tags keywords are drawn from: nouns, verbs, adjectives, abbreviations, idioms, names, `eng`,
/// `un` (not `ad`, `vd`). The definition; the analysis reads it from the tag's bytes
/// (`WordInfo::tag_flags`, tested against this).
#[cfg(test)]
pub(crate) fn is_candidate_tag(tag: &str) -> bool {
    tag == "eng"
        || tag == "un"
        || (matches!(
            tag.as_bytes().first(),
            Some(b'n' | b'v' | b'a' | b'j' | b'l' | b'i')
        ) && !matches!(tag, "ad" | "vd"))
}

/// The stop words' [`packed`] keys, sorted, and a 1024-bit filter of their [`filter_bit`]s:
/// most candidates fail the filter and skip the binary search.
struct StopKeys {
    sorted: Vec<u128>,
    filter: [u64; 16],
}

fn stop_keys() -> &'static StopKeys {
    static KEYS: OnceLock<StopKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut sorted: Vec<u128> = STOP_WORDS.iter().map(|w| packed(w)).collect();
        sorted.sort_unstable();
        let mut filter = [0u64; 16];
        for &k in &sorted {
            let b = filter_bit(k);
            filter[b / 64] |= 1 << (b % 64);
        }
        StopKeys { sorted, filter }
    })
}

/// A key's bit in the stop-word filter (0..1024).
#[inline]
fn filter_bit(key: u128) -> usize {
    (mix(key) >> 54) as usize
}

/// A 64-bit mix of a [`packed`] key (multiplicative hashing: the high bits are well spread).
#[inline]
fn mix(key: u128) -> u64 {
    ((key as u64) ^ ((key >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// `word` (with its [`packed`] key) is a stop word. Keys are exact up to 15 bytes; longer
/// words are compared in full.
fn is_stop_word(key: u128, word: &str) -> bool {
    let stop = stop_keys();
    let b = filter_bit(key);
    stop.filter[b / 64] & (1 << (b % 64)) != 0
        && stop.sorted.binary_search(&key).is_ok()
        && (word.len() <= 15 || STOP_WORDS.contains(&word))
}

/// A keyword candidate: a word of at least two characters with a keyword tag, holding a Han
/// character or made of Latin letters only. The three tests are combined without branches:
/// whether a word is a candidate is close to a coin flip, which a branch predicts badly.
#[inline(always)]
fn is_candidate(info: WordInfo) -> bool {
    info.has(WordInfo::KEYWORD_TAG)
        & (info.chars >= 2)
        & (info.flags & (WordInfo::HAN | WordInfo::ASCII_ALPHA) != 0)
}

pub(crate) fn extract(ctx: &Context<'_>) -> Keywords {
    let cfg = &ctx.config.keywords;
    // Distinct candidates with their counts, in first-occurrence order, counted in a small
    // open-addressed table of packed keys (a post has a few dozen candidates); the buffers
    // are reused from post to post.
    SCRATCH.with_borrow_mut(|scratch| {
        let Scratch {
            distinct,
            slots,
            picks,
            best,
        } = scratch;
        distinct.clear();
        if distinct.capacity() > 1 << 12 {
            distinct.shrink_to(64);
        }
        if slots.is_empty() {
            slots.resize(32, u32::MAX);
        }
        // The candidates' positions, gathered first without a branch per word: each word's
        // position is written and the end advances only past candidates.
        let words = &ctx.words[..ctx.words.len().min(ctx.tokens.len())];
        if picks.len() < words.len() {
            picks.resize(words.len(), 0);
        }
        let mut picked = 0usize;
        for (i, &info) in words.iter().enumerate() {
            if let Some(p) = picks.get_mut(picked) {
                *p = i as u32;
            }
            picked += usize::from(is_candidate(info));
        }
        let text = ctx.clean.as_bytes();
        let extra_stops = !cfg.stop_words.is_empty();
        let mut bits = slots.len().trailing_zeros();
        let mut total = 0usize;
        for &i in &picks[..picked] {
            let i = i as usize;
            let Some(&w) = ctx.tokens.get(i) else {
                continue;
            };
            let key = packed_in(w, text);
            if is_stop_word(key, w) || (extra_stops && cfg.stop_words.iter().any(|s| s == w)) {
                continue;
            }
            total += 1;
            // Keep the table at most half full.
            if 2 * (distinct.len() + 1) > slots.len() {
                while 2 * (distinct.len() + 1) > (1usize << bits) {
                    bits += 1;
                }
                slots.clear();
                slots.resize(1 << bits, u32::MAX);
                for (d, c) in distinct.iter().enumerate() {
                    let mut at = (mix(c.key) >> (64 - bits)) as usize;
                    while slots[at] != u32::MAX {
                        at = (at + 1) & (slots.len() - 1);
                    }
                    slots[at] = d as u32;
                }
            }
            let mask = slots.len() - 1;
            let mut at = (mix(key) >> (64 - bits)) as usize;
            loop {
                let d = slots[at];
                if d == u32::MAX {
                    slots[at] = distinct.len() as u32;
                    distinct.push(Distinct {
                        key,
                        word: i as u32,
                        count: 1,
                    });
                    break;
                }
                let c = &mut distinct[d as usize];
                // Equal keys are equal words up to 15 bytes.
                if c.key == key && (w.len() <= 15 || ctx.tokens[c.word as usize] == w) {
                    c.count += 1;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        // A very long text's position list is not kept for the rest of the thread's life.
        if picks.len() > 1 << 14 {
            *picks = Vec::new();
        }
        // Leave the table empty (and small) for the next post.
        if slots.len() > 256 {
            slots.clear();
            slots.shrink_to(32);
            slots.resize(32, u32::MAX);
        } else if !distinct.is_empty() {
            slots.fill(u32::MAX);
        }
        if distinct.is_empty() || cfg.top_k == 0 {
            return Keywords::default();
        }
        let textrank = if cfg.textrank {
            let words: Vec<&str> = ctx
                .tokens
                .iter()
                .zip(ctx.words)
                .filter(|&(&w, &info)| {
                    is_candidate(info)
                        && !is_stop_word(packed(w), w)
                        && !cfg.stop_words.iter().any(|s| s == w)
                })
                .map(|(&w, _)| w)
                .collect();
            top(textrank(&words, cfg.window.max(2)), cfg.top_k)
        } else {
            Vec::new()
        };
        let freq = WordFrequencies::shared();
        let total = total as f64;
        // The top k by score, then word, kept sorted while the candidates stream past: most are
        // rejected after one comparison with the k-th. The order is total (the words are
        // distinct), so this is the list a full sort gives.
        // Ties in score are common (one occurrence, same band): the words' first 15 bytes,
        // most significant first (the packed key byte-swapped, without its length byte),
        // order them as the strings do unless they are equal; then the strings decide.
        let tokens = ctx.tokens;
        let word = |i: u32| tokens.get(i as usize).copied().unwrap_or("");
        let by_rank = |a: &Best, b: &Best| {
            b.score
                .total_cmp(&a.score)
                .then((a.key >> 8).cmp(&(b.key >> 8)))
                .then_with(|| word(a.word).cmp(word(b.word)))
        };
        let k = cfg.top_k;
        // Kept between posts like the other buffers (it held `&str`s, and was allocated and
        // freed for every post).
        best.clear();
        for c in distinct.iter() {
            let i = c.word as usize;
            let idf = if cfg.idf_overrides.is_empty() {
                None
            } else {
                cfg.idf_overrides.get(word(c.word)).copied()
            }
            .unwrap_or_else(|| freq.idf_of_band(ctx.words[i].band));
            let item = Best {
                word: c.word,
                score: c.count as f64 / total * idf,
                key: c.key.swap_bytes(),
            };
            if best.len() == k {
                if best
                    .last()
                    .is_none_or(|last| by_rank(&item, last) != std::cmp::Ordering::Less)
                {
                    continue;
                }
                best.pop();
            }
            let at = best.partition_point(|x| by_rank(x, &item) == std::cmp::Ordering::Less);
            best.insert(at, item);
        }
        let tfidf = best
            .iter()
            .take(k)
            .map(|b| Keyword {
                word: word(b.word).to_string(),
                weight: round4(b.score),
            })
            .collect();
        if best.capacity() > 1 << 10 {
            *best = Vec::new();
        }
        Keywords { tfidf, textrank }
    })
}

/// One distinct candidate of a post: its packed key, the index of its first occurrence in the
/// post's words, and how often it occurs.
struct Distinct {
    key: u128,
    word: u32,
    count: u32,
}

/// A candidate among the best of a post: its first occurrence, its TF-IDF score and its
/// packed key byte-swapped (most significant byte first).
struct Best {
    word: u32,
    score: f64,
    key: u128,
}

/// Buffers of [`extract`] kept between posts (one set per thread).
#[derive(Default)]
struct Scratch {
    distinct: Vec<Distinct>,
    /// Positions of the candidates among the post's words.
    picks: Vec<u32>,
    /// The best candidates so far, in rank order.
    best: Vec<Best>,
    /// Open-addressed table: an index into `distinct`, or `u32::MAX` for an empty slot.
    slots: Vec<u32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A word's first 15 bytes and its length (capped at 255) in one integer: equal words give
/// equal keys, and different words of up to 15 bytes give different keys. Read with
/// overlapping fixed-size loads rather than a copy of variable length (a `memcpy` call).
#[inline]
fn packed(word: &str) -> u128 {
    let b = word.as_bytes();
    let n = b.len();
    let len = (n.min(255) as u128) << 120;
    let le8 = |s: &[u8]| s.try_into().map_or(0, u64::from_le_bytes);
    let le4 = |s: &[u8]| s.try_into().map_or(0, u32::from_le_bytes);
    let bytes = if n >= 16 {
        u128::from(le8(&b[..8])) | (u128::from(le8(&b[8..16]) & 0x00FF_FFFF_FFFF_FFFF) << 64)
    } else if n >= 8 {
        // Bytes 8..n are the top n - 8 bytes of the last eight.
        let tail = le8(&b[n - 8..n])
            .checked_shr(8 * (16 - n) as u32)
            .unwrap_or(0);
        u128::from(le8(&b[..8])) | (u128::from(tail) << 64)
    } else if n >= 4 {
        // Two overlapping four-byte loads: the shared bytes are equal, so OR keeps them.
        u128::from(le4(&b[..4])) | (u128::from(le4(&b[n - 4..n])) << (8 * (n - 4)))
    } else {
        b.iter()
            .enumerate()
            .fold(0, |k, (i, &x)| k | (u128::from(x) << (8 * i)))
    };
    bytes | len
}

/// [`packed`] for a word that lies in `text` (a token of the cleaned text): one 16-byte load
/// from `text` at the word's offset, masked to the word's length, in place of the loads
/// chosen by length (whose branches the mix of two- and three-character words mispredicts).
/// Words near the end of `text`, or not in it, take [`packed`].
#[inline(always)]
fn packed_in(word: &str, text: &[u8]) -> u128 {
    let n = word.len();
    let off = (word.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    // An address inside `text` is `text`'s memory: the bytes there are the word's.
    let window = off
        .checked_add(16)
        .and_then(|end| text.get(off..end))
        .and_then(|s| <[u8; 16]>::try_from(s).ok());
    match window {
        Some(bytes) if n > 0 => {
            let keep = u128::MAX >> (8 * (16 - n.min(15)));
            (u128::from_le_bytes(bytes) & keep) | ((n.min(255) as u128) << 120)
        }
        _ => packed(word),
    }
}

pub(crate) fn top(mut scored: Vec<(&str, f64)>, k: usize) -> Vec<Keyword> {
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    scored
        .into_iter()
        .take(k)
        .map(|(w, s)| Keyword {
            word: w.to_string(),
            weight: round4(s),
        })
        .collect()
}

/// PageRank iterations (jieba's textrank uses 10; the ranking is stable well before).
const ITERATIONS: usize = 10;

/// PageRank over the window co-occurrence graph; scores normalised so the best is 1.
pub(crate) fn textrank<'a>(words: &[&'a str], window: usize) -> Vec<(&'a str, f64)> {
    textrank_docs(&[words], window)
}

/// TextRank over several word sequences: edges link words within `window` of each other inside
/// one sequence, never across sequences.
pub(crate) fn textrank_docs<'a>(docs: &[&[&'a str]], window: usize) -> Vec<(&'a str, f64)> {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for words in docs {
        let seq: Vec<usize> = words
            .iter()
            .map(|w| {
                *ids.entry(w).or_insert_with(|| {
                    names.push(w);
                    names.len() - 1
                })
            })
            .collect();
        // Undirected co-occurrence edges, counted by sorting the pairs (no hash map of edges).
        for i in 0..seq.len() {
            for j in i + 1..(i + window).min(seq.len()) {
                let (a, b) = (seq[i], seq[j]);
                if a != b {
                    pairs.push((a, b));
                    pairs.push((b, a));
                }
            }
        }
    }
    let n = names.len();
    pairs.sort_unstable();
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for p in pairs.chunk_by(|x, y| x == y) {
        adj[p[0].0].push((p[0].1, p.len() as f64));
    }
    let out: Vec<f64> = adj.iter().map(|l| l.iter().map(|e| e.1).sum()).collect();
    // Edge weights divided by the source's total once, not in every iteration.
    for list in &mut adj {
        for e in list.iter_mut() {
            e.1 = if out[e.0] > 0.0 {
                0.85 * e.1 / out[e.0]
            } else {
                0.0
            };
        }
    }
    let mut score = vec![1.0; n];
    let mut next = vec![0.0; n];
    for _ in 0..ITERATIONS {
        for (v, list) in adj.iter().enumerate() {
            next[v] = 0.15 + list.iter().map(|&(u, w)| w * score[u]).sum::<f64>();
        }
        std::mem::swap(&mut score, &mut next);
    }
    let max = score.iter().copied().fold(0.0, f64::max);
    names
        .into_iter()
        .zip(score)
        .map(|(w, s)| (w, if max > 0.0 { s / max } else { 0.0 }))
        .collect()
}

/// IDF from a user corpus of already segmented documents: `ln(N / (1 + df))` + 1 (smoothed so
/// that a word in every document keeps a small positive weight).
pub fn idf_from_documents<'a, I, D>(documents: I) -> BTreeMap<String, f64>
where
    I: IntoIterator<Item = D>,
    D: IntoIterator<Item = &'a str>,
{
    let mut df: HashMap<&'a str, usize> = HashMap::new();
    let mut n = 0usize;
    for doc in documents {
        n += 1;
        let mut seen: Vec<&str> = doc.into_iter().collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *df.entry(w).or_insert(0) += 1;
        }
    }
    df.into_iter()
        .map(|(w, d)| (w.to_string(), (n as f64 / (1 + d) as f64).ln() + 1.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textrank_ranks_the_hub_first() {
        let words = ["疫情", "防控", "疫情", "物资", "疫情", "医院"];
        let r = textrank(&words, 3);
        let best = r.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(best.0, "疫情");
        assert!(textrank(&[], 5).is_empty());
    }

    #[test]
    fn textrank_is_deterministic_with_ties_regression() {
        // Regression (fuzzing, issue 8): adjacency built from a HashMap summed floats in a
        // random order, so tied words (a short poem) came out in a different order each call.
        let words = [
            "春眠",
            "不觉",
            "晓",
            "处处",
            "闻啼鸟",
            "夜来",
            "风雨",
            "声",
            "花落",
            "知多少",
        ];
        let first = top(textrank(&words, 5), 5);
        for _ in 0..50 {
            assert_eq!(top(textrank(&words, 5), 5), first);
        }
    }

    #[test]
    fn packed_keys_hold_the_first_15_bytes_and_the_length() {
        let reference = |w: &str| {
            let b = w.as_bytes();
            let n = b.len().min(15);
            let mut buf = [0u8; 16];
            buf[..n].copy_from_slice(&b[..n]);
            buf[15] = b.len().min(255) as u8;
            u128::from_le_bytes(buf)
        };
        let long = "中".repeat(100);
        for w in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "中",
            "中国",
            "abcdefg",
            "abcdefgh",
            "疫情防控",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "联防联控机制",
            "新型冠状病毒肺炎",
            &long,
        ] {
            assert_eq!(packed(w), reference(w), "{w}");
        }
    }

    #[test]
    fn keys_read_in_place_equal_the_packed_keys() {
        let text = "新型冠状病毒肺炎疫情防控abcdefghijklmnopqrstuvwxyz中国人民解放军ab";
        let b = text.as_bytes();
        for (s, _) in text.char_indices() {
            for (e, _) in text[s..]
                .char_indices()
                .map(|(i, c)| (s + i + c.len_utf8(), c))
            {
                let w = &text[s..e];
                assert_eq!(packed_in(w, b), packed(w), "{w}");
            }
        }
        // Not in the text, and the empty word.
        let other = String::from("疫情防控");
        assert_eq!(packed_in(&other, b), packed(&other));
        assert_eq!(packed_in(&text[3..3], b), packed(""));
        assert_eq!(packed_in("ab", b""), packed("ab"));
    }

    #[test]
    fn swapped_packed_keys_order_words_as_strings_do_when_they_differ() {
        let words = [
            "",
            "a",
            "ab",
            "ab\0",
            "abc",
            "b",
            "中",
            "中国",
            "中国人",
            "中国人民解放军",
            "中国人民解放军海军",
            "中国人民解放军陆军",
            "Z",
            "z",
            "\u{7f}",
            "é",
        ];
        for a in words {
            for b in words {
                let (ka, kb) = (packed(a).swap_bytes() >> 8, packed(b).swap_bytes() >> 8);
                if ka != kb {
                    assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn corpus_idf_is_lower_for_common_words() {
        let idf = idf_from_documents([vec!["口罩", "医院"], vec!["口罩"], vec!["口罩", "学校"]]);
        assert!(idf["口罩"] < idf["医院"]);
    }
}
