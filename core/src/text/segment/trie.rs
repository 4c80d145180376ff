//! The dictionary's prefix tree over characters, laid out for the segmenter's one access pattern:
//! from a character, follow the next characters while they continue some dictionary word.
//!
//! A node is a prefix of a dictionary word. Steps out of the root on ASCII and on the main CJK
//! block index a dense table (169 kB, so the first step of every walk stays in cache); every other
//! step is one open-addressed slot keyed by `(parent node, character)`. A step yields a [`Link`]:
//! the child node, a bit saying whether the child has children of its own (a walk that reaches a
//! leaf stops without probing), and the id of the word ending there.

/// Word id meaning "no dictionary word ends here".
pub(crate) const NO_WORD: u32 = u32::MAX;

/// Set on [`Link::node`] when the node has children.
const HAS_CHILDREN: u32 = 1 << 31;

const CJK_FIRST: u32 = 0x4E00;
const CJK_LAST: u32 = 0x9FFF;
const DENSE_ROOT: usize = 0x80 + (CJK_LAST - CJK_FIRST + 1) as usize;

const HASH_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// The result of one step: the node reached (0 = none) and the word ending there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    node: u32,
    pub(crate) word: u32,
}

impl Link {
    const NONE: Link = Link {
        node: 0,
        word: NO_WORD,
    };

    /// True when the step led somewhere (a prefix of some word).
    #[inline(always)]
    pub(crate) fn exists(self) -> bool {
        self.node != 0
    }

    #[inline(always)]
    fn id(self) -> u32 {
        self.node & !HAS_CHILDREN
    }
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// `(parent << 21 | char) + 1`; 0 marks a free slot.
    key: u64,
    link: Link,
}

impl Default for Link {
    fn default() -> Self {
        Link::NONE
    }
}

/// Where a node's [`Link`] is stored, to set its children bit when a child is added.
#[derive(Clone, Copy)]
enum Home {
    Root,
    Dense(usize),
    Slot(usize),
}

#[derive(Clone)]
pub(crate) struct Trie {
    dense: Vec<Link>,
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

impl Trie {
    /// An empty tree with room for about `nodes` nodes before it grows.
    pub(crate) fn with_capacity(nodes: usize) -> Trie {
        // At most 5/8 full: short probe chains.
        let slots = (nodes.max(64) * 8 / 5).next_power_of_two();
        Trie {
            dense: vec![Link::NONE; DENSE_ROOT],
            slots: vec![Slot::default(); slots],
            used: 0,
            shift: 64 - slots.trailing_zeros(),
            nodes: 1,
        }
    }

    #[inline(always)]
    fn probe(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(HASH_MUL) >> self.shift) as usize;
        loop {
            let k = self.slots[i].key;
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The step out of the root on `c`.
    #[inline(always)]
    pub(crate) fn first(&self, c: char) -> Link {
        match dense_index(c) {
            Some(i) => self.dense[i],
            None => self.slots[self.probe(key(0, c))].link,
        }
    }

    /// The step from `from` (a link that exists) on `c`.
    #[inline(always)]
    pub(crate) fn next(&self, from: Link, c: char) -> Link {
        if from.node & HAS_CHILDREN == 0 {
            return Link::NONE;
        }
        self.slots[self.probe(key(from.id(), c))].link
    }

    /// The id of `word` when it is a dictionary word.
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        let mut chars = word.chars();
        let mut link = self.first(chars.next()?);
        for c in chars {
            if !link.exists() {
                return None;
            }
            link = self.next(link, c);
        }
        (link.exists() && link.word != NO_WORD).then_some(link.word)
    }

    /// Makes `word` (not empty) a dictionary word with id `id`, unless it already is one:
    /// returns the id it has afterwards.
    pub(crate) fn insert(&mut self, word: &str, id: u32) -> u32 {
        let chars = word.chars().count();
        if (self.used + chars) * 8 > self.slots.len() * 5 {
            self.grow(self.used + chars);
        }
        let mut home = Home::Root;
        let mut parent = 0u32;
        for c in word.chars() {
            let found = match home {
                Home::Root => self.first(c),
                _ => {
                    let l = self.link_at(home);
                    if l.node & HAS_CHILDREN == 0 {
                        Link::NONE
                    } else {
                        self.slots[self.probe(key(parent, c))].link
                    }
                }
            };
            let at = match (home, dense_index(c)) {
                (Home::Root, Some(i)) => Home::Dense(i),
                _ => Home::Slot(self.probe(key(parent, c))),
            };
            if found.exists() {
                parent = found.id();
                home = at;
                continue;
            }
            // A new node under `parent`.
            let node = self.nodes;
            self.nodes += 1;
            let link = Link {
                node,
                word: NO_WORD,
            };
            match at {
                Home::Dense(i) => self.dense[i] = link,
                Home::Slot(i) => {
                    self.slots[i] = Slot {
                        key: key(parent, c),
                        link,
                    };
                    self.used += 1;
                }
                Home::Root => {}
            }
            self.set_link_bits(home, HAS_CHILDREN);
            parent = node;
            home = at;
        }
        let link = match home {
            Home::Dense(i) => &mut self.dense[i],
            Home::Slot(i) => &mut self.slots[i].link,
            // An empty word: nothing to insert.
            Home::Root => return NO_WORD,
        };
        if link.word == NO_WORD {
            link.word = id;
        }
        link.word
    }

    fn link_at(&self, home: Home) -> Link {
        match home {
            Home::Root => Link::NONE,
            Home::Dense(i) => self.dense[i],
            Home::Slot(i) => self.slots[i].link,
        }
    }

    fn set_link_bits(&mut self, home: Home, bits: u32) {
        match home {
            Home::Dense(i) => self.dense[i].node |= bits,
            Home::Slot(i) => self.slots[i].link.node |= bits,
            Home::Root => {}
        }
    }

    /// Rebuilds the slot table with room for `nodes` nodes (ids stay, so links stay valid).
    fn grow(&mut self, nodes: usize) {
        let fresh = Trie::with_capacity(nodes * 2);
        let old = std::mem::replace(&mut self.slots, fresh.slots);
        self.shift = fresh.shift;
        for s in old.into_iter().filter(|s| s.key != 0) {
            let i = self.probe(s.key);
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
        assert_eq!(t.insert("中国", 0), 0);
        assert_eq!(t.insert("中国人", 1), 1);
        assert_eq!(t.insert("中", 2), 2);
        assert_eq!(t.insert("中国", 7), 0, "an existing word keeps its id");
        for (i, w) in ["😀表情", "a+b", "ｅ", "𠀀字"].iter().enumerate() {
            assert_eq!(t.insert(w, 10 + i as u32), 10 + i as u32);
        }
        // Enough words to make the table grow several times.
        for i in 0..5000u32 {
            let w: String = [char::from_u32(0x4E00 + i).unwrap(), '们'].iter().collect();
            t.insert(&w, 100 + i);
        }
        assert_eq!(t.get("中国"), Some(0));
        assert_eq!(t.get("中国人"), Some(1));
        assert_eq!(t.get("中"), Some(2));
        assert_eq!(t.get("中国人民"), None);
        assert_eq!(t.get("国"), None);
        assert_eq!(t.get("😀表情"), Some(10));
        assert_eq!(t.get("😀"), None);
        assert_eq!(t.get("𠀀字"), Some(13));
        assert_eq!(t.get("丁们"), Some(100 + 1));
        let a = t.first('中');
        assert!(a.exists() && a.word == 2);
        let b = t.next(a, '国');
        assert_eq!(b.word, 0);
        assert!(!t.next(t.next(b, '人'), '民').exists());
        assert!(!t.first('龘').exists());
    }
}
