//! Word and character frequency tables: what readability calls "rare" and what keyword IDF is
//! computed from.
//!
//! Both tables are derived from jieba's dictionary (MIT) by `scripts/build_frequency_lexicons.py`
//! and embedded: the 40,000 most frequent words grouped into log2 frequency bands
//! (`core/lexicons/word_freq_bands.txt`) and the 2,500 most frequent Han characters
//! (`core/lexicons/common_chars.txt`, a proxy for the 现代汉语常用字表's 2,500 常用字; see
//! docs/methodology/quality.md).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Total frequency of jieba's dictionary (the denominator of dictionary IDF).
pub const DICTIONARY_TOTAL: f64 = 60_101_967.0;

/// Word → frequency band (`floor(log2(freq))`) for the most frequent dictionary words.
#[derive(Debug, Default)]
pub struct WordFrequencies {
    bands: HashMap<&'static str, u8>,
    lowest_band: u8,
}

impl WordFrequencies {
    /// The embedded table (built once).
    pub fn shared() -> &'static WordFrequencies {
        static TABLE: OnceLock<WordFrequencies> = OnceLock::new();
        TABLE.get_or_init(|| {
            let text: &'static str = include_str!("../../lexicons/word_freq_bands.txt");
            let mut bands = HashMap::with_capacity(40_000);
            let mut lowest = u8::MAX;
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let Some((band, words)) = line.split_once('\t') else {
                    continue;
                };
                let Ok(band) = band.trim().parse::<u8>() else {
                    continue;
                };
                lowest = lowest.min(band);
                for w in words.split(' ').filter(|w| !w.is_empty()) {
                    bands.insert(w, band);
                }
            }
            WordFrequencies {
                bands,
                lowest_band: if lowest == u8::MAX { 0 } else { lowest },
            }
        })
    }

    /// The word's frequency band, `None` when it is not among the listed frequent words.
    pub fn band(&self, word: &str) -> Option<u8> {
        self.bands.get(word).copied()
    }

    /// The lowest band listed; words absent from the table are rarer than `2^lowest_band`.
    pub fn lowest_band(&self) -> u8 {
        self.lowest_band
    }

    /// Inverse document frequency estimated from the dictionary:
    /// `ln(total / freq)`, with `freq ≈ 2^band · 1.5` (the band's midpoint) and, for words not
    /// listed, half the lowest band's floor (they are rarer than every listed word).
    pub fn idf(&self, word: &str) -> f64 {
        let freq = match self.band(word) {
            Some(b) => 2f64.powi(i32::from(b)) * 1.5,
            None => 2f64.powi(i32::from(self.lowest_band)) / 2.0,
        };
        (DICTIONARY_TOTAL / freq.max(1.0)).ln()
    }
}

/// The set of common Han characters.
pub fn common_chars() -> &'static HashSet<char> {
    static SET: OnceLock<HashSet<char>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../../lexicons/common_chars.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::chars)
            .filter(|c| is_han(*c))
            .collect()
    })
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
        assert!(f.bands.len() >= 39_000, "{}", f.bands.len());
        assert!(f.band("的").unwrap() > f.band("政府").unwrap());
        assert!(f.band("政府").is_some());
        assert!(f.band("钙华滩").is_none());
        assert!(f.idf("钙华滩") > f.idf("政府"));
        assert!(f.idf("政府") > f.idf("的"));
        assert_eq!(common_chars().len(), 2500);
        assert!(common_chars().contains(&'国'));
        assert!(!common_chars().contains(&'龘'));
    }
}
