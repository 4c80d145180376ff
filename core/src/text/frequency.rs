//! Word and character frequency tables: what readability calls "rare" and what keyword IDF is
//! computed from.
//!
//! Both tables are embedded: the 40,000 most frequent words of jieba's dictionary (MIT) grouped into
//! log2 frequency bands (`core/lexicons/word_freq_bands.txt`, by
//! `scripts/build_frequency_lexicons.py`), and the 3,500 common characters of the 一级字表 of the
//! 《通用规范汉字表》 (2013, the state standard that superseded the 1988 现代汉语常用字表;
//! `core/lexicons/common_chars.txt`, by `scripts/build_common_chars.py`, which records its source
//! package; see docs/methodology/quality.md).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Total frequency of jieba's dictionary (the denominator of dictionary IDF).
pub const DICTIONARY_TOTAL: f64 = 60_101_967.0;

/// Word → frequency band (`floor(log2(freq))`) and jieba part-of-speech tag, for the most
/// frequent dictionary words.
///
/// Looked up once per token of every post, so the layout is made for that: single Han characters
/// index an array by code point, words of up to 15 bytes (nearly all) are keyed by their bytes
/// packed into two integers (no pointer to chase, no string compare), longer words fall back to a
/// string-keyed map. Tags are stored as indices into a small table of the distinct tags.
#[derive(Debug, Default)]
pub struct WordFrequencies {
    /// `U+4E00 + i` → (band + 1, tag index); band 0 + 1 = 1, so 0 means not listed.
    han: Vec<(u8, u8)>,
    /// Words of two or three basic-block Han characters (most of the table), open-addressed in
    /// 512 kB (a third of the general map, so lookups miss the cache less); see [`HanWords`].
    han_words: HanWords,
    short: FxHashMap<[u64; 2], (u8, u8)>,
    long: FxHashMap<&'static str, (u8, u8)>,
    tags: Vec<&'static str>,
    /// Every listed word with its band and tag index, in table order (a word listed twice
    /// appears twice; the later entry is the one that counts).
    listed: Vec<(&'static str, u8, u8)>,
    len: usize,
    lowest_band: u8,
    /// `idf_of_band(Some(b))` for every `b`, then `idf_of_band(None)` at index 256.
    idf: Vec<f64>,
}

/// An open-addressed set of two- and three-character Han words, one `u64` per slot: the
/// characters' offsets from U+4E00 in 15 bits each (the third `0x7FFF` for a two-character word),
/// the band in bits 45–50, the tag index in bits 51–58, bit 63 marking a used slot.
#[derive(Debug, Default)]
struct HanWords {
    slots: Vec<u64>,
    used: usize,
    /// Some word did not fit: absent words must also be looked up in the general maps.
    overflowed: bool,
}

const KEY_BITS: u64 = (1 << 45) - 1;
const USED: u64 = 1 << 63;
const HAN_WORD_SLOTS: usize = 1 << 16;

impl HanWords {
    /// The key of a word of two or three basic-block Han characters.
    #[inline]
    fn key(word: &str) -> Option<u64> {
        let b = word.as_bytes();
        if b.len() != 6 && b.len() != 9 {
            return None;
        }
        let mut key = 0u64;
        for (k, c) in b.chunks_exact(3).enumerate() {
            // A 3-byte sequence with lead E4–E9 is U+4000–U+9FFF (the text is valid UTF-8).
            if !(0xE4..=0xE9).contains(&c[0]) {
                return None;
            }
            let cp = (u32::from(c[0] & 0x0F) << 12)
                | (u32::from(c[1] & 0x3F) << 6)
                | u32::from(c[2] & 0x3F);
            let off = cp.checked_sub(HAN_BASE)?;
            key |= u64::from(off) << (15 * k);
        }
        if b.len() == 6 {
            key |= 0x7FFF << 30;
        }
        Some(key)
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize & (self.slots.len() - 1)
    }

    /// Inserts (`Some(true)`) or replaces (`Some(false)`); `None` when the table is three
    /// quarters full or the band does not fit, and then every later word is refused too, so
    /// that a refused word is never also found here.
    fn insert(&mut self, key: u64, band: u8, tag: u8) -> Option<bool> {
        if self.overflowed {
            return None;
        }
        if self.slots.is_empty() {
            self.slots = vec![0; HAN_WORD_SLOTS];
        }
        let value = key | (u64::from(band) << 45) | (u64::from(tag) << 51) | USED;
        let mut i = self.slot(key);
        loop {
            let e = self.slots[i];
            if e == 0 {
                if band >= 64 || self.used * 4 >= self.slots.len() * 3 {
                    self.overflowed = true;
                    return None;
                }
                self.slots[i] = value;
                self.used += 1;
                return Some(true);
            }
            if e & KEY_BITS == key {
                if band >= 64 {
                    self.overflowed = true;
                    return None;
                }
                self.slots[i] = value;
                return Some(false);
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<(u8, u8)> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.slot(key);
        loop {
            let e = self.slots[i];
            if e == 0 {
                return None;
            }
            if e & KEY_BITS == key {
                return Some((((e >> 45) & 0x3F) as u8, ((e >> 51) & 0xFF) as u8));
            }
            i = (i + 1) & (self.slots.len() - 1);
        }
    }
}

const HAN_BASE: u32 = 0x4E00;
const HAN_LAST: u32 = 0x9FFF;

/// `word`'s bytes zero-padded, with its length in the last byte; `None` above 15 bytes.
#[inline]
fn short_key(word: &str) -> Option<[u64; 2]> {
    let b = word.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    let (lo, hi) = buf.split_at(8);
    Some([
        u64::from_le_bytes(lo.try_into().ok()?),
        u64::from_le_bytes(hi.try_into().ok()?),
    ])
}

/// The code point of `word` when it is one Han character of the basic block.
#[inline]
fn single_han(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if b.len() != 3 {
        return None;
    }
    let c = word.chars().next()? as u32;
    (HAN_BASE..=HAN_LAST)
        .contains(&c)
        .then(|| (c - HAN_BASE) as usize)
}

impl WordFrequencies {
    /// The embedded table (built once).
    pub fn shared() -> &'static WordFrequencies {
        static TABLE: OnceLock<WordFrequencies> = OnceLock::new();
        TABLE.get_or_init(|| {
            WordFrequencies::from_table(include_str!("../../lexicons/word_freq_bands.txt"))
        })
    }

    fn from_table(text: &'static str) -> WordFrequencies {
        let mut f = WordFrequencies {
            han: vec![(0, 0); (HAN_LAST - HAN_BASE + 1) as usize],
            short: FxHashMap::with_capacity_and_hasher(40_000, Default::default()),
            ..WordFrequencies::default()
        };
        let mut lowest = u8::MAX;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((band, list)) = line.split_once('\t') else {
                continue;
            };
            let Ok(band) = band.trim().parse::<u8>() else {
                continue;
            };
            lowest = lowest.min(band);
            for entry in list.split(' ').filter(|w| !w.is_empty()) {
                let (w, tag) = entry.rsplit_once('/').unwrap_or((entry, "x"));
                let tag = match f.tags.iter().position(|&t| t == tag) {
                    Some(i) => i,
                    None => {
                        f.tags.push(tag);
                        f.tags.len() - 1
                    }
                };
                // More than 255 distinct tags cannot happen with jieba's tag set; such a
                // word would keep its band and read as `x`.
                let tag = u8::try_from(tag).unwrap_or(u8::MAX);
                f.listed.push((w, band, tag));
                // A word listed twice keeps its last entry.
                let in_han_words = HanWords::key(w).and_then(|k| f.han_words.insert(k, band, tag));
                let fresh = if let Some(i) = single_han(w) {
                    let slot = &mut f.han[i];
                    let fresh = slot.0 == 0;
                    *slot = (band.saturating_add(1), tag);
                    fresh
                } else if let Some(fresh) = in_han_words {
                    fresh
                } else if let Some(k) = short_key(w) {
                    f.short.insert(k, (band, tag)).is_none()
                } else {
                    f.long.insert(w, (band, tag)).is_none()
                };
                f.len += usize::from(fresh);
            }
        }
        f.lowest_band = if lowest == u8::MAX { 0 } else { lowest };
        f.idf = (0..=255u8)
            .map(|b| f.idf_formula(Some(b)))
            .chain(std::iter::once(f.idf_formula(None)))
            .collect();
        f
    }

    /// Number of words listed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no word is listed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The word's frequency band, `None` when it is not among the listed frequent words.
    #[inline]
    pub fn band(&self, word: &str) -> Option<u8> {
        self.entry(word).map(|e| e.0)
    }

    /// The word's band and jieba part-of-speech tag (`n`, `v`, `d`, `c`…), when listed.
    #[inline]
    pub fn entry(&self, word: &str) -> Option<(u8, &'static str)> {
        let (band, tag) = self.entry_index(word)?;
        Some((band, self.tag_name(tag)))
    }

    /// [`WordFrequencies::entry`] with the tag as its index ([`WordFrequencies::tag_name`]).
    #[inline]
    pub(crate) fn entry_index(&self, word: &str) -> Option<(u8, u8)> {
        let (band, tag) = if let Some(i) = single_han(word) {
            let (b, t) = *self.han.get(i)?;
            (b.checked_sub(1)?, t)
        } else if let Some(e) = HanWords::key(word).and_then(|k| {
            let e = self.han_words.get(k);
            // Complete for such words unless one overflowed: absent here is absent.
            if e.is_none() && !self.han_words.overflowed {
                Some(None)
            } else {
                e.map(Some)
            }
        }) {
            e?
        } else if let Some(k) = short_key(word) {
            *self.short.get(&k)?
        } else {
            *self.long.get(word)?
        };
        Some((band, tag))
    }

    /// Every listed word with its band and tag index ([`WordFrequencies::tag_name`]), in table
    /// order: a segmenter resolves its own words' entries from it once.
    pub(crate) fn listed(&self) -> &[(&'static str, u8, u8)] {
        &self.listed
    }

    /// The tag with index `i` (`x` when there is none).
    #[inline]
    pub(crate) fn tag_name(&self, i: u8) -> &'static str {
        self.tags.get(usize::from(i)).copied().unwrap_or("x")
    }

    /// The lowest band listed; words absent from the table are rarer than `2^lowest_band`.
    pub fn lowest_band(&self) -> u8 {
        self.lowest_band
    }

    /// Inverse document frequency estimated from the dictionary:
    /// `ln(total / freq)`, with `freq ≈ 2^band · 1.5` (the band's midpoint) and, for words not
    /// listed, half the lowest band's floor (they are rarer than every listed word).
    pub fn idf(&self, word: &str) -> f64 {
        self.idf_of_band(self.band(word))
    }

    /// [`WordFrequencies::idf`] from a band already looked up (`None`: not listed). Read from
    /// a table filled once with the formula.
    #[inline]
    pub fn idf_of_band(&self, band: Option<u8>) -> f64 {
        let i = band.map_or(256, usize::from);
        match self.idf.get(i) {
            Some(&v) => v,
            None => self.idf_formula(band),
        }
    }

    fn idf_formula(&self, band: Option<u8>) -> f64 {
        let freq = match band {
            Some(b) => 2f64.powi(i32::from(b)) * 1.5,
            None => 2f64.powi(i32::from(self.lowest_band)) / 2.0,
        };
        (DICTIONARY_TOTAL / freq.max(1.0)).ln()
    }
}

/// The common Han characters, as a bit set over U+4E00..U+9FFF (all 2,500 lie there).
#[derive(Debug)]
pub struct CommonChars {
    bits: Vec<u64>,
    len: usize,
}

impl CommonChars {
    /// True when `c` is one of the common characters.
    pub fn contains(&self, c: char) -> bool {
        let Some(i) = (c as u32).checked_sub(0x4E00).map(|i| i as usize) else {
            return false;
        };
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Number of characters in the set.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The set of common Han characters.
pub fn common_chars() -> &'static CommonChars {
    static SET: OnceLock<CommonChars> = OnceLock::new();
    SET.get_or_init(|| {
        let mut bits = vec![0u64; (0x9FFF - 0x4E00) / 64 + 1];
        let mut len = 0;
        for c in include_str!("../../lexicons/common_chars.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::chars)
        {
            if let Some(i) = (c as u32).checked_sub(0x4E00).map(|i| i as usize) {
                if let Some(w) = bits.get_mut(i / 64) {
                    if *w & (1 << (i % 64)) == 0 {
                        len += 1;
                    }
                    *w |= 1 << (i % 64);
                }
            }
        }
        CommonChars { bits, len }
    })
}

/// True for a letter or digit of any script, with the Han and ASCII cases first: `char::is_alphanumeric`
/// takes a slow table lookup for every CJK character.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        _ if is_han(c) => true,
        // CJK punctuation, general punctuation, arrows and box drawing: common in posts, never
        // letters; full-width forms are letters only in their digit and Latin ranges.
        '\u{2000}'..='\u{2BFF}' | '\u{3000}'..='\u{303F}' => false,
        '\u{FF00}'..='\u{FFEF}' => matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ'),
        _ => c.is_alphanumeric(),
    }
}

/// True for a CJK unified ideograph (basic block and extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_with_expected_sizes_and_order() {
        let f = WordFrequencies::shared();
        assert!(f.len() >= 39_000, "{}", f.len());
        assert_eq!(f.entry("的"), Some((18, "uj")));
        assert_eq!(f.entry("中华人民共和国").map(|e| e.1), Some("ns"));
        assert_eq!(f.entry("但是").map(|e| e.1), Some("c"));
        assert!(f.band("的").unwrap() > f.band("政府").unwrap());
        assert!(f.band("政府").is_some());
        assert!(f.band("钙华滩").is_none());
        assert!(f.idf("钙华滩") > f.idf("政府"));
        assert!(f.idf("政府") > f.idf("的"));
        assert_eq!(common_chars().len(), 3500);
        assert!(common_chars().contains('国'));
        for (c, want) in [
            ('a', true),
            ('国', true),
            ('，', false),
            ('。', false),
            ('“', false),
            ('５', true),
            ('！', false),
            ('é', true),
            ('😀', false),
        ] {
            assert_eq!(is_word_char(c), want, "{c}");
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c}");
        }
        assert!(!common_chars().contains('龘'));
    }
}
