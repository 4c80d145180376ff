//! Word and character frequency tables: what readability calls "rare" and what keyword IDF is
//! computed from.
//!
//! Both tables are derived from jieba's dictionary (MIT) by `scripts/build_frequency_lexicons.py`
//! and embedded: the 40,000 most frequent words grouped into log2 frequency bands
//! (`core/lexicons/word_freq_bands.txt`) and the 2,500 most frequent Han characters
//! (`core/lexicons/common_chars.txt`, a proxy for the 现代汉语常用字表's 2,500 常用字; see
//! docs/methodology/quality.md).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Total frequency of jieba's dictionary (the denominator of dictionary IDF).
pub const DICTIONARY_TOTAL: f64 = 60_101_967.0;

/// Word → frequency band (`floor(log2(freq))`) and jieba part-of-speech tag, for the most
/// frequent dictionary words.
#[derive(Debug, Default)]
pub struct WordFrequencies {
    words: FxHashMap<&'static str, (u8, &'static str)>,
    lowest_band: u8,
}

impl WordFrequencies {
    /// The embedded table (built once).
    pub fn shared() -> &'static WordFrequencies {
        static TABLE: OnceLock<WordFrequencies> = OnceLock::new();
        TABLE.get_or_init(|| {
            let text: &'static str = include_str!("../../lexicons/word_freq_bands.txt");
            let mut words = FxHashMap::with_capacity_and_hasher(40_000, Default::default());
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
                    words.insert(w, (band, tag));
                }
            }
            WordFrequencies {
                words,
                lowest_band: if lowest == u8::MAX { 0 } else { lowest },
            }
        })
    }

    /// The word's frequency band, `None` when it is not among the listed frequent words.
    pub fn band(&self, word: &str) -> Option<u8> {
        self.words.get(word).map(|e| e.0)
    }

    /// The word's band and jieba part-of-speech tag (`n`, `v`, `d`, `c`…), when listed.
    pub fn entry(&self, word: &str) -> Option<(u8, &'static str)> {
        self.words.get(word).copied()
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

    /// [`WordFrequencies::idf`] from a band already looked up (`None`: not listed).
    pub fn idf_of_band(&self, band: Option<u8>) -> f64 {
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
        assert!(f.words.len() >= 39_000, "{}", f.words.len());
        assert_eq!(f.entry("但是").map(|e| e.1), Some("c"));
        assert!(f.band("的").unwrap() > f.band("政府").unwrap());
        assert!(f.band("政府").is_some());
        assert!(f.band("钙华滩").is_none());
        assert!(f.idf("钙华滩") > f.idf("政府"));
        assert!(f.idf("政府") > f.idf("的"));
        assert_eq!(common_chars().len(), 2500);
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
