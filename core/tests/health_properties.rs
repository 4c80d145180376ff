//! Property tests of the health scores: bounded, deterministic, and monotone where the brief
//! says they must be (one more official reply never lowers responsiveness; one more trivia post
//! never raises content quality).

use chrono::{DateTime, Duration};
use proptest::prelude::*;
use zhengwu::health::scores::{ComponentKind, ScoreConfig, content_score};
use zhengwu::health::{AuditConfig, ContentSignals, PostContent, audit};
use zhengwu::{Account, Comment, Dataset, Post, Timestamp};

fn t0() -> Timestamp {
    DateTime::parse_from_rfc3339("2024-11-19T08:00:00+08:00").expect("t0")
}

/// (minute offset, asks a question, author index)
type Msg = (u32, bool, u8);
/// (target message index, delay minutes, by parent id (else by 回复@name))
type Rep = (usize, u32, bool);

fn dataset(msgs: &[Msg], replies: &[Rep]) -> Dataset {
    let mut d = Dataset::default();
    d.accounts.push(Account {
        id: "gov".into(),
        name: Some("某市市场监管".into()),
        followers: Some(20_000),
        ..Account::default()
    });
    let mut p = Post::new("p1", "gov", t0(), "#消费维权# 过期食品举报电话12315");
    p.is_repost = Some(false);
    p.comments = Some(msgs.len() as u64);
    d.posts.push(p);
    for (i, (off, asks, author)) in msgs.iter().enumerate() {
        let mut c = Comment::new(
            format!("c{i}"),
            "p1",
            format!("u{author}"),
            t0() + Duration::minutes(*off as i64),
            if *asks {
                "请问在哪里办理？"
            } else {
                "支持"
            },
        );
        c.author_name = Some(format!("网友{author}"));
        d.comments.push(c);
    }
    for (j, (target, delay, by_parent)) in replies.iter().enumerate() {
        let Some((off, _, author)) = msgs.get(*target) else {
            continue;
        };
        let at = t0() + Duration::minutes(*off as i64 + *delay as i64);
        let mut c = if *by_parent {
            let mut c = Comment::new(format!("r{j}"), "p1", "gov", at, "您好，可在线办理");
            c.parent_id = Some(format!("c{target}"));
            c
        } else {
            Comment::new(
                format!("r{j}"),
                "p1",
                "gov",
                at,
                format!("回复@网友{author}:您好，可在线办理"),
            )
        };
        c.author_name = Some("某市市场监管".into());
        d.comments.push(c);
    }
    d
}

fn responsiveness(d: &Dataset, run_interaction: bool) -> Option<f64> {
    let cfg = AuditConfig {
        run_interaction,
        ..AuditConfig::default()
    };
    let r = audit(d, &cfg).expect("audit");
    r.account("gov")
        .and_then(|a| a.scores.get(ComponentKind::Responsiveness))
}

fn content(kind: &str, trivia: bool, l: f64, o: f64, dup: bool) -> PostContent {
    PostContent {
        post_id: "x".into(),
        kind: kind.into(),
        trivia,
        livelihood: l,
        officialese: o,
        duplicate: dup,
    }
}

proptest! {
    #[test]
    fn one_more_official_reply_never_lowers_responsiveness(
        msgs in prop::collection::vec((0u32..5000, any::<bool>(), 0u8..6), 1..30),
        replies in prop::collection::vec((0usize..30, 0u32..6000, any::<bool>()), 0..20),
        extra in (0usize..30, 0u32..6000, any::<bool>()),
        run_interaction in any::<bool>(),
    ) {
        // Both paths: the interaction analysis and the streaming basic derivation.
        let before = responsiveness(&dataset(&msgs, &replies), run_interaction);
        let mut more = replies.clone();
        more.push(extra);
        let after = responsiveness(&dataset(&msgs, &more), run_interaction);
        match (before, after) {
            (Some(b), Some(a)) => prop_assert!(a >= b - 1e-9, "{b} -> {a}"),
            (None, None) => {}
            (b, a) => prop_assert!(false, "availability changed: {b:?} -> {a:?}"),
        }
    }

    #[test]
    fn one_more_trivia_post_never_raises_content_quality(
        posts in prop::collection::vec((any::<bool>(), 0.0f64..1.0, 0.0f64..1.0, any::<bool>()), 0..40),
        extra in (0.0f64..1.0, 0.0f64..1.0, any::<bool>()),
    ) {
        let cfg = ScoreConfig::default();
        let mut c = ContentSignals::new("test");
        for (trivia, l, o, dup) in &posts {
            c.add(&content(if *trivia { "trivia" } else { "service" }, *trivia, *l, *o, *dup));
        }
        let before = content_score(Some(&c), &cfg).score;
        c.add(&content("trivia", true, extra.0, extra.1, extra.2));
        let after = content_score(Some(&c), &cfg).score.expect("analysed > 0");
        if let Some(b) = before {
            prop_assert!(after <= b + 1e-9, "{b} -> {after}");
        }
        prop_assert!((0.0..=100.0).contains(&after));
    }

    #[test]
    fn scores_are_bounded_and_deterministic(
        msgs in prop::collection::vec((0u32..5000, any::<bool>(), 0u8..6), 0..20),
        replies in prop::collection::vec((0usize..20, 0u32..6000, any::<bool>()), 0..10),
        followers in prop::option::of(any::<u64>()),
        likes in prop::option::of(any::<u64>()),
    ) {
        let mut d = dataset(&msgs, &replies);
        d.accounts[0].followers = followers;
        d.posts[0].likes = likes;
        let a = audit(&d, &AuditConfig::default()).expect("audit");
        let b = audit(&d, &AuditConfig::default()).expect("audit");
        prop_assert_eq!(&a, &b);
        let r = a.account("gov").expect("gov");
        prop_assert!((0.0..=100.0).contains(&r.scores.overall));
        for c in &r.scores.components {
            if let Some(s) = c.score {
                prop_assert!((0.0..=100.0).contains(&s), "{:?} {}", c.kind, s);
            }
        }
        prop_assert!(r.indices.bci.bci.is_finite() && r.indices.bci.bci >= 0.0);
    }
}
