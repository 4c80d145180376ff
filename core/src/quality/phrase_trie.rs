//! A character trie that finds every occurrence of every phrase in a text (overlapping, as an
//! Aho–Corasick automaton with standard match semantics reports them), built for the lexicon
//! scan of post quality.
//!
//! Why not an Aho–Corasick DFA: with ~750 phrases its transition table is about 2.3 MB, and
//! inside the per-post pass (where jieba's dictionary has just been walked) nearly every byte
//! of the scan missed the cache; the scan cost 3× what it costs on its own. The trie keeps its
//! edges in one small hash map and answers most questions from bit sets, so the scan's working
//! set stays in cache.
//!
//! Half of all characters of news text start some phrase (对, 最, 美, 你…), and most walks end
//! at the second character; so for a Han character the trie asks two bit sets first: is the
//! character alone a phrase (2.6 kB, one bit per character), and may the pair it forms with the
//! next character begin one (an 8 kB filter of every phrase's first two characters). Only then
//! does it walk the edge map, whose deeper edges have their own filter.

use rustc_hash::{FxHashMap, FxHashSet};

const HAN_BASE: u32 = 0x4E00;
const HAN_LAST: u32 = 0x9FFF;
/// 64-bit words of a bit set over U+4E00..=U+9FFF.
const HAN_WORDS: usize = ((HAN_LAST - HAN_BASE) / 64 + 1) as usize;

#[derive(Debug, Default)]
pub(crate) struct PhraseTrie {
    /// One bit per character U+4E00..=U+9FFF: the character alone is a phrase.
    han_single: Vec<u64>,
    /// A 2^16-bit filter of the first two characters of every phrase of two or more
    /// ([`pair_bit`]). With `han_single` it decides for a Han character whether any phrase can
    /// start there, from its own and the next character's code points.
    pair_filter: Vec<u64>,
    /// One bit per ASCII character: some phrase starts with it.
    ascii_starts: u128,
    /// Other non-Han characters that start a phrase (punctuation, extension-A Han…).
    other_starts: FxHashSet<char>,
    /// (node << 21 | next character) → node; the root is node 0.
    edges: FxHashMap<u64, u32>,
    /// A 2^16-bit filter of the keys of `edges` below the root ([`filter_bit`]).
    edge_filter: Vec<u64>,
    /// Per node: the index of the phrase ending there, plus one (0: none).
    ends: Vec<u32>,
}

/// The key of the edge from `node` on `c` in [`PhraseTrie::edges`] (a char fits in 21 bits).
#[inline]
fn edge(node: u32, c: u32) -> u64 {
    (u64::from(node) << 21) | u64::from(c)
}

/// An edge key's bit in [`PhraseTrie::edge_filter`]; with node 0 and the second character in
/// place of the node, a pair's bit in [`PhraseTrie::pair_filter`].
#[inline]
fn filter_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

/// The bit of the character pair `c`, `d` in [`PhraseTrie::pair_filter`].
#[inline]
fn pair_bit(c: u32, d: u32) -> usize {
    filter_bit((u64::from(d) << 21) | u64::from(c))
}

/// Decodes the character at byte `i` of `b` (valid UTF-8, `i` on a boundary): its code point
/// and byte length. Read from the bytes: the scan needs code points, not `char`s.
#[inline]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let x = b[i];
    let cont = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    if x < 0x80 {
        (u32::from(x), 1)
    } else if x < 0xE0 {
        ((u32::from(x & 0x1F) << 6) | cont(1), 2)
    } else if x < 0xF0 {
        ((u32::from(x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            (u32::from(x & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

#[inline]
fn bit(set: &[u64], i: usize) -> bool {
    set[i / 64] & (1 << (i % 64)) != 0
}

#[inline]
fn set_bit(set: &mut [u64], i: usize) {
    set[i / 64] |= 1 << (i % 64);
}

impl PhraseTrie {
    /// A trie of `phrases`; a phrase's index in the iterator is the id [`PhraseTrie::scan`]
    /// reports. Empty phrases are ignored; of duplicate phrases the last one's id is kept.
    pub(crate) fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseTrie {
        let mut t = PhraseTrie {
            han_single: vec![0; HAN_WORDS],
            pair_filter: vec![0; (1 << 16) / 64],
            edge_filter: vec![0; (1 << 16) / 64],
            ends: vec![0],
            ..PhraseTrie::default()
        };
        for (id, phrase) in phrases.into_iter().enumerate() {
            let mut cs = phrase.chars();
            let Some(first) = cs.next() else {
                continue;
            };
            match (han_offset(first as u32), cs.next()) {
                (Some(i), None) => set_bit(&mut t.han_single, i),
                (Some(_), Some(second)) => {
                    set_bit(&mut t.pair_filter, pair_bit(first as u32, second as u32));
                }
                (None, _) if first.is_ascii() => t.ascii_starts |= 1 << (first as u32),
                (None, _) => {
                    t.other_starts.insert(first);
                }
            }
            let mut node = 0u32;
            for c in phrase.chars() {
                let next = t.ends.len() as u32;
                let key = edge(node, c as u32);
                if node > 0 {
                    set_bit(&mut t.edge_filter, filter_bit(key));
                }
                node = *t.edges.entry(key).or_insert(next);
                if node == next {
                    t.ends.push(0);
                }
            }
            t.ends[node as usize] = id as u32 + 1;
        }
        t
    }

    /// Some phrase may start with `c` followed by `d` (`None`: `c` ends the text).
    #[inline(always)]
    fn may_start(&self, c: u32, d: Option<u32>) -> bool {
        match han_offset(c) {
            Some(i) => {
                bit(&self.han_single, i)
                    || d.is_some_and(|d| bit(&self.pair_filter, pair_bit(c, d)))
            }
            None if c < 0x80 => self.ascii_starts & (1 << c) != 0,
            None => {
                !self.other_starts.is_empty()
                    && char::from_u32(c).is_some_and(|ch| self.other_starts.contains(&ch))
            }
        }
    }

    /// Calls `found(start, end, id)` for every occurrence of every phrase in `text` (byte
    /// offsets), by increasing start, then increasing end.
    pub(crate) fn scan(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let b = text.as_bytes();
        if b.is_empty() {
            return;
        }
        let mut start = 0;
        let (mut c, mut len) = decode(b, 0);
        while start < b.len() {
            let after = start + len;
            // Each character is decoded once: the next one is needed for the start test anyway.
            let next = (after < b.len()).then(|| decode(b, after));
            if self.may_start(c, next.map(|n| n.0)) {
                if let Some(&first) = self.edges.get(&edge(0, c)) {
                    self.walk(b, start, after, first, &mut found);
                }
            }
            let Some((d, dlen)) = next else {
                break;
            };
            start = after;
            c = d;
            len = dlen;
        }
    }

    /// Reports the phrases that start at `start` and whose first character (ending at `end`)
    /// led to `node`, walking on character by character.
    #[inline]
    fn walk(
        &self,
        b: &[u8],
        start: usize,
        mut end: usize,
        mut node: u32,
        found: &mut impl FnMut(usize, usize, usize),
    ) {
        loop {
            let hit = self.ends.get(node as usize).copied().unwrap_or(0);
            if hit > 0 {
                found(start, end, hit as usize - 1);
            }
            if end >= b.len() {
                break;
            }
            let (d, dlen) = decode(b, end);
            let key = edge(node, d);
            if !bit(&self.edge_filter, filter_bit(key)) {
                break;
            }
            let Some(&next) = self.edges.get(&key) else {
                break;
            };
            node = next;
            end += dlen;
        }
    }
}

/// Offset of `c` in U+4E00..=U+9FFF.
#[inline]
fn han_offset(u: u32) -> Option<usize> {
    (HAN_BASE..=HAN_LAST)
        .contains(&u)
        .then(|| (u - HAN_BASE) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(t: &PhraseTrie, text: &str) -> Vec<(usize, usize, usize)> {
        let mut v = Vec::new();
        t.scan(text, |s, e, id| v.push((s, e, id)));
        v
    }

    #[test]
    fn reports_every_overlapping_occurrence_like_standard_aho_corasick() {
        let phrases = [
            "重视",
            "高度重视",
            "高度",
            "Q&A",
            "？",
            "度重",
            "",
            "𠀀字",
            "视",
            "我",
            "我局",
            "局",
        ];
        let t = PhraseTrie::new(phrases);
        let text = "我局高度重视Q&A？高度𠀀字视我";
        let got = all(&t, text);
        // The same set of matches, brute force.
        let mut want = Vec::new();
        for (id, p) in phrases.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(i) = text[from..].find(p) {
                want.push((from + i, from + i + p.len(), id));
                from += i + p.chars().next().map_or(1, char::len_utf8);
            }
        }
        let mut g = got.clone();
        g.sort_unstable();
        want.sort_unstable();
        assert_eq!(g, want);
        assert!(got.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert!(all(&t, "").is_empty());
        assert!(all(&PhraseTrie::new([]), text).is_empty());
    }
}
