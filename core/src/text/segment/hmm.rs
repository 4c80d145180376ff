//! jieba's HMM for the characters the route leaves single and that are not one dictionary word
//! together: the four-state (B, E, M, S: begin, end, middle of a word, single) Viterbi of jieba-rs
//! 0.11, with jieba's model (`hmm.model` of jieba-macros, turned into tables by `core/build.rs`).
//!
//! What jieba does with such a run, token for token:
//!
//! - it is split into maximal runs of characters the model covers (`U+4E00..=U+9FD5`) and the
//!   rest;
//! - a covered run of two or more characters is labelled by Viterbi and cut after every E and S
//!   (the last, unfinished word, if any, is one token); a single covered character is a token;
//! - the rest is split like jieba's `re_skip`: an ASCII letter or digit starts a token that takes
//!   letters and digits, any `.`, `_` or `-` followed by another letter or digit, and a final
//!   `%`; everything between two such tokens is one token.
//!
//! The Viterbi keeps jieba-rs's arithmetic (`previous + transition + emission`, in that order)
//! and its tie-breaks (between two candidate predecessors the later state in B, E, M, S order;
//! at the end, E only when strictly more likely than S), so the labels are exactly jieba-rs's.
//! Tokens are handed out as character ranges, so the caller knows which characters they span.

include!(concat!(env!("OUT_DIR"), "/jieba_hmm.rs"));

const E: u8 = 1;
const S: u8 = 3;
const B: u8 = 0;

/// The two states each state may follow (B and S follow E or S; E and M follow B or M), in
/// increasing order: on a tie the second is kept.
const PREV: [[usize; 2]; 4] = [[1, 3], [0, 2], [0, 2], [1, 3]];

/// True for a character the model has emission probabilities for.
#[inline(always)]
fn is_hmm_han(c: char) -> bool {
    (EMIT_FIRST..=EMIT_LAST).contains(&(c as u32))
}

/// The emission log-probabilities of `c` in B, E, M, S (jieba's `MIN_FLOAT` where the model has
/// none).
#[inline(always)]
fn emission(c: char) -> [f64; 4] {
    let row = EMIT_ROWS
        .get((c as u32).wrapping_sub(EMIT_FIRST) as usize)
        .copied()
        .unwrap_or([0; 4]);
    row.map(|i| {
        EMIT_VALUES
            .get(usize::from(i))
            .copied()
            .unwrap_or(EMIT_VALUES[0])
    })
}

/// Reused buffers of the Viterbi.
#[derive(Default)]
pub(super) struct Hmm {
    /// The best predecessor of each state, per character after the first.
    prev: Vec<[u8; 4]>,
    /// The best labels.
    path: Vec<u8>,
}

impl Hmm {
    /// Cuts `chars` the way jieba's HMM does (see the module), handing each token to `word` as
    /// the range of its characters' indices in `chars`.
    pub(super) fn cut(&mut self, chars: &[(u32, char)], word: &mut impl FnMut(usize, usize)) {
        let n = chars.len();
        let mut i = 0;
        while let Some(&(_, first)) = chars.get(i) {
            let covered = is_hmm_han(first);
            let j = chars[i..]
                .iter()
                .position(|&(_, c)| is_hmm_han(c) != covered)
                .map_or(n, |k| i + k);
            if !covered {
                skip_split(&chars[i..j], i, word);
            } else if j - i == 1 {
                word(i, j);
            } else {
                self.viterbi(&chars[i..j]);
                let mut begin = 0;
                let mut done = 0;
                for (k, &state) in self.path.iter().enumerate() {
                    match state {
                        B => begin = k,
                        E => {
                            word(i + begin, i + k + 1);
                            done = k + 1;
                        }
                        S => {
                            word(i + k, i + k + 1);
                            done = k + 1;
                        }
                        _ => {}
                    }
                }
                if done < j - i {
                    word(i + done, j);
                }
            }
            i = j;
        }
        if self.prev.capacity() > 1 << 16 {
            *self = Hmm::default();
        }
    }

    /// Leaves the most likely labels of `chars` (at least two, all covered) in `self.path`.
    fn viterbi(&mut self, chars: &[(u32, char)]) {
        let n = chars.len();
        self.prev.clear();
        self.prev.resize(n, [0; 4]);
        let first = emission(chars[0].1);
        let mut v: [f64; 4] = std::array::from_fn(|y| START[y] + first[y]);
        for (t, &(_, c)) in chars.iter().enumerate().skip(1) {
            let em = emission(c);
            let mut next = [0f64; 4];
            let mut from = [0u8; 4];
            for y in 0..4 {
                let [a, b] = PREV[y];
                let pa = v[a] + TRANS[a][y] + em[y];
                let pb = v[b] + TRANS[b][y] + em[y];
                (next[y], from[y]) = if pa > pb {
                    (pa, a as u8)
                } else {
                    (pb, b as u8)
                };
            }
            self.prev[t] = from;
            v = next;
        }
        let mut state = if v[usize::from(E)] > v[usize::from(S)] {
            E
        } else {
            S
        };
        self.path.clear();
        self.path.resize(n, S);
        self.path[n - 1] = state;
        for t in (1..n).rev() {
            state = self.prev[t][usize::from(state)];
            self.path[t - 1] = state;
        }
    }
}

/// jieba's `re_skip` split of `chars` (none covered by the model): tokens of ASCII letters and
/// digits joined by single `.`, `_`, `-` and ending in an optional `%`, and the gaps between
/// them, each gap one token. Ranges are offset by `base`.
fn skip_split(chars: &[(u32, char)], base: usize, word: &mut impl FnMut(usize, usize)) {
    let n = chars.len();
    let alnum = |k: usize| {
        chars
            .get(k)
            .is_some_and(|&(_, c)| c.is_ascii_alphanumeric())
    };
    let mut pos = 0;
    while pos < n {
        let Some(start) = (pos..n).find(|&k| alnum(k)) else {
            word(base + pos, base + n);
            return;
        };
        let mut end = start;
        loop {
            while alnum(end) {
                end += 1;
            }
            if chars
                .get(end)
                .is_some_and(|&(_, c)| matches!(c, '.' | '_' | '-'))
                && alnum(end + 1)
            {
                end += 1;
            } else {
                break;
            }
        }
        if chars.get(end).is_some_and(|&(_, c)| c == '%') {
            end += 1;
        }
        if start > pos {
            word(base + pos, base + start);
        }
        word(base + start, base + end);
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        let chars: Vec<(u32, char)> = text.char_indices().map(|(i, c)| (i as u32, c)).collect();
        let at = |k: usize| chars.get(k).map_or(text.len(), |&(o, _)| o as usize);
        let mut out = Vec::new();
        Hmm::default().cut(&chars, &mut |a, b| out.push(&text[at(a)..at(b)]));
        out
    }

    #[test]
    fn follows_jieba_rs_hmm() {
        // An empty jieba-rs cuts a dictionary-class run with its HMM alone.
        let j = jieba_rs::Jieba::empty();
        for text in [
            "小明硕士毕业于中国科学院计算所",
            "我来到北京清华大学",
            "他来到了网易杭研大厦",
            "abc-12.x_y%%-中文v1.2.3%结尾",
            "a.b--c__d..e%f",
            "㐀㐁中国𠀀𠀁人民鿖鿗",
            "-+#&._%",
            "中",
            "中a",
            "9",
        ] {
            let want: Vec<&str> = j.cut(text, true).into_iter().map(|t| t.word).collect();
            assert_eq!(cut(text), want, "{text}");
        }
    }

    #[test]
    fn tables_are_jiebas() {
        assert_eq!(EMIT_VALUES[0], -3.14e100);
        assert_eq!(START[0], -0.26268660809250016);
        assert_eq!(TRANS[0][1], -0.510825623765990);
        assert_eq!(EMIT_ROWS.len(), (EMIT_LAST - EMIT_FIRST + 1) as usize);
    }
}
