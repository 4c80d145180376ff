//! Sentence splitting: the spans cover the input without gaps, on char boundaries, and the
//! pieces concatenate back to the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::text::{content_sentences, sentence_spans, split_sentences};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let spans = sentence_spans(text);
    let mut at = 0;
    for &(s, e) in &spans {
        assert_eq!(s, at, "gap or overlap");
        assert!(e > s, "empty span");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        at = e;
    }
    assert_eq!(at, text.len());
    assert_eq!(split_sentences(text).concat(), text);
    assert!(content_sentences(text).count() <= spans.len());
});
