//! Post quality (issue 3): every analysis of one post, on fuzzed text and repost flag.
//! Invariants: deterministic; every score in its documented range and finite; readability
//! figures finite and non-negative; evidence offsets inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::Post;
use zhengwu::quality::{QualityConfig, analyze_post};
use zhengwu_fuzz::reference;

fn unit(x: f64, what: &str) {
    assert!(x.is_finite() && (0.0..=1.0).contains(&x), "{what} = {x}");
}

fn non_negative(x: f64, what: &str) {
    assert!(x.is_finite() && x >= 0.0, "{what} = {x}");
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // Small texts: the fuzzer should explore shapes; huge texts are in core/tests/hostile.rs.
    if text.len() > 4096 {
        return;
    }
    let mut post = Post::new("p", "gov", reference(), text);
    post.is_repost = match flags % 3 {
        0 => None,
        1 => Some(true),
        _ => Some(false),
    };
    let cfg = QualityConfig::default();
    let q = analyze_post(&post, &cfg);
    assert_eq!(q, analyze_post(&post, &cfg), "not deterministic");
    unit(q.livelihood.score, "livelihood");
    unit(q.officialese.score, "officialese");
    unit(q.plain_language.score, "plain language");
    assert!(
        q.audience.score.is_finite() && (-1.0..=1.0).contains(&q.audience.score),
        "audience = {}",
        q.audience.score
    );
    non_negative(q.officialese.density, "officialese density");
    non_negative(q.plain_language.density, "plain density");
    let r = &q.readability;
    for (x, what) in [
        (r.chars_per_sentence, "chars/sentence"),
        (r.words_per_sentence, "words/sentence"),
        (r.chars_per_word, "chars/word"),
        (r.xu_readability1, "xu1"),
        (r.xu_readability2, "xu2"),
        (r.xu_readability3, "xu3"),
        (r.fog_index, "fog"),
        (r.length_ratio, "length ratio"),
    ] {
        non_negative(x, what);
    }
    unit(r.rare_char_share, "rare chars");
    unit(r.rare_word_share, "rare words");
    unit(r.adverb_conjunction_share, "adverb+conjunction");
    if let Some(v) = &q.form.verse {
        unit(v.rhyme_share, "rhyme share");
    }
    for (kind, s) in &q.post_type.scores {
        assert!(s.is_finite(), "{kind:?} = {s}");
    }
    for k in q.keywords.tfidf.iter().chain(&q.keywords.textrank) {
        assert!(k.weight.is_finite(), "{k:?}");
    }
    // Results serialise (what the bindings hand out).
    serde_json::to_string(&q).expect("serialise");
});
