//! Message classification (issue 4): intent, needs-reply and sentiment of one citizen message.
//! Invariants: deterministic; sentiment score finite in [-1, 1]; the brief path agrees with
//! the full one; the batch path agrees with one-by-one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::interaction::{MessageConfig, classify_message, classify_messages};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > 4096 {
        return;
    }
    let cfg = MessageConfig::default();
    let m = classify_message(text, &cfg).expect("the default config is valid");
    assert_eq!(
        m,
        classify_message(text, &cfg).expect("again"),
        "not deterministic"
    );
    assert!(
        m.sentiment_score.is_finite() && (-1.0..=1.0).contains(&m.sentiment_score),
        "sentiment = {}",
        m.sentiment_score
    );
    // Split the input in two messages and classify them as a batch.
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (a, b) = text.split_at(mid);
    let batch = classify_messages(&[a, b], &cfg).expect("batch");
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0], classify_message(a, &cfg).expect("a"));
    assert_eq!(batch[1], classify_message(b, &cfg).expect("b"));
});
