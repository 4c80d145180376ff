//! The shared jieba tokenizer: tokens borrow from the input and concatenate back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::text::tokenizer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Small inputs: the fuzzer should explore shapes, not lengths (huge texts are covered by
    // core/tests/hostile.rs).
    if text.len() > 4096 {
        return;
    }
    let tokens = tokenizer().cut(text);
    assert_eq!(tokens.concat(), text);
    let tags = tokenizer().tag(text);
    assert_eq!(tags.len(), tokens.len());
});
