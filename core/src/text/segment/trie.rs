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
    /// The id of the word ending here plus one, 0 for none: an empty slot is all zero bits,
    /// so tables come zeroed from the allocator.
    word_plus_one: u32,
    /// `ln(freq)` of the word ending here, kept with the node so that the route reads it from
    /// the line the walk just loaded.
    pub(crate) log_freq: f64,
}

impl Slot {
    const NONE: Slot = Slot {
        key: 0,
        node: 0,
        word_plus_one: 0,
        log_freq: 0.0,
    };

    /// The id of the word ending here, [`NO_WORD`] for none.
    #[inline(always)]
    pub(crate) fn word(self) -> u32 {
        self.word_plus_one.wrapping_sub(1)
    }

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
    (
        1u64 << (KEY_BITS + (h >> 28)),
        1u32 << (ID_BITS + ((h >> 25) & 7)),
    )
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
        (at.exists() && at.word() != NO_WORD).then_some(at.word())
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
        if slot.word() == NO_WORD && id != NO_WORD {
            slot.word_plus_one = id + 1;
            slot.log_freq = log_freq;
        }
        slot.word()
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

/// Builds a [`Trie`] from words arriving in strictly increasing order (jieba's dictionary file
/// is sorted): each word's path shares the previous word's nodes up to their common prefix, so
/// nodes are numbered without a single lookup, and the table is filled in the order of the slots
/// the nodes hash to, a nearly sequential sweep instead of one cache miss per node.
pub(crate) struct SortedBuilder {
    dense: Vec<Slot>,
    /// Table nodes in creation order, placed by [`SortedBuilder::finish`].
    entries: Vec<Slot>,
    /// The previous word's path: character, where its node is, node id.
    path: Vec<(char, Home, u32)>,
    nodes: u32,
}

impl SortedBuilder {
    pub(crate) fn new(words: usize) -> SortedBuilder {
        SortedBuilder {
            dense: vec![Slot::NONE; DENSE_ROOT],
            entries: Vec::with_capacity(words + words / 2),
            path: Vec::new(),
            nodes: 1,
        }
    }

    fn slot_mut(&mut self, home: Home) -> Option<&mut Slot> {
        match home {
            Home::Dense(i) => self.dense.get_mut(i),
            Home::Table(i) => self.entries.get_mut(i),
            Home::Root => None,
        }
    }

    /// Adds `word` with `id` and `log_freq`; false (and nothing added) when `word` is empty or
    /// not after the previous word, or the tree is full.
    pub(crate) fn push(&mut self, word: &str, id: u32, log_freq: f64) -> bool {
        let mut k = 0;
        let mut rest = word.chars();
        let mut next = rest.next();
        while let (Some(c), Some(&(p, _, _))) = (next, self.path.get(k)) {
            if c != p {
                if c < p {
                    return false;
                }
                break;
            }
            k += 1;
            next = rest.next();
        }
        // `word` equals the previous word or is a prefix of it: not after it.
        let Some(first_new) = next else { return false };
        let new_nodes = 1 + rest.clone().count();
        if self.nodes as usize + new_nodes > MAX_NODES as usize {
            return false;
        }
        self.path.truncate(k);
        for c in std::iter::once(first_new).chain(rest) {
            let (parent, parent_home) = match self.path.last() {
                Some(&(_, home, id)) => (id, home),
                None => (0, Home::Root),
            };
            let node = self.nodes;
            self.nodes += 1;
            let home = match (parent_home, dense_index(c)) {
                (Home::Root, Some(i)) => {
                    self.dense[i] = Slot { node, ..Slot::NONE };
                    Home::Dense(i)
                }
                _ => {
                    self.entries.push(Slot {
                        key: key(parent, c),
                        node,
                        ..Slot::NONE
                    });
                    Home::Table(self.entries.len() - 1)
                }
            };
            let (a, b) = filter_bits(c);
            if let Some(p) = self.slot_mut(parent_home) {
                p.key |= a;
                p.node |= b;
            }
            self.path.push((c, home, node));
        }
        if let Some(&(_, home, _)) = self.path.last() {
            if let Some(s) = self.slot_mut(home) {
                s.word_plus_one = id.wrapping_add(1);
                s.log_freq = log_freq;
            }
        }
        true
    }

    pub(crate) fn finish(self) -> Trie {
        let size = Trie::table_size(self.entries.len());
        let mut t = Trie {
            dense: self.dense,
            slots: vec![Slot::NONE; size],
            used: self.entries.len(),
            shift: 64 - size.trailing_zeros(),
            nodes: self.nodes,
        };
        // Counting sort of the entries by the top bits of their home slot.
        let bucket_bits = size.trailing_zeros().min(16);
        let drop = size.trailing_zeros() - bucket_bits;
        let mut starts = vec![0u32; (1 << bucket_bits) + 1];
        let homes: Vec<u32> = self
            .entries
            .iter()
            .map(|e| t.index(e.key & KEY_MASK) as u32)
            .collect();
        for &h in &homes {
            starts[(h >> drop) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0u32; homes.len()];
        for (e, &h) in homes.iter().enumerate() {
            let b = &mut starts[(h >> drop) as usize];
            order[*b as usize] = e as u32;
            *b += 1;
        }
        let mask = size - 1;
        for e in order {
            let (e, mut i) = (self.entries[e as usize], homes[e as usize] as usize);
            while t.slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            t.slots[i] = e;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_build_equals_incremental_build() {
        let mut words: Vec<String> = [
            "中",
            "中国",
            "中国人",
            "中国人民",
            "中华",
            "a",
            "a+b",
            "ab",
            "😀表情",
            "𠀀",
            "𠀀字",
            "ｅ",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for i in 0..3000u32 {
            words.push(
                [char::from_u32(0x4E00 + i * 7).unwrap(), '们']
                    .iter()
                    .collect(),
            );
        }
        words.sort();
        let mut inc = Trie::with_capacity(8);
        let mut b = SortedBuilder::new(words.len());
        for (i, w) in words.iter().enumerate() {
            inc.insert(w, i as u32, i as f64);
            assert!(b.push(w, i as u32, i as f64), "{w}");
        }
        assert!(!b.push("中国", 1, 0.0), "not after the last word");
        assert!(!b.push("", 1, 0.0));
        let sorted = b.finish();
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["国", "中国人民共", "😀", "𠀁", "ab+"])
        {
            assert_eq!(sorted.get(w), inc.get(w), "{w}");
            let walk = |t: &Trie| {
                let mut cs = w.chars();
                let mut s = t.first(cs.next().unwrap());
                for c in cs {
                    if !s.exists() {
                        break;
                    }
                    s = t.next(s, c);
                }
                (s.exists(), s.word(), s.log_freq)
            };
            assert_eq!(walk(&sorted), walk(&inc), "{w}");
        }
    }

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
            let w: String = [char::from_u32(0x4E00 + i).unwrap(), '们', '的']
                .iter()
                .collect();
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
        assert!(a.exists() && a.word() == 2);
        let b = t.next(a, '国');
        assert_eq!(b.word(), 0);
        assert!(!t.next(t.next(b, '人'), '民').exists());
        assert!(!t.first('龘').exists());
        t.set_log_freq("丁们的", 2.5);
        t.set_log_freq("中", 3.5);
        let d = t.next(t.next(t.first('丁'), '们'), '的');
        assert_eq!((d.word(), d.log_freq), (101, 2.5));
        assert_eq!(t.first('中').log_freq, 3.5);
    }
}
