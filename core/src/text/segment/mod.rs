//! Our implementation of jieba's default segmentation, `Jieba::cut(text, true)` of jieba-rs 0.11,
//! token for token (the parity script `scripts/segment_parity.rs` and the property tests check
//! it), built for the quality pass:
//!
//! - each token comes with what the dictionary knows of it (its word id, hence the frequency band
//!   and tag of [`WordFrequencies`]), so the pass does not look every token up a second time;
//! - the dictionary builds faster than jieba-rs's (one pass over the text, a pre-sized table);
//! - the best route is computed while walking the prefix tree, from the end of the block
//!   backwards, with no intermediate graph.
//!
//! The algorithm is jieba's: text is split into runs of the dictionary class
//! ([`classes::is_dictionary_char`]) and the rest (one token per character, `\r\n` together).
//! In a run, every dictionary word starting at every character is an edge; the route maximises
//! the sum of `ln(freq) - ln(total)` over its words (a character that starts no word is an edge of
//! frequency 1), ties going to the longer word. Consecutive single characters the route leaves
//! are one token when together they are a dictionary word, and are otherwise cut by jieba's HMM
//! ([`hmm`]: jieba-rs's Viterbi over jieba's model, whose tokens come out as character ranges, so
//! that a token's word id is known from the route where it can be).

mod classes;
mod hmm;
mod trie;

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Result};
use crate::text::frequency::WordFrequencies;

pub(crate) use classes::is_dictionary_char;
use trie::{NO_WORD, Trie};

/// Token id meaning "not looked up" (HMM tokens and characters outside dictionary runs).
const LOOK_UP: u32 = u32::MAX - 1;
/// Packed band entry meaning "not among the listed frequent words".
const NOT_LISTED: u16 = u16::MAX;

/// A dictionary and jieba's segmentation over it.
pub(crate) struct Segmenter {
    trie: Trie,
    freqs: Vec<usize>,
    tags: Vec<u16>,
    tag_names: Vec<Box<str>>,
    total: usize,
    log_total: f64,
    /// Each word's entry in the frequent-word table, worked out on first use.
    bands: OnceLock<Bands>,
}

struct Bands {
    /// Word id → `band << 8 | tag index` in [`WordFrequencies`], or [`NOT_LISTED`]; ends after
    /// the last listed word (the words after it are not listed).
    of_word: Vec<u16>,
    /// Every listed word is in this dictionary, so a word outside it is not listed either.
    complete: bool,
    /// Some listed word is one character that is not a letter or digit (jieba's table has none,
    /// so punctuation tokens need no lookup).
    lists_punctuation: bool,
}

/// One step of the best route: log-probability of the rest of the block from here, the index of
/// the character after the chosen word, that word's id ([`NO_WORD`] for a lone character) and the
/// end of the longest dictionary word starting here (0 for none).
#[derive(Clone, Copy)]
struct Step {
    prob: f64,
    end: u32,
    word: u32,
    reach: u32,
}

/// A block of [`Segmenter::split_window`]: its byte range in the window and the end of its
/// characters in the window's list of dictionary characters (a block outside the dictionary
/// class has none, so its end equals the previous block's).
#[derive(Clone, Copy)]
struct Block {
    start: u32,
    end: u32,
    chars_end: u32,
}

/// Bytes of text split (and their second steps asked for) ahead of the route.
const WINDOW: usize = 4096;

#[derive(Default)]
struct Scratch {
    chars: Vec<(u32, char)>,
    blocks: Vec<Block>,
    route: Vec<Step>,
    hmm: hmm::Hmm,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The entries of a dictionary text as jieba-rs's `load_dict` reads them: lines split at
/// whitespace, a missing frequency is 0, a missing tag empty, a frequency that is not an integer
/// an error.
fn entries(text: &str) -> impl Iterator<Item = Result<(&str, usize, &str)>> {
    text.split_inclusive('\n')
        .enumerate()
        .filter_map(|(no, line)| {
            let mut parts = line.split_whitespace();
            let word = parts.next()?;
            let freq = match parts.next() {
                None => Ok(0),
                Some(f) => f.parse::<usize>().map_err(|e| {
                    Error::new(
                        ErrorKind::Model,
                        format!(
                            "cannot load the segmentation dictionary: line {} frequency {f} is not a valid integer: {e}",
                            no + 1
                        ),
                    )
                }),
            };
            Some(freq.map(|f| (word, f, parts.next().unwrap_or(""))))
        })
}

/// One character that is not a letter or digit.
#[inline]
fn is_punctuation(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if !crate::text::frequency::is_word_char(c))
}

/// jieba's default dictionary text, found in the jieba-rs sources by `core/build.rs`.
#[cfg(feature = "default-dict")]
pub(crate) static DEFAULT_DICT: &str = include_str!(concat!(env!("OUT_DIR"), "/jieba_dict.txt"));

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("words", &self.freqs.len())
            .field("total", &self.total)
            .finish()
    }
}

impl Segmenter {
    /// No words: every run is cut by the HMM.
    pub(crate) fn empty() -> Segmenter {
        Segmenter::with_capacity(0)
    }

    fn with_capacity(words: usize) -> Segmenter {
        Segmenter {
            // jieba's dictionary has about 1.45 prefix-tree nodes per word.
            trie: Trie::with_capacity(words + words / 2),
            freqs: Vec::with_capacity(words),
            tags: Vec::with_capacity(words),
            tag_names: Vec::new(),
            total: 0,
            log_total: 0f64.ln(),
            bands: OnceLock::new(),
        }
    }

    /// jieba's default dictionary.
    #[cfg(feature = "default-dict")]
    pub(crate) fn default_dictionary() -> Segmenter {
        // The embedded file is well formed (a test checks it), so this never falls back.
        Segmenter::from_dict_text(DEFAULT_DICT).unwrap_or_else(|_| Segmenter::empty())
    }

    /// A dictionary in jieba's text format (`word [freq [tag]]` per line), read as
    /// `Jieba::with_dict` reads it: a word listed again only has its frequency replaced.
    pub(crate) fn from_dict_bytes(bytes: &[u8]) -> Result<Segmenter> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::new(
                ErrorKind::Model,
                format!("cannot load the segmentation dictionary: not UTF-8 ({e})"),
            )
        })?;
        Segmenter::from_dict_text(text)
    }

    fn from_dict_text(text: &str) -> Result<Segmenter> {
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        if let Some(s) = Segmenter::from_sorted(lines, entries(text))? {
            return Ok(s);
        }
        let mut s = Segmenter::with_capacity(lines.min(1 << 22));
        for entry in entries(text) {
            let (word, freq, tag) = entry?;
            match s.trie.get(word) {
                Some(id) => s.set_freq(word, id, freq),
                None => s.load(word, freq, tag),
            }
        }
        s.order_by_frequency();
        s.finish_load();
        Ok(s)
    }

    /// The dictionary built by [`trie::SortedBuilder`] when its words come in strictly
    /// increasing order (jieba's file does); `Ok(None)` as soon as one does not.
    fn from_sorted<'t>(
        lines: usize,
        entries: impl Iterator<Item = Result<(&'t str, usize, &'t str)>>,
    ) -> Result<Option<Segmenter>> {
        let mut s = Segmenter::with_capacity(0);
        s.freqs.reserve(lines);
        s.tags.reserve(lines);
        let mut b = trie::SortedBuilder::new(lines);
        for entry in entries {
            let (word, freq, tag) = entry?;
            let Some(id) = u32::try_from(s.freqs.len()).ok().filter(|&id| id < LOOK_UP) else {
                return Ok(None);
            };
            if !b.push(word, id, (freq as f64).ln()) {
                return Ok(None);
            }
            s.freqs.push(freq);
            let tag = s.tag_index(tag);
            s.tags.push(tag);
        }
        s.trie = b.finish();
        s.order_by_frequency();
        s.finish_load();
        Ok(Some(s))
    }

    /// Renumbers the words by decreasing frequency band (`⌊log2 freq⌋`, file order within a
    /// band), so that the frequent words text is mostly made of have the smallest ids and their
    /// entries in [`Bands::of_word`] share a few cache lines: the listed words are jieba's most
    /// frequent, and looking a token's entry up in a table indexed in file order missed the
    /// cache about once per token inside the quality pass.
    fn order_by_frequency(&mut self) {
        let band = |f: usize| 64 - (usize::BITS - f.leading_zeros()) as usize;
        let mut starts = [0u32; 66];
        for &f in &self.freqs {
            starts[band(f) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let new: Vec<u32> = self
            .freqs
            .iter()
            .map(|&f| {
                let at = &mut starts[band(f)];
                *at += 1;
                *at - 1
            })
            .collect();
        self.trie.renumber_words(&new);
        let mut freqs = vec![0; self.freqs.len()];
        let mut tags = vec![0; self.tags.len()];
        for ((&n, &f), &t) in new.iter().zip(&self.freqs).zip(&self.tags) {
            if let (Some(fs), Some(ts)) = (freqs.get_mut(n as usize), tags.get_mut(n as usize)) {
                (*fs, *ts) = (f, t);
            }
        }
        self.freqs = freqs;
        self.tags = tags;
    }

    /// Appends a word known to be new.
    fn load(&mut self, word: &str, freq: usize, tag: &str) {
        let Ok(id) = u32::try_from(self.freqs.len()) else {
            return;
        };
        let log_freq = (freq as f64).ln();
        if id >= LOOK_UP || self.trie.insert(word, id, log_freq) != id {
            return;
        }
        self.freqs.push(freq);
        let tag = self.tag_index(tag);
        self.tags.push(tag);
    }

    fn tag_index(&mut self, tag: &str) -> u16 {
        let i = match self.tag_names.iter().position(|t| &**t == tag) {
            Some(i) => i,
            None => {
                self.tag_names.push(tag.into());
                self.tag_names.len() - 1
            }
        };
        u16::try_from(i).unwrap_or(u16::MAX)
    }

    fn set_freq(&mut self, word: &str, id: u32, freq: usize) {
        if let Some(f) = self.freqs.get_mut(id as usize) {
            *f = freq;
            self.trie.set_log_freq(word, (freq as f64).ln());
        }
    }

    fn finish_load(&mut self) {
        // Wrapping like jieba-rs's release build would on absurd user frequencies.
        self.total = self.freqs.iter().fold(0usize, |a, &f| a.wrapping_add(f));
        self.log_total = (self.total as f64).ln();
        self.bands = OnceLock::new();
    }

    /// Number of dictionary words.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.freqs.len()
    }

    /// True when `word` is a dictionary word.
    pub(crate) fn has_word(&self, word: &str) -> bool {
        self.trie.get(word).is_some()
    }

    fn word_freq(&self, word: &str, default: usize) -> usize {
        self.trie
            .get(word)
            .and_then(|id| self.freqs.get(id as usize).copied())
            .unwrap_or(default)
    }

    /// jieba's `suggest_freq`: a frequency just high enough to keep `segment` together.
    pub(crate) fn suggest_freq(&self, segment: &str) -> usize {
        let logtotal = self.log_total;
        let mut words = Vec::new();
        self.cut_each::<false>(segment, &mut |w, _| words.push(w));
        let logfreq = words.iter().fold(0f64, |freq, w| {
            freq + (self.word_freq(w, 1) as f64).ln() - logtotal
        });
        std::cmp::max(
            ((logfreq + logtotal).exp() as usize).wrapping_add(1),
            self.word_freq(segment, 1),
        )
    }

    /// jieba's `add_word(word, Some(freq), None)`: a new word gets an empty tag, an existing one
    /// only a new frequency.
    pub(crate) fn add_word(&mut self, word: &str, freq: usize) {
        if word.is_empty() {
            return;
        }
        match self.trie.get(word) {
            Some(id) => {
                let old = self.freqs.get(id as usize).copied().unwrap_or(0);
                self.set_freq(word, id, freq);
                self.total = self.total.wrapping_add(freq).wrapping_sub(old);
            }
            None => {
                self.load(word, freq, "");
                self.total = self.total.wrapping_add(freq);
            }
        }
        self.log_total = (self.total as f64).ln();
        self.bands = OnceLock::new();
    }

    /// jieba's `cut(text, true)`.
    pub(crate) fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        let mut out = Vec::with_capacity((text.len() / 2).min(4096));
        self.cut_each::<true>(text, &mut |w, _| out.push(w));
        out
    }

    /// jieba's `cut(text, true)`, each token with its entry in the frequent-word table
    /// ([`WordFrequencies::entry`]), found without a second lookup for dictionary words.
    #[cfg(test)]
    pub(crate) fn cut_listed<'a>(
        &self,
        text: &'a str,
    ) -> Vec<(&'a str, Option<(u8, &'static str)>)> {
        let freq = WordFrequencies::shared();
        let mut out = Vec::new();
        self.cut_listed_each(text, &mut |w, e| {
            out.push((w, e.map(|(band, tag)| (band, freq.tag_name(tag)))))
        });
        out
    }

    /// jieba's `cut(text, true)`, handing each token to `emit` with its entry in the
    /// frequent-word table as (band, tag index) ([`WordFrequencies::entry_index`]), found
    /// without a second lookup for dictionary words. The quality pass builds what it needs of
    /// each token right here, with no list of entries in between.
    #[inline]
    pub(crate) fn cut_listed_each<'a>(
        &self,
        text: &'a str,
        emit: &mut impl FnMut(&'a str, Option<(u8, u8)>),
    ) {
        let freq = WordFrequencies::shared();
        let bands = self.bands(freq);
        self.cut_each::<true>(text, &mut |w, id| {
            let id = if id != LOOK_UP {
                id
            } else if !bands.lists_punctuation && is_punctuation(w) {
                NO_WORD
            } else {
                self.trie.get(w).unwrap_or(NO_WORD)
            };
            let entry = match bands.of_word.get(id as usize) {
                Some(&NOT_LISTED) => None,
                Some(&packed) => Some(((packed >> 8) as u8, packed as u8)),
                None if bands.complete || (id as usize) < self.freqs.len() => None,
                None => freq.entry_index(w),
            };
            emit(w, entry);
        });
    }

    fn bands(&self, freq: &WordFrequencies) -> &Bands {
        self.bands.get_or_init(|| {
            let mut of_word = vec![NOT_LISTED; self.freqs.len()];
            let mut complete = true;
            let mut lists_punctuation = false;
            let mut last = 0;
            for &(w, band, tag) in freq.listed() {
                lists_punctuation |= is_punctuation(w);
                let id = self.trie.get(w);
                match id.and_then(|id| of_word.get_mut(id as usize)) {
                    Some(slot) => *slot = u16::from(band) << 8 | u16::from(tag),
                    None => complete = false,
                }
                last = last.max(id.map_or(0, |id| id as usize + 1));
            }
            // Words after the last listed one are not listed: no entry to read.
            of_word.truncate(last);
            Bands {
                of_word,
                complete,
                lists_punctuation,
            }
        })
    }

    /// Cuts `text` like jieba's `cut(text, HMM)`, handing each token to `emit` with its word id
    /// when the route found it ([`NO_WORD`]: known not to be a word; [`LOOK_UP`]: not known).
    fn cut_each<'a, const HMM: bool>(&self, text: &'a str, emit: &mut impl FnMut(&'a str, u32)) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.cut_with::<HMM>(text, &mut s, emit),
            Err(_) => self.cut_with::<HMM>(text, &mut Scratch::default(), emit),
        });
    }

    fn cut_with<'a, const HMM: bool>(
        &self,
        text: &'a str,
        scratch: &mut Scratch,
        emit: &mut impl FnMut(&'a str, u32),
    ) {
        let Scratch {
            chars,
            blocks,
            route,
            hmm,
        } = scratch;
        let mut start = 0;
        while start < text.len() {
            let end = self.split_window(text, start, chars, blocks);
            let window = &text[start..end];
            let mut from = 0;
            for &Block {
                start: b_start,
                end: b_end,
                chars_end,
            } in blocks.iter()
            {
                let (b_start, b_end) = (b_start as usize, b_end as usize);
                if chars_end as usize > from {
                    let run = &chars[from..chars_end as usize];
                    from = chars_end as usize;
                    self.cut_block::<HMM>(&window[..b_end], run, route, hmm, emit);
                } else {
                    let block = &window[b_start..b_end];
                    let mut it = block.char_indices().peekable();
                    while let Some((i, c)) = it.next() {
                        if c == '\r' && matches!(it.peek(), Some(&(_, '\n'))) {
                            it.next();
                            emit(&block[i..i + 2], LOOK_UP);
                        } else {
                            emit(&block[i..i + c.len_utf8()], LOOK_UP);
                        }
                    }
                }
            }
            start = end;
        }
        if route.capacity() > 1 << 18 {
            *route = Vec::new();
        }
        if chars.capacity() > 1 << 18 {
            *chars = Vec::new();
        }
        if blocks.capacity() > 1 << 16 {
            *blocks = Vec::new();
        }
    }

    /// Splits the text from byte `start` into the blocks of jieba's split (runs of dictionary
    /// characters and the rest), up to the first block boundary at least [`WINDOW`] bytes on;
    /// returns where that window ends. `chars` gets every dictionary character of the window
    /// with its offset from `start`. On the way it asks the cache for the node-table line of
    /// each second step the route will take (from a dictionary character to the next one):
    /// those lines are mostly cache misses, and asked for together, a window ahead of the
    /// walk, they overlap instead of stalling the walk one at a time.
    fn split_window(
        &self,
        text: &str,
        start: usize,
        chars: &mut Vec<(u32, char)>,
        blocks: &mut Vec<Block>,
    ) -> usize {
        chars.clear();
        blocks.clear();
        let rest = &text[start..];
        let mut inside = None;
        let mut block_start = 0;
        let mut prev = trie::Slot::NONE;
        for (i, c) in rest.char_indices() {
            let d = is_dictionary_char(c);
            if inside != Some(d) {
                if inside.is_some() {
                    blocks.push(Block {
                        start: block_start as u32,
                        end: i as u32,
                        chars_end: chars.len() as u32,
                    });
                    if i >= WINDOW {
                        return start + i;
                    }
                }
                inside = Some(d);
                block_start = i;
                prev = trie::Slot::NONE;
            }
            if d {
                chars.push((i as u32, c));
                if prev.exists() {
                    self.trie.prefetch_second(prev, c);
                }
                prev = self.trie.first_dense(c);
            }
        }
        if inside.is_some() {
            blocks.push(Block {
                start: block_start as u32,
                end: rest.len() as u32,
                chars_end: chars.len() as u32,
            });
        }
        text.len()
    }

    /// The best route through a run of dictionary-class characters, from its end backwards;
    /// each position walks the prefix tree forward, shortest word first, as jieba's graph lists
    /// them, with jieba's arithmetic and tie-break.
    fn route(&self, chars: &[(u32, char)], route: &mut Vec<Step>) {
        let n = chars.len();
        route.clear();
        route.resize(
            n + 1,
            Step {
                prob: 0.0,
                end: n as u32,
                word: NO_WORD,
                reach: 0,
            },
        );
        let logtotal = self.log_total;
        // The second steps' table lines were asked for when the window was split
        // (`split_window`). Loading each position's line three positions ahead inside this loop
        // measured 3-6% slower (session 3), and asking for the third steps' lines in a loop
        // over the block before this one made the route slower too (session 5;
        // docs/methodology/quality.md, Segmentation).
        for i in (0..n).rev() {
            let mut best: Option<Step> = None;
            let mut reach = 0;
            let mut link = self.trie.first(chars[i].1);
            let mut j = i;
            while link.exists() {
                j += 1;
                if link.word() != NO_WORD {
                    reach = j as u32;
                    let prob = self.trie.log_freq(link) - logtotal + route[j].prob;
                    let take = match best {
                        None => true,
                        Some(b) => prob > b.prob || (prob == b.prob && j as u32 > b.end),
                    };
                    if take {
                        best = Some(Step {
                            prob,
                            end: j as u32,
                            word: link.word(),
                            reach: 0,
                        });
                    }
                }
                match chars.get(j) {
                    Some(&(_, c)) if j == i + 1 => link = self.trie.second(link, c),
                    Some(&(_, c)) => link = self.trie.deeper(link, c),
                    None => break,
                }
            }
            route[i] = Step {
                reach,
                ..best.unwrap_or(Step {
                    prob: (0.0 - logtotal) + route[i + 1].prob,
                    end: i as u32 + 1,
                    word: NO_WORD,
                    reach: 0,
                })
            };
        }
    }

    fn cut_block<'a, const HMM: bool>(
        &self,
        block: &'a str,
        chars: &[(u32, char)],
        route: &mut Vec<Step>,
        hmm: &mut hmm::Hmm,
        emit: &mut impl FnMut(&'a str, u32),
    ) {
        self.route(chars, route);
        let n = chars.len();
        let at = |i: usize| chars.get(i).map_or(block.len(), |&(o, _)| o as usize);
        let mut x = 0;
        let mut left: Option<usize> = None;
        while x < n {
            let Step { end, word, .. } = route[x];
            let y = end as usize;
            if y - x == 1 && (HMM || chars[x].1.is_ascii_alphanumeric()) {
                left.get_or_insert(x);
            } else {
                if let Some(l) = left.take() {
                    self.flush::<HMM>(block, chars, l, x, route, hmm, emit);
                }
                emit(&block[at(x)..at(y)], word);
            }
            x = y;
        }
        if let Some(l) = left {
            self.flush::<HMM>(block, chars, l, n, route, hmm, emit);
        }
    }

    /// The single characters `x..y` the route left: one by one, as one word when they are one,
    /// through the HMM otherwise (without `HMM`: a run of ASCII letters and digits, one token).
    /// An HMM token of one character has the id the route found for it; one of several
    /// characters is known not to be a word when no dictionary word from its first character
    /// reaches its end.
    #[allow(clippy::too_many_arguments)]
    fn flush<'a, const HMM: bool>(
        &self,
        block: &'a str,
        chars: &[(u32, char)],
        x: usize,
        y: usize,
        route: &[Step],
        hmm: &mut hmm::Hmm,
        emit: &mut impl FnMut(&'a str, u32),
    ) {
        let at = |i: usize| chars.get(i).map_or(block.len(), |&(o, _)| o as usize);
        let span = &block[at(x)..at(y)];
        if y - x == 1 {
            emit(span, route[x].word);
        } else if !HMM {
            emit(span, LOOK_UP);
        } else if (route[x].reach as usize) < y || self.trie.get(span).is_none() {
            // No dictionary word from `x` reaches `y`, or none ends exactly there.
            hmm.cut(&chars[x..y], &mut |a, b| {
                let (a, b) = (x + a, x + b);
                let id = if b - a == 1 {
                    route[a].word
                } else if (route[a].reach as usize) < b {
                    NO_WORD
                } else {
                    LOOK_UP
                };
                emit(&block[at(a)..at(b)], id);
            });
        } else {
            for k in x..y {
                emit(&block[at(k)..at(k + 1)], route[k].word);
            }
        }
    }
}

#[cfg(test)]
mod tests;
