//! The dictionary's prefix tree over characters, laid out for the segmenter's one access pattern:
//! from a character, follow the next characters while they continue some dictionary word.
//!
//! A node is a prefix of a dictionary word; every node is a [`Slot`]. Steps out of the root on
//! ASCII and on the main CJK block index a dense table (338 kB, so the first step of every walk
//! stays in cache); every other step is one probe of an open-addressed table keyed by
//! `(parent node, character)`. Each slot carries two small filters of its children's characters
//! (16 bits in the key's spare bits, 8 in the node id's): a character that sets a bit missing from
//! either is not a child, and the walk stops without probing — the common case, since most
//! characters do not continue a word with the one before.
//!
//! The second step of a walk (from a word's first character to its second) is by far the most
//! frequent, and nearly half the time no word starts with the two characters: a 256 kB bit set of
//! all such pairs answers that without touching the table. Deeper steps ask a 64 kB bit set
//! of their own first (jieba's 308,109 nodes below depth two set about 44% of its bits): a
//! 256 kB one (14%) stopped more steps, but its own cache misses cost what the table probes
//! saved (docs/methodology/quality.md, Segmentation). The segmenter asks the cache for the
//! table line of every second step that passes these filters while it splits the text, a few
//! kB ahead of the walk ([`Trie::prefetch_second`]): the misses then overlap.
//!
//! Slots are 16 bytes (four to a cache line, none straddling two); the open-addressed table of
//! jieba's default dictionary is 12.7 MB. A separate small "hot" table of the nodes heaviest by
//! dictionary frequency (16,000 of them, 24-byte slots, until session 3) was measured slower
//! than none with 16-byte slots: a node whose children were split between the two tables cost
//! two probes, and the single table is served from the last-level cache
//! (docs/evaluation/segmentation.md).

/// Word id meaning "no dictionary word ends here".
pub(crate) const NO_WORD: u32 = u32::MAX;

const KEY_BITS: u32 = 48;
/// A key is at most `(2^22 - 1) << 21 | (2^21 - 1)` plus one: 44 bits. The four bits above it
/// hold the high bits of the node's [`LogIndex`].
const KEY_MASK: u64 = (1 << 44) - 1;
const ID_BITS: u32 = 22;
const ID_MASK: u32 = (1 << ID_BITS) - 1;
/// Word ids plus one fit in 22 bits (a word needs a node of its own, and node ids do); the
/// ten bits above hold the low bits of the node's [`LogIndex`].
const WORD_MASK: u32 = (1 << 22) - 1;
/// Distinct `ln(freq)` values kept in [`Logs::values`]; jieba's dictionary has 5,087.
const LOG_VALUES: u32 = (1 << 14) - 1;
/// Bits of the set of second steps (2^21 bits = 256 kB).
const PAIR_BITS: u32 = 21;
/// Bits of the set of deeper steps (2^19 bits = 64 kB).
const DEEP_BITS: u32 = 19;
/// Node ids must fit in [`ID_BITS`]; a dictionary needing more stops growing (jieba's default
/// dictionary has about half a million nodes).
const MAX_NODES: u32 = ID_MASK;

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;
const DENSE_ROOT: usize = 0x80 + (CJK_LAST - CJK_FIRST + 1) as usize;

const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// A node in 16 bytes, so that four share a cache line and none straddles two: the key it is
/// stored under (plus the high bits of its log index and the first children filter), its id
/// (plus the second children filter) and the word ending there (plus the
/// low bits of the log index). The word's `ln(freq)` is not stored in the slot (a 24-byte slot
/// made the tables half as large again); the slot holds a 14-bit index into the small table of
/// the dictionary's distinct `ln(freq)` values ([`Logs`]), which stays in cache.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Slot {
    key: u64,
    node: u32,
    /// The id of the word ending here plus one, 0 for none (low 22 bits).
    word_plus_one: u32,
}

impl Slot {
    pub(crate) const NONE: Slot = Slot {
        key: 0,
        node: 0,
        word_plus_one: 0,
    };

    /// Index of this slot's word's `ln(freq)` in [`Logs::values`] ([`LOG_VALUES`]: kept in
    /// [`Logs::spill`] instead).
    #[inline(always)]
    fn log_index(self) -> u32 {
        ((((self.key >> 44) & 0xF) as u32) << 10) | (self.word_plus_one >> 22)
    }

    fn set_word(&mut self, word_plus_one: u32, log_index: u32) {
        self.key = (self.key & !(0xF << 44)) | (u64::from(log_index >> 10) << 44);
        self.word_plus_one = (word_plus_one & WORD_MASK) | ((log_index & 0x3FF) << 22);
    }

    /// True when the step led somewhere (a prefix of some word).
    #[inline(always)]
    pub(crate) fn exists(self) -> bool {
        self.node & ID_MASK != 0
    }

    /// The id of the word ending here, [`NO_WORD`] for none.
    #[inline(always)]
    pub(crate) fn word(self) -> u32 {
        (self.word_plus_one & WORD_MASK).wrapping_sub(1)
    }

    #[inline(always)]
    fn id(self) -> u32 {
        self.node & ID_MASK
    }
}

/// The distinct `ln(freq)` values of the dictionary's words, which the slots index.
#[derive(Clone, Default)]
struct Logs {
    values: Vec<f64>,
    /// `f64::to_bits` of each value → its index.
    index: std::collections::HashMap<u64, u32>,
    /// Word id → `ln(freq)` for the words whose value did not fit in `values` (only when a
    /// dictionary has more than [`LOG_VALUES`] distinct frequencies).
    spill: std::collections::HashMap<u32, f64>,
}

impl Logs {
    /// The index for `word`'s `log_freq`, [`LOG_VALUES`] when it went to the spill map.
    fn intern(&mut self, word: u32, log_freq: f64) -> u32 {
        let bits = log_freq.to_bits();
        let i = match self.index.get(&bits) {
            Some(&i) => i,
            None if (self.values.len() as u32) < LOG_VALUES => {
                let i = self.values.len() as u32;
                self.values.push(log_freq);
                self.index.insert(bits, i);
                i
            }
            None => LOG_VALUES,
        };
        if i == LOG_VALUES {
            self.spill.insert(word, log_freq);
        } else if !self.spill.is_empty() {
            self.spill.remove(&word);
        }
        i
    }

    #[inline(always)]
    fn get(&self, s: Slot) -> f64 {
        match self.values.get(s.log_index() as usize) {
            Some(&v) => v,
            None => self.spill.get(&s.word()).copied().unwrap_or(0.0),
        }
    }
}

/// Where a node's slot is stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Home {
    Root,
    Dense(usize),
    Table(usize),
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
        let n = nodes.max(10) * 8 / 5 + 1;
        let mut slots = Vec::with_capacity(n);
        #[cfg(target_os = "linux")]
        advise_huge(&slots);
        slots.resize(n, Slot::NONE);
        Table { slots, used: 0 }
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

    /// Asks the cache for the line of `key`'s home slot.
    #[inline(always)]
    fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        if let Some(s) = self.slots.get(self.index(key)) {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: SSE is part of every x86_64 target; a prefetch only hints the cache and
            // never faults, and the pointer is to a live slot anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((s as *const Slot).cast::<i8>()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
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

    /// Fills a fresh table with `entries`, in the order of their home slots (a counting sort by
    /// the top bits), a nearly sequential sweep.
    fn place(entries: &[Slot]) -> Table {
        let count = entries.len();
        // Headroom for a few thousand user words before the table has to grow.
        let mut t = Table::with_capacity(count + count / 64 + 256);
        let len = t.slots.len() as u64;
        let buckets = len.min(1 << 16);
        let bucket = |h: u32| (u64::from(h) * buckets / len) as usize;
        let homes: Vec<u32> = entries
            .iter()
            .map(|e| t.index(e.key & KEY_MASK) as u32)
            .collect();
        t.used = count;
        let mut starts = vec![0u32; buckets as usize + 1];
        for &h in &homes {
            starts[bucket(h) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut order = vec![0u32; count];
        for (e, &h) in homes.iter().enumerate() {
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

/// Asks Linux to back the 2 MB-aligned part of the fresh, still untouched allocation of `v`
/// with huge pages (transparent huge pages in `madvise` mode, the common default, only do so on
/// request). The walk's lookups land anywhere in the 12.7 MB table; with 4 kB pages nearly each
/// one also missed the TLB, and on a virtual machine a TLB miss is a two-level page walk. Measured
/// 20–30% faster segmentation alone and 12–16% faster quality pass under load (see
/// docs/methodology/quality.md, Segmentation). Only advice: when the kernel has no huge page to
/// give, or THP is off, nothing changes. Tables under 4 MB (user dictionaries) are left alone.
#[cfg(target_os = "linux")]
fn advise_huge(v: &Vec<Slot>) {
    const HUGE: usize = 2 << 20;
    let bytes = v.capacity() * std::mem::size_of::<Slot>();
    if bytes < 2 * HUGE {
        return;
    }
    let start = v.as_ptr() as usize;
    let first = start.next_multiple_of(HUGE);
    let end = (start + bytes) / HUGE * HUGE;
    if end > first {
        // SAFETY: `first..end` lies inside the allocation `v` owns (its capacity), and
        // MADV_HUGEPAGE changes only how the kernel backs those pages, never their contents or
        // validity; its result is advice, so an error is ignored.
        unsafe {
            libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
        }
    }
}

#[derive(Clone)]
pub(crate) struct Trie {
    dense: Vec<Slot>,
    table: Table,
    /// Every step from a child of the root, by [`pair_bit`].
    pairs: Vec<u64>,
    /// Every step from a node two or more steps below the root, by [`pair_bit`].
    deeper: Vec<u64>,
    /// Ids handed out so far; 0 is the root.
    nodes: u32,
    logs: Logs,
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

/// The bit of the step with key `key` in the set of deeper steps.
#[inline(always)]
fn deep_bit(key: u64) -> (usize, u64) {
    let h = (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - DEEP_BITS)) as usize;
    (h / 64, 1 << (h % 64))
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
            table: Table::with_capacity(nodes),
            pairs: vec![0; 1 << (PAIR_BITS - 6)],
            deeper: vec![0; 1 << (DEEP_BITS - 6)],
            nodes: 1,
            logs: Logs::default(),
        }
    }

    /// `ln(freq)` of the word ending at `s` (a slot with a word).
    #[inline(always)]
    pub(crate) fn log_freq(&self, s: Slot) -> f64 {
        self.logs.get(s)
    }

    /// The step out of the root on `c`.
    #[inline(always)]
    pub(crate) fn first(&self, c: char) -> Slot {
        match dense_index(c) {
            Some(i) => self.dense[i],
            None => self.table.get(key(0, c)),
        }
    }

    /// The step out of the root on `c` when `c` is in the dense table, else none.
    #[inline(always)]
    pub(crate) fn first_dense(&self, c: char) -> Slot {
        match dense_index(c) {
            Some(i) => self.dense.get(i).copied().unwrap_or(Slot::NONE),
            None => Slot::NONE,
        }
    }

    /// The child of `from` with key `k`.
    #[inline(always)]
    fn child(&self, k: u64) -> Slot {
        self.table.get(k)
    }

    /// The step from `from` (a slot that exists) on `c`.
    #[inline(always)]
    pub(crate) fn next(&self, from: Slot, c: char) -> Slot {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return Slot::NONE;
        }
        self.child(key(from.id(), c))
    }

    /// The table key of the step from `from`, a child of the root ([`Trie::first`]), on `c`,
    /// when the filters and the set of second steps let it reach the table.
    #[inline(always)]
    fn second_key(&self, from: Slot, c: char) -> Option<u64> {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return None;
        }
        let k = key(from.id(), c);
        let (w, bit) = pair_bit(k);
        (self.pairs[w] & bit != 0).then_some(k)
    }

    /// [`Trie::next`] from `from`, a child of the root ([`Trie::first`]): asks the set of
    /// second steps first.
    #[inline(always)]
    pub(crate) fn second(&self, from: Slot, c: char) -> Slot {
        self.second_key(from, c)
            .map_or(Slot::NONE, |k| self.child(k))
    }

    /// Starts loading the table line [`Trie::second`] from `from` on `c` will read, when the
    /// filters let that step reach the table (a hint only: nothing changes if it is not taken).
    #[inline(always)]
    pub(crate) fn prefetch_second(&self, from: Slot, c: char) {
        if let Some(k) = self.second_key(from, c) {
            self.table.prefetch(k);
        }
    }

    /// [`Trie::next`] from `from`, a node two or more steps below the root: asks the set of
    /// deeper steps first.
    #[inline(always)]
    pub(crate) fn deeper(&self, from: Slot, c: char) -> Slot {
        let (a, b) = filter_bits(c);
        if from.key & a == 0 || from.node & b == 0 {
            return Slot::NONE;
        }
        let k = key(from.id(), c);
        let (w, bit) = deep_bit(k);
        if self.deeper[w] & bit == 0 {
            return Slot::NONE;
        }
        self.child(k)
    }

    /// Gives every word the id `new[id]` (`new` a permutation of the ids in use).
    pub(crate) fn renumber_words(&mut self, new: &[u32]) {
        let relabel = |s: &mut Slot| {
            if let Some(&n) = new.get(s.word() as usize) {
                let log_index = s.log_index();
                s.set_word(n + 1, log_index);
            }
        };
        self.dense.iter_mut().for_each(relabel);
        self.table.slots.iter_mut().for_each(relabel);
        if !self.logs.spill.is_empty() {
            self.logs.spill = std::mem::take(&mut self.logs.spill)
                .into_iter()
                .map(|(w, v)| (new.get(w as usize).copied().unwrap_or(w), v))
                .collect();
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
            Home::Table(i) => self.table.slots[i],
        }
    }

    fn slot_mut(&mut self, home: Home) -> Option<&mut Slot> {
        match home {
            Home::Root => None,
            Home::Dense(i) => self.dense.get_mut(i),
            Home::Table(i) => self.table.slots.get_mut(i),
        }
    }

    /// Where the child of the node at `parent` on `c` is (or would go).
    fn child_home(&self, parent: Home, c: char) -> Home {
        if parent == Home::Root {
            return match dense_index(c) {
                Some(i) => Home::Dense(i),
                None => Home::Table(self.table.probe(key(0, c))),
            };
        }
        let p = self.slot(parent);
        let k = key(p.id(), c);
        Home::Table(self.table.probe(k))
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
        let Some(home) = self.find(word) else { return };
        let s = self.slot(home);
        if s.word() == NO_WORD {
            return;
        }
        let i = self.logs.intern(s.word(), log_freq);
        if let Some(s) = self.slot_mut(home) {
            s.set_word(s.word_plus_one, i);
        }
    }

    /// Makes `word` a dictionary word with id `id` and `ln(freq)` `log_freq` unless it already
    /// is one: returns the id it has afterwards ([`NO_WORD`] for an empty word or a full tree).
    pub(crate) fn insert(&mut self, word: &str, id: u32, log_freq: f64) -> u32 {
        self.table.reserve(word.chars().count());
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
                p.node |= b;
            }
            let k = key(parent_id, c);
            match depth {
                2 => {
                    let (w, bit) = pair_bit(k);
                    self.pairs[w] |= bit;
                }
                3.. => {
                    let (w, bit) = deep_bit(k);
                    self.deeper[w] |= bit;
                }
                _ => {}
            }
            let fresh = Slot {
                key: key(parent_id, c),
                node,
                ..Slot::NONE
            };
            match at {
                Home::Dense(i) => self.dense[i] = Slot { key: 0, ..fresh },
                Home::Table(i) => {
                    self.table.slots[i] = fresh;
                    self.table.used += 1;
                }
                Home::Root => {}
            }
            home = at;
        }
        let s = self.slot(home);
        if home == Home::Root {
            return NO_WORD;
        }
        if s.word() == NO_WORD && id < WORD_MASK - 1 {
            let i = self.logs.intern(id, log_freq);
            if let Some(slot) = self.slot_mut(home) {
                slot.set_word(id + 1, i);
            }
        }
        self.slot(home).word()
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
    /// The previous word's path: character and node id.
    path: Vec<(char, u32)>,
    pairs: Vec<u64>,
    deeper: Vec<u64>,
    logs: Logs,
}

const IN_DENSE: u32 = 1 << 31;

impl SortedBuilder {
    pub(crate) fn new(words: usize) -> SortedBuilder {
        let nodes = words + words / 2;
        let mut b = SortedBuilder {
            dense: vec![Slot::NONE; DENSE_ROOT],
            entries: Vec::with_capacity(nodes),
            at: Vec::with_capacity(nodes),
            path: Vec::new(),
            pairs: vec![0; 1 << (PAIR_BITS - 6)],
            deeper: vec![0; 1 << (DEEP_BITS - 6)],
            logs: Logs::default(),
        };
        // The root.
        b.at.push(0);
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

    /// Adds `word` with `id` and `ln(freq)` `log_freq`; false (and nothing added) when `word`
    /// is empty or not after the previous word, or the tree is full.
    pub(crate) fn push(&mut self, word: &str, id: u32, log_freq: f64) -> bool {
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
        if id >= WORD_MASK - 1 {
            return false;
        }
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
            let (a, b) = filter_bits(c);
            if let Some(p) = self.node_mut(parent) {
                p.key |= a;
                p.node |= b;
            }
            let k = key(parent, c);
            match self.path.len() {
                1 => {
                    let (w, bit) = pair_bit(k);
                    self.pairs[w] |= bit;
                }
                2.. => {
                    let (w, bit) = deep_bit(k);
                    self.deeper[w] |= bit;
                }
                _ => {}
            }
            self.path.push((c, node));
        }
        let last = self.path.last().map_or(0, |&(_, n)| n);
        let i = self.logs.intern(id, log_freq);
        if let Some(s) = self.node_mut(last) {
            s.set_word(id + 1, i);
        }
        true
    }

    pub(crate) fn finish(self) -> Trie {
        Trie {
            table: Table::place(&self.entries),
            dense: self.dense,
            pairs: self.pairs,
            deeper: self.deeper,
            nodes: self.at.len() as u32,
            logs: self.logs,
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
                for (depth, c) in cs.enumerate() {
                    if !s.exists() {
                        break;
                    }
                    let filtered = match depth {
                        0 => t.second(s, c),
                        _ => t.deeper(s, c),
                    };
                    s = t.next(s, c);
                    assert_eq!(filtered, s, "the filtered step on {c} in {w}");
                }
                let lf = if s.exists() && s.word() != NO_WORD {
                    t.log_freq(s)
                } else {
                    0.0
                };
                (s.exists(), s.word(), lf)
            };
            assert_eq!(walk(&sorted), walk(&inc), "{w}");
        }
    }

    #[test]
    fn more_distinct_frequencies_than_the_log_table_holds() {
        // 20,000 distinct values: the first LOG_VALUES go to the table, the rest spill.
        let words: Vec<String> = (0..20_000u32)
            .map(|i| [char::from_u32(0x4E00 + i).unwrap(), '们'].iter().collect())
            .collect();
        let mut t = Trie::with_capacity(8);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.insert(w, i as u32, i as f64 + 0.5), i as u32);
        }
        let log_of = |t: &Trie, w: &str| {
            let mut cs = w.chars();
            let s = t.next(t.first(cs.next().unwrap()), cs.next().unwrap());
            t.log_freq(s)
        };
        for (i, w) in words.iter().enumerate() {
            assert_eq!(log_of(&t, w), i as f64 + 0.5, "{w}");
        }
        // A spilled word moved to a value already in the table, and back out.
        let last = &words[19_999];
        t.set_log_freq(last, 3.5);
        assert_eq!(log_of(&t, last), 3.5);
        t.set_log_freq(last, 1e9);
        assert_eq!(log_of(&t, last), 1e9);
        assert_eq!(log_of(&t, &words[3]), 3.5);
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
        assert_eq!((d.word(), t.log_freq(d)), (101, 2.5));
        assert_eq!(t.log_freq(t.first('中')), 3.5);
    }
}
