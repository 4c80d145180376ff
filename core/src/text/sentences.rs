//! A sentence splitter that keeps every character.
//!
//! Pieces end after a run of sentence-ending marks (`。！？!?；;…` and line breaks), together
//! with any closing quotes or brackets that follow (`”’」』）)】》`) and trailing spaces, so the
//! closing quote stays with the sentence it closes. Concatenating the pieces gives back the
//! input exactly. cntext 2.2.1's splitter drops the first character of every sentence after the
//! first; a regression test below pins that down.

/// Marks that end a sentence. `…` covers both `…` and `……`; runs (`！！`, `?!`) stay together.
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '\n' | '\r' | '｡'
    )
}

/// Closing quotes and brackets that belong to the sentence before them.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》' | '〉' | '"' | '\'' | '］' | ']'
    )
}

/// Splits `text` into sentences; `split_sentences(t).concat() == t` always holds.
///
/// ```
/// use zhengwu::text::split_sentences;
/// let t = "他说：“来了！”我们走吧。好";
/// let parts = split_sentences(t);
/// assert_eq!(parts, ["他说：“来了！”", "我们走吧。", "好"]);
/// assert_eq!(parts.concat(), t);
/// ```
pub fn split_sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

/// Byte ranges `(start, end)` of the sentences of `text`, covering it without gaps.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    SentenceSpans { text, start: 0 }.collect()
}

/// The spans of [`sentence_spans`], one at a time (no vector).
struct SentenceSpans<'a> {
    text: &'a str,
    start: usize,
}

impl Iterator for SentenceSpans<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let text = self.text;
        let start = self.start;
        if start >= text.len() {
            return None;
        }
        let b = text.as_bytes();
        let mut i = start;
        while i < b.len() {
            let x = b[i];
            // Sentence ends are ASCII or lead with E2 (…), E3 (。) or EF (！？；｡): other
            // characters are skipped by their lead byte without decoding.
            let width = match x {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if !matches!(x, b'!' | b'?' | b';' | b'\n' | b'\r' | 0xE2 | 0xE3 | 0xEF)
                || !text[i..].chars().next().is_some_and(is_sentence_end)
            {
                i += width;
                continue;
            }
            // Absorb the rest of the run of end marks, closing marks, then spaces.
            let mut rest = text[i..].char_indices().skip(1).peekable();
            while rest.next_if(|&(_, n)| is_sentence_end(n)).is_some() {}
            while rest.next_if(|&(_, n)| is_closing(n)).is_some() {}
            while rest
                .next_if(|&(_, n)| n == ' ' || n == '\t' || n == '\u{3000}')
                .is_some()
            {}
            let end = rest.peek().map_or(text.len(), |&(k, _)| i + k);
            self.start = end;
            return Some((start, end));
        }
        self.start = text.len();
        Some((start, text.len()))
    }
}

/// The sentences that hold at least one letter or digit (of any script): the ones readability
/// counts. Pieces of only punctuation or whitespace (an empty line, a lone `……`) are skipped.
pub fn content_sentences(text: &str) -> impl Iterator<Item = &str> {
    SentenceSpans { text, start: 0 }
        .map(move |(s, e)| &text[s..e])
        .filter(|s| s.chars().any(crate::text::frequency::is_word_char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_character_regression_against_cntext_2_2_1() {
        // cntext 2.2.1 loses the first character of each sentence after the first (今 of 今天,
        // 记 of 记者 here). Ours loses nothing.
        let t = "央视新闻消息。今天下午，国务院召开会议！记者：“情况怎样？”答：好转。";
        let parts = split_sentences(t);
        assert_eq!(parts.concat(), t);
        assert_eq!(
            parts,
            [
                "央视新闻消息。",
                "今天下午，国务院召开会议！",
                "记者：“情况怎样？”",
                "答：好转。"
            ]
        );
        for p in &parts[1..] {
            assert!(!p.starts_with(['天', '者']), "first character lost: {p}");
        }
    }

    #[test]
    fn runs_ellipsis_newlines_and_closing_brackets() {
        let t = "真的吗？！太好了……（完）\n\n第二段；第三句!? end";
        let parts = split_sentences(t);
        assert_eq!(parts.concat(), t);
        assert_eq!(
            parts,
            [
                "真的吗？！",
                "太好了……",
                "（完）\n\n",
                "第二段；",
                "第三句!? ",
                "end"
            ]
        );
        assert_eq!(content_sentences(t).count(), 6);
    }

    #[test]
    fn lossless_on_cctv_lines_and_odd_input() {
        for t in [
            "【痛心！#四川特殊地貌钙华滩遭碾压# 破坏后几乎无法修复】近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩……目前，3人已发布道歉视频。转发倡议！旅游请留下素质！",
            "",
            "。",
            "！！！",
            "\n",
            "no end mark",
            "”」开头就是引号。",
            "😀🇨🇳！\u{200b}",
        ] {
            assert_eq!(split_sentences(t).concat(), t);
        }
        assert_eq!(content_sentences("。！？\n").count(), 0);
    }
}
