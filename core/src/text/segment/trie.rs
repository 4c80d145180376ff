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
//!
//! Two more structures keep the common steps in cache while the rest of the quality pass runs.
//! The second step of a walk (from a word's first character to its second) is by far the most
//! frequent, and nearly half the time no word starts with the two characters: a 256 kB bit set of
//! all such pairs answers that without touching the tables. And the nodes most text walks
//! through (the heaviest by the total dictionary frequency of the words below them, picked by the
//! sorted build) live in a small hot table; all others in the large cold one. A slot says whether
//! its node has children in either, so a step is one probe, or two when a node's children are
//! split and the first misses.

/// Word id meaning "no dictionary word ends here".
pub(crate) const NO_WORD: u32 = u32::MAX;

const KEY_BITS: u32 = 48;
const KEY_MASK: u64 = (1 << KEY_BITS) - 1;
const ID_BITS: u32 = 22;
const ID_MASK: u32 = (1 << ID_BITS) - 1;
/// Set on a node with children in the hot table.
const HOT_KIDS: u32 = 1 << ID_BITS;
/// Set on a node with children in the cold table.
const COLD_KIDS: u32 = 1 << (ID_BITS + 1);
/// Bits of the set of second steps (2^21 bits = 256 kB).
const PAIR_BITS: u32 = 21;
/// Node ids must fit in [`ID_BITS`]; a dictionary needing more stops growing (jieba's default
/// dictionary has about half a million nodes).
const MAX_NODES: u32 = ID_MASK;
/// Nodes placed in the hot table by the sorted build: 16,000 fill a 614 kB table 5/8 full.
const HOT_NODES: usize = 16_000;

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;
const DENSE_ROOT: usize = 0x80 + (CJK_LAST - CJK_FIRST + 1) as usize;

const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A node: the key it is stored under (plus the first children filter in the high bits), its
/// id (plus the hot flag and the second children filter) and the word ending there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Slot {
    key: u64,
    node: u32,
    /// The id of the word ending here plus one, 0 for none.
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

    /// True when the step led somewhere (a prefix of some word).
    #[inline(always)]
    pub(crate) fn exists(self) -> bool {
        self.node & ID_MASK != 0
    }

    /// The id of the word ending here, [`NO_WORD`] for none.
    #[inline(always)]
    pub(crate) fn word(self) -> u32 {
        self.word_plus_one.wrapping_sub(1)
    }

    #[inline(always)]
    fn id(self) -> u32 {
        self.node & ID_MASK
    }
}

/// Where a node's slot is stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Home {
    Root,
    Dense(usize),
    Cold(usize),
    Hot(usize),
}

/// One open-addressed table of slots, at most 5/8 full. Its size need not be a power of two
/// (the home slot is the hash scaled to the size), so the large table is no bigger than it
/// must be.
#[derive(Clone)]
struct Table {
    slots: Vec<Slot>,
    used: usize,
}

impl Table {
    fn with_capacity(nodes: usize) -> Table {
        Table {
            slots: vec![Slot::NONE; nodes.max(10) * 8 / 5 + 1],
            used: 0,
        }
    }

    #[inline(always)]
    fn index(&self, key: u64) -> usize {
        let h = key.wrapping_mul(HASH_MUL);
        ((u128::from(h) * self.slots.len() as u128) >> 64) as usize
    }

    #[inline(always)]
    fn probe(&self, key: u64) -> usize {
        let mut i = self.index(key);
        loop {
            let k = self.slots[i].key;
            if k & KEY_MASK == key || k == 0 {
                return i;
            }
            i += 1;
            if i == self.slots.len() {
                i = 0;
            }
        }
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Slot {
        self.slots[self.probe(key)]
    }

    /// Room for `more` nodes: rebuilt larger when they would take it past 5/8.
    fn reserve(&mut self, more: usize) {
        if (self.used + more) * 8 > self.slots.len() * 5 {
            let old = std::mem::replace(self, Table::with_capacity((self.used + more) * 2));
            self.used = old.used;
            for s in old.slots.into_iter().filter(|s| s.key != 0) {
                let i = self.probe(s.key & KEY_MASK);
                self.slots[i] = s;
            }
        }
    }

    /// Fills a fresh table with the `entries` that `take` selects (`count` of them), in the
    /// order of their home slots (a counting sort by the top bits), a nearly sequential sweep.
    fn place(entries: &[Slot], count: usize, take: impl Fn(usize) -> bool) -> Table {
        // Headroom for a few thousand user words before the table has to grow.
        let mut t = Table::with_capacity(count + count / 64 + 256);
        let len = t.slots.len() as u64;
        let buckets = len.min(1 << 16);
        let bucket = |h: u32| (u64::from(h) * buckets / len) as usize;
        // Home slot of each selected entry, `u32::MAX` for the others.
        let homes: Vec<u32> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if take(i) {
                    t.index(e.key & KEY_MASK) as u32
                } else {
                    u32::MAX
                }
            })
            .collect();
        t.used = homes.iter().filter(|&&h| h != u32::MAX).count();
        let mut starts = vec![0u32; buckets as usize + 1];
        for &h in homes.iter().filter(|&&h| h != u32::MAX) {
            starts[bucket(h) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0u32; t.used];
        for (e, &h) in homes.iter().enumerate().filter(|(_, h)| **h != u32::MAX) {
            let b = &mut starts[bucket(h)];
            order[*b as usize] = e as u32;
            *b += 1;
        }
        for e in order {
            let (e, mut i) = (entries[e as usize], homes[e as usize] as usize);
            while t.slots[i].key != 0 {
                i += 1;
                if i == t.slots.len() {
                    i = 0;
                }
            }
            t.slots[i] = e;
        }
        t
    }
}

#[derive(Clone)]
pub(crate) struct Trie {
    dense: Vec<Slot>,
    cold: Table,
    hot: Table,
    /// Every step from a child of the root, by [`pair_bit`].
    pairs: Vec<u64>,
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

/// The bit of the step with key `key` in the set of second steps.
#[inline(always)]
fn pair_bit(key: u64) -> (usize, u64) {
    let h = (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - PAIR_BITS)) as usize;
    (h / 64, 1 << (h % 64))
}

/// The bit `c` sets in each of the two children filters.
#[inline(always)]
fn filter_bits(c: char) -> (u64, u32) {
    let h = (c as u32).wrapping_mul(0x9E37_79B1);
    (
        1u64 << (KEY_BITS + (h >> 28)),
        1u32 << (24 + ((h >> 25) & 7)),
    )
}

impl Trie {
    /// An empty tree with room for about `nodes` nodes before it grows.
    pub(crate) fn with_capacity(nodes: usize) -> Trie {
        Trie {
            dense: vec![Slot::NONE; DENSE_ROOT],
            cold: Table::with_capacity(nodes),
            hot: Table::with_capacity(0),
            pairs: vec![0; 1 << (PAIR_BITS - 6)],
            nodes: 1,
        }
    }

    /// The step out of the root on `c`.
    #[inline(always)]
    pub(crate) fn first(&self, c: char) -> Slot {
        match dense_index(c) {
            Some(i) => self.dense[i],
            None => self.cold.get(key(0, c)),
        }
    }

    /// The child of `from` with key `k`: in the hot table, else in the cold one.
    #[inline(always)]
    fn child(&self, from: Slot, k: u64) -> Slot {
        if from.node & HOT_KIDS != 0 {
            let s = self.hot.get(k);
            if s.exists() || from.node & COLD_KIDS == 0 {
                return s;
            }
        }
        if from.node & COLD_KIDS != 0 {
            self.cold.get(k)
        } else {
            Slot::NONE
        }
    }

    /// The step from `from` (a slot that exists) on `c`.
    #[inline(always)]
    pub(crate) fn next(&self, from: Slot, c: char) -> Slot {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return Slot::NONE;
        }
        self.child(from, key(from.id(), c))
    }

    /// [`Trie::next`] from `from`, a child of the root ([`Trie::first`]): asks the set of
    /// second steps first.
    #[inline(always)]
    pub(crate) fn second(&self, from: Slot, c: char) -> Slot {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return Slot::NONE;
        }
        let k = key(from.id(), c);
        let (w, bit) = pair_bit(k);
        if self.pairs[w] & bit == 0 {
            return Slot::NONE;
        }
        self.child(from, k)
    }

    /// Loads the table line that [`Trie::second`] from `from` on `c` will read first, so that a
    /// walk a few positions away finds it in cache; nothing depends on the load.
    #[inline(always)]
    pub(crate) fn touch(&self, from: Slot, c: char) {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return;
        }
        let k = key(from.id(), c);
        let (w, bit) = pair_bit(k);
        if self.pairs[w] & bit != 0 {
            let t = if from.node & HOT_KIDS != 0 {
                &self.hot
            } else {
                &self.cold
            };
            std::hint::black_box(t.slots[t.index(k)].key);
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

    fn slot(&self, home: Home) -> Slot {
        match home {
            Home::Root => Slot::NONE,
            Home::Dense(i) => self.dense[i],
            Home::Cold(i) => self.cold.slots[i],
            Home::Hot(i) => self.hot.slots[i],
        }
    }

    fn slot_mut(&mut self, home: Home) -> Option<&mut Slot> {
        match home {
            Home::Root => None,
            Home::Dense(i) => self.dense.get_mut(i),
            Home::Cold(i) => self.cold.slots.get_mut(i),
            Home::Hot(i) => self.hot.slots.get_mut(i),
        }
    }

    /// Where the child of the node at `parent` on `c` is (or would go).
    fn child_home(&self, parent: Home, c: char) -> Home {
        if parent == Home::Root {
            return match dense_index(c) {
                Some(i) => Home::Dense(i),
                None => Home::Cold(self.cold.probe(key(0, c))),
            };
        }
        let p = self.slot(parent);
        let k = key(p.id(), c);
        if p.node & HOT_KIDS != 0 {
            let i = self.hot.probe(k);
            if self.hot.slots[i].exists() {
                return Home::Hot(i);
            }
        }
        Home::Cold(self.cold.probe(k))
    }

    /// The home of `word`'s node, if the tree has one.
    fn find(&self, word: &str) -> Option<Home> {
        let mut home = Home::Root;
        for c in word.chars() {
            if home != Home::Root {
                let s = self.slot(home);
                let (a, b) = filter_bits(c);
                if s.key & a == 0 || s.node & b == 0 {
                    return None;
                }
            }
            home = self.child_home(home, c);
            if !self.slot(home).exists() {
                return None;
            }
        }
        (home != Home::Root).then_some(home)
    }

    /// Sets the `ln(freq)` stored with `word` (a dictionary word).
    pub(crate) fn set_log_freq(&mut self, word: &str, log_freq: f64) {
        if let Some(s) = self.find(word).and_then(|h| self.slot_mut(h)) {
            s.log_freq = log_freq;
        }
    }

    /// Makes `word` a dictionary word with id `id` and `ln(freq)` `log_freq` unless it already
    /// is one: returns the id it has afterwards ([`NO_WORD`] for an empty word or a full tree).
    pub(crate) fn insert(&mut self, word: &str, id: u32, log_freq: f64) -> u32 {
        // New nodes always go to the cold table (the hot one is only filled by the sorted build).
        self.cold.reserve(word.chars().count());
        let mut home = Home::Root;
        let mut depth = 0;
        for c in word.chars() {
            depth += 1;
            let at = self.child_home(home, c);
            if self.slot(at).exists() {
                home = at;
                continue;
            }
            if self.nodes >= MAX_NODES {
                return NO_WORD;
            }
            let node = self.nodes;
            self.nodes += 1;
            let parent_id = self.slot(home).id();
            let (a, b) = filter_bits(c);
            if let Some(p) = self.slot_mut(home) {
                p.key |= a;
                p.node |= b | COLD_KIDS;
            }
            if depth == 2 {
                let (w, bit) = pair_bit(key(parent_id, c));
                self.pairs[w] |= bit;
            }
            let fresh = Slot {
                key: key(parent_id, c),
                node,
                ..Slot::NONE
            };
            match at {
                Home::Dense(i) => self.dense[i] = Slot { key: 0, ..fresh },
                Home::Cold(i) => {
                    self.cold.slots[i] = fresh;
                    self.cold.used += 1;
                }
                Home::Hot(i) => {
                    self.hot.slots[i] = fresh;
                    self.hot.used += 1;
                }
                Home::Root => {}
            }
            home = at;
        }
        let Some(slot) = self.slot_mut(home) else {
            return NO_WORD;
        };
        if slot.word() == NO_WORD && id != NO_WORD {
            slot.word_plus_one = id + 1;
            slot.log_freq = log_freq;
        }
        slot.word()
    }
}

/// Builds a [`Trie`] from words arriving in strictly increasing order (jieba's dictionary file
/// is sorted): each word's path shares the previous word's nodes up to their common prefix, so
/// nodes are numbered without a single lookup, and the tables are filled in the order of the
/// slots the nodes hash to, a nearly sequential sweep instead of one cache miss per node.
pub(crate) struct SortedBuilder {
    dense: Vec<Slot>,
    /// Non-dense nodes in creation order (node id `n` is `entries[at[n]]` or `dense[at[n]]`).
    entries: Vec<Slot>,
    /// Node id → index in `dense` (with [`IN_DENSE`]) or in `entries`.
    at: Vec<u32>,
    /// Node id → total frequency of the words at and below it (saturating).
    weight: Vec<u32>,
    /// The previous word's path: character and node id.
    path: Vec<(char, u32)>,
    pairs: Vec<u64>,
}

const IN_DENSE: u32 = 1 << 31;

impl SortedBuilder {
    pub(crate) fn new(words: usize) -> SortedBuilder {
        let nodes = words + words / 2;
        let mut b = SortedBuilder {
            dense: vec![Slot::NONE; DENSE_ROOT],
            entries: Vec::with_capacity(nodes),
            at: Vec::with_capacity(nodes),
            weight: Vec::with_capacity(nodes),
            path: Vec::new(),
            pairs: vec![0; 1 << (PAIR_BITS - 6)],
        };
        // The root.
        b.at.push(0);
        b.weight.push(0);
        b
    }

    fn node_mut(&mut self, node: u32) -> Option<&mut Slot> {
        let at = *self.at.get(node as usize)?;
        if node == 0 {
            None
        } else if at & IN_DENSE != 0 {
            self.dense.get_mut((at & !IN_DENSE) as usize)
        } else {
            self.entries.get_mut(at as usize)
        }
    }

    /// Adds `word` with `id`, `ln(freq)` `log_freq` and frequency `freq`; false (and nothing
    /// added) when `word` is empty or not after the previous word, or the tree is full.
    pub(crate) fn push(&mut self, word: &str, id: u32, log_freq: f64, freq: usize) -> bool {
        let mut k = 0;
        let mut rest = word.chars();
        let mut next = rest.next();
        while let (Some(c), Some(&(p, _))) = (next, self.path.get(k)) {
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
        if self.at.len() + new_nodes > MAX_NODES as usize {
            return false;
        }
        self.path.truncate(k);
        for c in std::iter::once(first_new).chain(rest) {
            let parent = self.path.last().map_or(0, |&(_, id)| id);
            let node = self.at.len() as u32;
            match (parent, dense_index(c)) {
                (0, Some(i)) => {
                    self.dense[i] = Slot { node, ..Slot::NONE };
                    self.at.push(i as u32 | IN_DENSE);
                }
                _ => {
                    self.at.push(self.entries.len() as u32);
                    self.entries.push(Slot {
                        key: key(parent, c),
                        node,
                        ..Slot::NONE
                    });
                }
            }
            self.weight.push(0);
            let (a, b) = filter_bits(c);
            if let Some(p) = self.node_mut(parent) {
                p.key |= a;
                p.node |= b;
            }
            if self.path.len() == 1 {
                let (w, bit) = pair_bit(key(parent, c));
                self.pairs[w] |= bit;
            }
            self.path.push((c, node));
        }
        let freq = u32::try_from(freq).unwrap_or(u32::MAX);
        for &(_, n) in &self.path {
            self.weight[n as usize] = self.weight[n as usize].saturating_add(freq);
        }
        let last = self.path.last().map_or(0, |&(_, n)| n);
        if let Some(s) = self.node_mut(last) {
            s.word_plus_one = id.wrapping_add(1);
            s.log_freq = log_freq;
        }
        true
    }

    pub(crate) fn finish(mut self) -> Trie {
        // The heaviest non-root-level nodes go to the hot table (their parents are children of
        // the root or deeper: the root's own steps are the dense table).
        let parent_of = |s: &Slot| (((s.key & KEY_MASK) - 1) >> 21) as u32;
        let mut by_weight: Vec<(u32, u32)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, s)| parent_of(s) != 0)
            .map(|(i, s)| {
                (
                    self.weight.get(s.id() as usize).copied().unwrap_or(0),
                    i as u32,
                )
            })
            .collect();
        let mut hot = vec![false; self.entries.len()];
        if by_weight.len() > HOT_NODES {
            by_weight.select_nth_unstable_by(HOT_NODES, |a, b| b.0.cmp(&a.0));
            by_weight.truncate(HOT_NODES);
        }
        for &(_, i) in &by_weight {
            hot[i as usize] = true;
        }
        for (i, &is_hot) in hot.iter().enumerate() {
            let e = self.entries[i];
            let flag = if is_hot { HOT_KIDS } else { COLD_KIDS };
            if let Some(p) = self.node_mut(parent_of(&e)) {
                p.node |= flag;
            }
        }
        let hot_count = by_weight.len();
        Trie {
            cold: Table::place(&self.entries, self.entries.len() - hot_count, |i| !hot[i]),
            hot: Table::place(&self.entries, hot_count, |i| hot[i]),
            dense: self.dense,
            pairs: self.pairs,
            nodes: self.at.len() as u32,
        }
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
            assert!(b.push(w, i as u32, i as f64, i), "{w}");
        }
        assert!(!b.push("中国", 1, 0.0, 1), "not after the last word");
        assert!(!b.push("", 1, 0.0, 1));
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
