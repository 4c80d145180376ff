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

pub(crate) fn is_candidate_tag(tag: &str) -> bool {
    tag == "eng"
        || tag == "un"
        || (matches!(
            tag.as_bytes().first(),
            Some(b'n' | b'v' | b'a' | b'j' | b'l' | b'i')
        ) && !matches!(tag, "ad" | "vd"))
}

/// The stop words' [`packed`] keys, sorted.
fn stop_keys() -> &'static [u128] {
    static KEYS: OnceLock<Vec<u128>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut k: Vec<u128> = STOP_WORDS.iter().map(|w| packed(w)).collect();
        k.sort_unstable();
        k
    })
}

/// `word` (with its [`packed`] key) is a stop word. Keys are exact up to 15 bytes; longer
/// words are compared in full.
fn is_stop_word(key: u128, word: &str) -> bool {
    stop_keys().binary_search(&key).is_ok() && (word.len() <= 15 || STOP_WORDS.contains(&word))
}

/// A keyword candidate: a word of at least two characters with a keyword tag, holding a Han
/// character or made of Latin letters only.
fn is_candidate(info: WordInfo) -> bool {
    info.has(WordInfo::KEYWORD_TAG)
        && info.chars >= 2
        && (info.has(WordInfo::HAN) || info.has(WordInfo::ASCII_ALPHA))
}

pub(crate) fn extract(ctx: &Context<'_>) -> Keywords {
    let cfg = &ctx.config.keywords;
    // Candidates with their frequency band, counted by sorting (no hash maps: a post has a
    // few dozen candidates).
    let mut candidates: Vec<(u128, &str, Option<u8>)> = Vec::with_capacity(ctx.tags.len() / 2);
    for (&(w, _), &info) in ctx.tags.iter().zip(ctx.words) {
        if !is_candidate(info) {
            continue;
        }
        let key = packed(w);
        if is_stop_word(key, w) || cfg.stop_words.iter().any(|s| s == w) {
            continue;
        }
        candidates.push((key, w, info.band));
    }
    if candidates.is_empty() || cfg.top_k == 0 {
        return Keywords::default();
    }
    let freq = WordFrequencies::shared();
    let total = candidates.len() as f64;
    let textrank = if cfg.textrank {
        let words: Vec<&str> = candidates.iter().map(|c| c.1).collect();
        top(textrank(&words, cfg.window.max(2)), cfg.top_k)
    } else {
        Vec::new()
    };
    // Equal words must end up adjacent; the order among different words does not matter (the
    // final ranking is by score, then word). Words of up to 15 bytes compare as one integer.
    candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let mut tfidf: Vec<(&str, f64)> = candidates
        .chunk_by(|a, b| a.1 == b.1)
        .map(|run| {
            // One word, one lookup: every occurrence has the same band.
            let (_, w, band) = run[0];
            let idf = cfg
                .idf_overrides
                .get(w)
                .copied()
                .unwrap_or_else(|| freq.idf_of_band(band));
            (w, run.len() as f64 / total * idf)
        })
        .collect();
    // Only the top k are kept: select them, then sort those (the order is total, words being
    // distinct, so this is the same list a full sort gives).
    let by_rank = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(b.0));
    if tfidf.len() > cfg.top_k {
        tfidf.select_nth_unstable_by(cfg.top_k - 1, by_rank);
        tfidf.truncate(cfg.top_k);
    }
    tfidf.sort_by(by_rank);
    Keywords {
        tfidf: tfidf
            .into_iter()
            .take(cfg.top_k)
            .map(|(w, s)| Keyword {
                word: w.to_string(),
                weight: round4(s),
            })
            .collect(),
        textrank,
    }
}

/// A word's first 15 bytes and its length (capped at 255) in one integer: equal words give
/// equal keys, and different words of up to 15 bytes give different keys.
#[inline]
fn packed(word: &str) -> u128 {
    let b = word.as_bytes();
    let n = b.len().min(15);
    let mut buf = [0u8; 16];
    buf[..n].copy_from_slice(&b[..n]);
    buf[15] = b.len().min(255) as u8;
    u128::from_le_bytes(buf)
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
    fn corpus_idf_is_lower_for_common_words() {
        let idf = idf_from_documents([vec!["口罩", "医院"], vec!["口罩"], vec!["口罩", "学校"]]);
        assert!(idf["口罩"] < idf["医院"]);
    }
}
