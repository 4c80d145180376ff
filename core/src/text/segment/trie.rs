//! The dictionary's prefix tree over characters, laid out for the segmenter's one access pattern:
//! from a character, follow the next characters while they continue some dictionary word.
//!
//! A node is a prefix of a dictionary word; every node is a [`Slot`]. Steps out of the root on
//! ASCII and on the main CJK block index a dense table (507 kB, so the first step of every walk
//! stays in cache); every other step is one probe of an open-addressed table keyed by
//! `(parent node, character)`. Each slot carries two small filters of its children's characters
//! (16 bits in the key's spare bits, 8 in the node id's): a character that sets a bit missing from
//! either is not a child, and the walk stops without probing — the common case, since most
//! characters do not continue a word with the one before.

/// Word id meaning "no dictionary word ends here".
pub(crate) const NO_WORD: u32 = u32::MAX;

const KEY_BITS: u32 = 48;
const KEY_MASK: u64 = (1 << KEY_BITS) - 1;
const ID_BITS: u32 = 24;
const ID_MASK: u32 = (1 << ID_BITS) - 1;
/// Node ids must fit in [`ID_BITS`]; a dictionary needing more stops growing (jieba's default
/// dictionary has about half a million nodes).
const MAX_NODES: u32 = ID_MASK;

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;
const DENSE_ROOT: usize = 0x80 + (CJK_LAST - CJK_FIRST + 1) as usize;

const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A node: the key it is stored under (plus the first children filter in the high bits), its
/// id (plus the second children filter) and the word ending there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Slot {
    key: u64,
    node: u32,
    pub(crate) word: u32,
    /// `ln(freq)` of the word ending here, kept with the node so that the route reads it from
    /// the line the walk just loaded.
    pub(crate) log_freq: f64,
}

impl Slot {
    const NONE: Slot = Slot {
        key: 0,
        node: 0,
        word: NO_WORD,
        log_freq: 0.0,
    };

    /// True when the step led somewhere (a prefix of some word).
    #[inline(always)]
    pub(crate) fn exists(self) -> bool {
        self.node & ID_MASK != 0
    }

    #[inline(always)]
    fn id(self) -> u32 {
        self.node & ID_MASK
    }
}

/// Where a node's slot is stored.
#[derive(Clone, Copy)]
enum Home {
    Root,
    Dense(usize),
    Table(usize),
}

#[derive(Clone)]
pub(crate) struct Trie {
    dense: Vec<Slot>,
    slots: Vec<Slot>,
    used: usize,
    shift: u32,
    /// Ids handed out so far; 0 is the root.
    nodes: u32,
}

#[inline(always)]
fn dense_index(c: char) -> Option<usize> {
    let c = c as u32;
    if c < 0x80 {
        Some(c as usize)
    } else if (CJK_FIRST..=CJK_LAST).contains(&c) {
        Some(0x80 + (c - CJK_FIRST) as usize)
    } else {
        None
    }
}

#[inline(always)]
fn key(parent: u32, c: char) -> u64 {
    ((u64::from(parent) << 21) | u64::from(c as u32)) + 1
}

/// The bit `c` sets in each of the two children filters.
#[inline(always)]
fn filter_bits(c: char) -> (u64, u32) {
    let h = (c as u32).wrapping_mul(0x9E37_79B1);
    (1u64 << (KEY_BITS + (h >> 28)), 1u32 << (ID_BITS + ((h >> 25) & 7)))
}

impl Trie {
    /// An empty tree with room for about `nodes` nodes before it grows.
    pub(crate) fn with_capacity(nodes: usize) -> Trie {
        let slots = Trie::table_size(nodes);
        Trie {
            dense: vec![Slot::NONE; DENSE_ROOT],
            slots: vec![Slot::NONE; slots],
            used: 0,
            shift: 64 - slots.trailing_zeros(),
            nodes: 1,
        }
    }

    /// At most 5/8 full: short probe chains.
    fn table_size(nodes: usize) -> usize {
        (nodes.max(64) * 8 / 5).next_power_of_two()
    }

    #[inline(always)]
    fn index(&self, key: u64) -> usize {
        (key.wrapping_mul(HASH_MUL) >> self.shift) as usize
    }

    #[inline(always)]
    fn probe(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.index(key);
        loop {
            let k = self.slots[i].key;
            if k & KEY_MASK == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The step out of the root on `c`.
    #[inline(always)]
    pub(crate) fn first(&self, c: char) -> Slot {
        match dense_index(c) {
            Some(i) => self.dense[i],
            None => self.slots[self.probe(key(0, c))],
        }
    }

    /// The step from `from` (a slot that exists) on `c`.
    #[inline(always)]
    pub(crate) fn next(&self, from: Slot, c: char) -> Slot {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return Slot::NONE;
        }
        self.slots[self.probe(key(from.id(), c))]
    }

    /// Loads the table line that [`Trie::next`] from `from` on `c` will read first, so that a
    /// walk a few positions away finds it in cache; nothing depends on the load.
    #[inline(always)]
    pub(crate) fn touch(&self, from: Slot, c: char) {
        let (a, b) = filter_bits(c);
        if from.key & a != 0 && from.node & b != 0 {
            let i = self.index(key(from.id(), c));
            std::hint::black_box(self.slots[i].key);
        }
    }

    /// The id of `word` when it is a dictionary word.
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        let mut chars = word.chars();
        let mut at = self.first(chars.next()?);
        for c in chars {
            if !at.exists() {
                return None;
            }
            at = self.next(at, c);
        }
        (at.exists() && at.word != NO_WORD).then_some(at.word)
    }

    /// Sets the `ln(freq)` stored with `word` (a dictionary word).
    pub(crate) fn set_log_freq(&mut self, word: &str, log_freq: f64) {
        let mut chars = word.chars();
        let Some(c) = chars.next() else { return };
        let mut home = match dense_index(c) {
            Some(i) => Home::Dense(i),
            None => Home::Table(self.probe(key(0, c))),
        };
        for c in chars {
            let at = self.slot(home);
            if !at.exists() {
                return;
            }
            let (a, b) = filter_bits(c);
            if at.key & a == 0 || at.node & b == 0 {
                return;
            }
            home = Home::Table(self.probe(key(at.id(), c)));
        }
        match home {
            Home::Dense(i) if self.dense[i].exists() => self.dense[i].log_freq = log_freq,
            Home::Table(i) if self.slots[i].exists() => self.slots[i].log_freq = log_freq,
            _ => {}
        }
    }

    /// Makes `word` a dictionary word with id `id` and `ln(freq)` `log_freq` unless it already
    /// is one: returns the id it has afterwards ([`NO_WORD`] for an empty word or a full tree).
    pub(crate) fn insert(&mut self, word: &str, id: u32, log_freq: f64) -> u32 {
        let chars = word.chars().count();
        if (self.used + chars) * 8 > self.slots.len() * 5 {
            self.grow(self.used + chars);
        }
        let mut home = Home::Root;
        let mut parent = 0u32;
        for c in word.chars() {
            let k = key(parent, c);
            let at = match (home, dense_index(c)) {
                (Home::Root, Some(i)) => Home::Dense(i),
                _ => Home::Table(self.probe(k)),
            };
            let found = self.slot(at);
            if found.exists() {
                parent = found.id();
                home = at;
                continue;
            }
            if self.nodes >= MAX_NODES {
                return NO_WORD;
            }
            let node = self.nodes;
            self.nodes += 1;
            let (a, b) = filter_bits(c);
            match home {
                Home::Dense(i) => {
                    self.dense[i].key |= a;
                    self.dense[i].node |= b;
                }
                Home::Table(i) => {
                    self.slots[i].key |= a;
                    self.slots[i].node |= b;
                }
                Home::Root => {}
            }
            let fresh = Slot {
                key: k,
                node,
                ..Slot::NONE
            };
            match at {
                Home::Dense(i) => self.dense[i] = Slot { key: 0, ..fresh },
                Home::Table(i) => {
                    self.slots[i] = fresh;
                    self.used += 1;
                }
                Home::Root => {}
            }
            parent = node;
            home = at;
        }
        let slot = match home {
            Home::Dense(i) => &mut self.dense[i],
            Home::Table(i) => &mut self.slots[i],
            Home::Root => return NO_WORD,
        };
        if slot.word == NO_WORD {
            slot.word = id;
            slot.log_freq = log_freq;
        }
        slot.word
    }

    fn slot(&self, home: Home) -> Slot {
        match home {
            Home::Root => Slot::NONE,
            Home::Dense(i) => self.dense[i],
            Home::Table(i) => self.slots[i],
        }
    }

    /// Rebuilds the table with room for `nodes` nodes (ids stay, so keys stay valid).
    fn grow(&mut self, nodes: usize) {
        let size = Trie::table_size(nodes * 2);
        let old = std::mem::replace(&mut self.slots, vec![Slot::NONE; size]);
        self.shift = 64 - size.trailing_zeros();
        for s in old.into_iter().filter(|s| s.key != 0) {
            let i = self.probe(s.key & KEY_MASK);
            self.slots[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_and_finds_words_and_prefixes() {
        let mut t = Trie::with_capacity(4);
        assert_eq!(t.insert("中国", 0, 0.0), 0);
        assert_eq!(t.insert("中国人", 1, 0.0), 1);
        assert_eq!(t.insert("中", 2, 0.0), 2);
        assert_eq!(t.insert("中国", 7, 0.0), 0, "an existing word keeps its id");
        assert_eq!(t.insert("", 7, 0.0), NO_WORD);
        for (i, w) in ["😀表情", "a+b", "ｅ", "𠀀字"].iter().enumerate() {
            assert_eq!(t.insert(w, 10 + i as u32, 0.0), 10 + i as u32);
        }
        // Enough words to make the table grow several times.
        for i in 0..5000u32 {
            let w: String = [char::from_u32(0x4E00 + i).unwrap(), '们', '的'].iter().collect();
            t.insert(&w, 100 + i, 1.5);
        }
        assert_eq!(t.get("中国"), Some(0));
        assert_eq!(t.get("中国人"), Some(1));
        assert_eq!(t.get("中"), Some(2));
        assert_eq!(t.get("中国人民"), None);
        assert_eq!(t.get("国"), None);
        assert_eq!(t.get("国们"), None);
        assert_eq!(t.get("😀表情"), Some(10));
        assert_eq!(t.get("😀"), None);
        assert_eq!(t.get("ｅ"), Some(12));
        assert_eq!(t.get("𠀀字"), Some(13));
        assert_eq!(t.get("丁们的"), Some(100 + 1));
        let a = t.first('中');
        assert!(a.exists() && a.word == 2);
        let b = t.next(a, '国');
        assert_eq!(b.word, 0);
        assert!(!t.next(t.next(b, '人'), '民').exists());
        assert!(!t.first('龘').exists());
        t.set_log_freq("丁们的", 2.5);
        t.set_log_freq("中", 3.5);
        let d = t.next(t.next(t.first('丁'), '们'), '的');
        assert_eq!((d.word, d.log_freq), (101, 2.5));
        assert_eq!(t.first('中').log_freq, 3.5);
    }
}
