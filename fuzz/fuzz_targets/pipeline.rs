//! The main job end to end: read a JSONL dataset (our schema, lenient), then audit every
//! account, whole (health runs quality and interaction per account) and streaming (the
//! `Auditor`), and analyse post quality.
//! Invariants: the read is balanced; every score is finite and in 0–100; the audit counts
//! what it was given.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::ErrorKind;
use zhengwu::health::{AuditConfig, Auditor, audit};
use zhengwu::quality::{QualityConfig, analyze_posts};
use zhengwu::read::Format;
use zhengwu_fuzz::{check_read, options};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    if input.len() > 16 * 1024 {
        return;
    }
    let opts = options(Some(Format::Jsonl), selector, false);
    if check_read(input, &opts).is_none() {
        return;
    }
    let Ok((data, _)) = zhengwu::read::read_bytes(input, &opts) else {
        return;
    };
    // The whole-dataset audit and the streaming Auditor (the bounded-memory path).
    let mut streaming = Auditor::new(AuditConfig::default()).expect("the default config is valid");
    for a in &data.accounts {
        streaming.push_account(a);
    }
    for p in &data.posts {
        streaming.push_post(p);
    }
    for c in &data.comments {
        streaming.push_comment(c);
    }
    for m in &data.mentions {
        streaming.push_mention(m);
    }
    for result in [audit(&data, &AuditConfig::default()), streaming.finish()] {
        let report = match result {
            Ok(r) => r,
            // Documented: without posts there is no window unless the caller gives one.
            Err(e) if data.posts.is_empty() && e.kind == ErrorKind::Config => continue,
            Err(e) => panic!("audit failed on read data: {e}"),
        };
        assert_eq!(report.posts, data.posts.len() as u64);
        for acc in &report.accounts {
            let s = &acc.scores;
            assert!(
                s.overall.is_finite() && (0.0..=100.0).contains(&s.overall),
                "{s:?}"
            );
            assert!((0.0..=1.0).contains(&s.weight_coverage), "{s:?}");
            for c in &s.components {
                if let Some(x) = c.score {
                    assert!(x.is_finite() && (0.0..=100.0).contains(&x), "{c:?}");
                }
            }
        }
    }
    let q = analyze_posts(&data.posts, &QualityConfig::default());
    assert_eq!(q.len(), data.posts.len());
});
