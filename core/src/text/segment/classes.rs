//! Which characters jieba segments with its dictionary: the class of jieba's `RE_HAN_DEFAULT`
//! (CJK ideographs of every block, ASCII letters and digits, and `+#&._%-`). Text is split into
//! maximal runs inside and outside this class; runs outside it become one token per character
//! (`\r\n` together).

/// True for a character of jieba's default dictionary class.
#[inline(always)]
pub(crate) fn is_dictionary_char(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => true,
        _ if c.is_ascii() => {
            c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
        }
        '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_jieba() {
        for c in [
            '中', 'a', 'Z', '0', '+', '#', '&', '.', '_', '%', '-', '㐀', '𠀀', '豈',
        ] {
            assert!(is_dictionary_char(c), "{c}");
        }
        for c in [
            ' ', '，', '。', '！', '😀', 'é', '\n', '\r', '@', '/', 'ａ', '０', '　',
        ] {
            assert!(!is_dictionary_char(c), "{c}");
        }
    }
}
