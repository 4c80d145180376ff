//! The fixed strings that structural cues test for — story markers, Q&A and list layouts,
//! office-hours, deadline and address words, numbered steps, second person — compiled into the
//! lexicon automaton ([`super::lexicon`]) so that the one scan of a post answers every "does the
//! text contain …" question. Each used to be its own substring search over the text.
//!
//! A module names a marker by its text with [`mark!`], which resolves it to its index at compile
//! time (a typo is a compile error), and tests it on the post's [`Marks`].

/// Every marker, in a fixed order (the index is the bit in [`Marks`]).
pub(crate) const MARKERS: &[&str] = &[
    // Story (form.rs).
    "有一天",
    "那天",
    "那一天",
    "从前",
    "后来",
    "当时",
    "那一刻",
    "原来",
    "没想到",
    "终于",
    "回忆",
    "讲述",
    "故事",
    "这一年",
    "多年来",
    "（化名）",
    // Q&A layout (form.rs).
    "问：",
    "问:",
    "答：",
    "答:",
    "你问我答",
    "Q&A",
    "问答",
    "Q：",
    "Q:",
    "A：",
    "A:",
    // Lists and numbered steps (form.rs, livelihood.rs).
    "1.",
    "2.",
    "3.",
    "1、",
    "2、",
    "一是",
    "二是",
    "三是",
    "第一",
    "第二",
    "一、",
    "二、",
    "①",
    "②",
    "③",
    "第一步",
    "第二步",
    "第三步",
    // Addresses, office hours, deadlines (livelihood.rs).
    "地址",
    "路",
    "街",
    "大道",
    "巷",
    "办公时间",
    "开放时间",
    "营业时间",
    "受理时间",
    "工作日",
    "服务时间",
    "截止日期",
    "截止时间",
    "逾期",
    // Document titles (post_type.rs).
    "《",
    // Second person (post_type.rs).
    "你",
    "您",
    "大家",
    // Fill-in quiz (post_type.rs).
    "填空",
];

/// Number of markers.
pub(crate) const COUNT: usize = MARKERS.len();

/// The marker with index `i`.
pub(crate) const fn text(i: usize) -> &'static str {
    MARKERS[i]
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The index of marker `m`; used in constant context through [`mark!`], where an unknown
/// marker fails the build.
pub(crate) const fn index(m: &str) -> usize {
    let mut i = 0;
    while i < COUNT {
        if same(text(i), m) {
            return i;
        }
        i += 1;
    }
    panic!("not a marker: add it to quality::markers")
}

/// The index of a marker, resolved at compile time.
macro_rules! mark {
    ($m:literal) => {
        const { $crate::quality::markers::index($m) }
    };
}
pub(crate) use mark;

/// Which markers occur in a text: bit `i` set when `text(i)` is a substring.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marks(pub(crate) u64);

impl Marks {
    /// True when marker `i` occurs in the text.
    #[inline]
    pub(crate) fn has(self, i: usize) -> bool {
        i < 64 && self.0 & (1 << i) != 0
    }

    pub(crate) fn set(&mut self, i: usize) {
        if i < 64 {
            self.0 |= 1 << i;
        }
    }
}

const _: () = assert!(COUNT <= 64, "Marks holds 64 markers");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_distinct_and_resolve() {
        for i in 0..COUNT {
            assert_eq!(index(text(i)), i);
        }
        assert_eq!(mark!("填空"), COUNT - 1);
        assert_eq!(text(mark!("问答")), "问答");
    }
}
