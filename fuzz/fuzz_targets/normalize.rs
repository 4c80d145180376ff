//! Normalisation: markup extraction, width folding, repost chains, truncation markers.
//! Invariants: deterministic; no zero-width character survives in the prose or the hops.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::text::normalize::is_zero_width;
use zhengwu::text::{NormalizeOptions, normalize_with};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for keep in [true, false] {
        let opts = NormalizeOptions {
            keep_hashtag_text: keep,
        };
        let n = normalize_with(text, &opts);
        assert_eq!(n, normalize_with(text, &opts), "not deterministic");
        assert!(!n.clean.chars().any(is_zero_width), "{:?}", n.clean);
        for hop in &n.repost_chain {
            assert!(!hop.text.chars().any(is_zero_width));
            assert!(!hop.user.is_empty());
        }
        assert!(n.hashtags.iter().all(|h| !h.contains('#')));
    }
});
