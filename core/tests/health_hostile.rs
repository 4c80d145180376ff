//! Hostile inputs never panic the audit: reversed or degenerate windows, timestamps centuries
//! apart, saturated counts, self-referencing replies, empty ids, bad configuration.

use chrono::DateTime;
use zhengwu::health::{AuditConfig, Window, audit, report};
use zhengwu::{Account, Comment, Dataset, Mention, Post};

fn t(s: &str) -> zhengwu::Timestamp {
    DateTime::parse_from_rfc3339(s).expect("time")
}

fn hostile() -> Dataset {
    let mut d = Dataset::default();
    d.accounts.push(Account {
        id: String::new(),
        followers: Some(u64::MAX),
        lifetime_posts: Some(0),
        created_at: Some(t("0001-01-01T00:00:00+14:00")),
        ..Account::default()
    });
    d.accounts.push(Account {
        id: "a".into(),
        affiliated_ids: vec!["a".into(), String::new()],
        parent_id: Some("a".into()),
        ..Account::default()
    });
    for (i, at) in [
        "0001-01-01T00:00:00-12:00",
        "9999-12-31T23:59:59+14:00",
        "2024-02-29T12:00:00+05:45",
        "2024-02-29T12:00:00+05:45",
    ]
    .iter()
    .enumerate()
    {
        let mut p = Post::new(
            if i == 3 { String::new() } else { i.to_string() },
            "a",
            t(at),
            "#\u{200b}# ## #话题 #a#b# 回复@:？?",
        );
        p.reposts = Some(u64::MAX);
        p.comments = Some(u64::MAX);
        p.likes = Some(u64::MAX);
        p.is_repost = Some(i % 2 == 0);
        p.hashtags = vec![String::new(), "  ".into()];
        d.posts.push(p);
    }
    let mut c = Comment::new("c", "0", "u", t("0001-01-01T00:00:00-12:00"), "？");
    c.parent_id = Some("c".into());
    d.comments.push(c.clone());
    c.id = "r".into();
    c.author_id = "a".into();
    c.text = "回复@".into();
    d.comments.push(c);
    d.comments
        .push(Comment::new("x", "", "", t("2024-01-01T00:00:00Z"), ""));
    d.mentions.push(Mention {
        id: "m".into(),
        account_id: "a".into(),
        author_id: "a".into(),
        author_name: None,
        created_at: t("2024-01-01T00:00:00Z"),
        text: "请问".into(),
    });
    d
}

#[test]
fn hostile_dataset_audits_without_panic_and_stays_bounded() {
    for (run_interaction, run_quality) in [(false, false), (true, false), (true, true)] {
        let cfg = AuditConfig {
            run_interaction,
            run_quality,
            ..AuditConfig::default()
        };
        let r = audit(&hostile(), &cfg).expect("audit");
        for a in &r.accounts {
            assert!((0.0..=100.0).contains(&a.scores.overall));
            assert!(a.indices.bci.bci.is_finite());
            assert!(a.activity.weekly.len() <= 520);
        }
        let _ = report::audit_text(&r, 10);
        let _ = report::html(&r, 10);
        assert!(report::json(&r).is_ok());
    }
}

#[test]
fn reversed_window_and_bad_config() {
    let cfg = AuditConfig {
        window: Some(Window {
            start: t("2024-12-01T00:00:00+08:00"),
            end: t("2024-11-01T00:00:00+08:00"),
        }),
        run_quality: false,
        ..AuditConfig::default()
    };
    let r = audit(&hostile(), &cfg).expect("audit");
    assert_eq!(r.window.days(), 0.0);
    let mut bad = AuditConfig::default();
    bad.scores.weights.activity = f64::NAN;
    assert_eq!(
        audit(&hostile(), &bad).map_err(|e| e.kind).err(),
        Some(zhengwu::ErrorKind::Config)
    );
    // No posts and no window: a typed error, not a panic.
    let mut empty = Dataset::default();
    empty.accounts.push(Account::default());
    assert!(audit(&empty, &AuditConfig::default()).is_err());
}
