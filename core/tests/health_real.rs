//! Account health on real data (read in place from `../shared/data`; skipped when absent).
//! PRIVACY: the 2024 account set is mostly private individuals — only aggregate assertions,
//! except the two government accounts, which may be named.

use zhengwu::Dataset;
use zhengwu::health::scores::ComponentKind;
use zhengwu::health::{AuditConfig, DiagnosisKind, audit};
use zhengwu::read::{ReadOptions, read_path};
use zhengwu::testdata::shared_file;

fn read(rel: &str) -> Option<Dataset> {
    let path = shared_file(rel, "account-health real-data check")?;
    let (d, r) = read_path(&path, &ReadOptions::lenient()).expect("lenient read");
    assert_eq!(r.rejected, 0, "{rel}");
    Some(d)
}

#[test]
fn accounts_activity_2024_diagnoses() {
    let (Some(mut d), Some(p)) = (
        read("weibo-accounts-activity-2024-11/accounts.csv"),
        read("weibo-accounts-activity-2024-11/posts.jsonl"),
    ) else {
        return;
    };
    d.posts = p.posts;
    // Post quality over 25k posts is slow in a debug build and not what this test checks
    // (scripts/health_eval.rs runs the full audit in release).
    let cfg = AuditConfig {
        run_quality: false,
        ..AuditConfig::default()
    };
    let r = audit(&d, &cfg).expect("audit");
    assert_eq!(r.accounts.len(), 2092);
    assert!(
        (r.window.days() - 10.92).abs() < 0.01,
        "{}",
        r.window.days()
    );
    let silent: Vec<_> = r
        .accounts
        .iter()
        .filter(|a| a.activity.posts == 0)
        .collect();
    assert_eq!(silent.len(), 877);
    // A 10.9-day window is shorter than the 14-day bar: silent accounts with a lifetime count
    // are "not observed"; only those that never posted are dormant.
    for a in &silent {
        let k = a.diagnoses.primary();
        let never = a.account.lifetime_posts == Some(0);
        assert_eq!(
            k,
            Some(if never {
                DiagnosisKind::Dormant
            } else {
                DiagnosisKind::NotObserved
            })
        );
    }
    // Accounts that only reposted: no original post observed either, never "healthy".
    for a in r
        .accounts
        .iter()
        .filter(|a| a.activity.posts > 0 && a.activity.counted_original == 0)
    {
        assert!(a.diagnoses.has(DiagnosisKind::NotObserved));
        assert!(!a.diagnoses.has(DiagnosisKind::Healthy));
    }
    let binhai = r
        .accounts
        .iter()
        .find(|a| a.account.name.as_deref() == Some("滨海发布"))
        .expect("滨海发布 is listed");
    let d0 = &binhai.diagnoses.found[0];
    assert_eq!(d0.kind, DiagnosisKind::NotObserved);
    assert!(d0.evidence.figures["lifetime_posts"] > 100_000.0);
    assert!(
        d0.evidence
            .notes
            .iter()
            .any(|n| n.contains("lifetime post count"))
    );
    let metro = r
        .accounts
        .iter()
        .find(|a| a.account.name.as_deref() == Some("轨交幺幺零"))
        .expect("轨交幺幺零 is listed");
    assert!(metro.activity.posts > 0);
    assert!(!metro.diagnoses.has(DiagnosisKind::NotObserved));
    // BCI from the library equals the published formula applied to the summed counts.
    let e = &metro.engagement;
    let ln1 = |x: u64| (x as f64 + 1.0).ln();
    let by_hand = (0.2 * ln1(e.posts)
        + 0.8 * (0.4 * ln1(e.reposts) + 0.4 * ln1(e.comments) + 0.2 * ln1(e.likes)))
        * 160.0;
    assert!((metro.indices.bci.bci - by_hand).abs() < 1e-9);
}

#[test]
fn cctv_news_is_active_and_reaches() {
    let Some(mut d) = read("cctv-news-weibo-timeline-2020/timeline.csv") else {
        return;
    };
    d.accounts.push(zhengwu::Account {
        id: "2656274875".into(),
        name: Some("央视新闻".into()),
        ..Default::default()
    });
    let cfg = AuditConfig {
        run_quality: false,
        ..AuditConfig::default()
    };
    let r = audit(&d, &cfg).expect("audit");
    let a = r.account("2656274875").expect("cctv");
    assert_eq!(a.activity.posts, 7951);
    assert!(
        a.activity.posts_per_day > 40.0,
        "{}",
        a.activity.posts_per_day
    );
    assert_eq!(a.scores.get(ComponentKind::Activity), Some(100.0));
    // No repost flag in this source: originality unknown, echo not evaluable.
    assert_eq!(a.scores.get(ComponentKind::Originality), None);
    assert!(a.diagnoses.has(DiagnosisKind::Healthy));
    // Topics live in the text only in this crawl; they are extracted for the series.
    assert!(
        a.activity
            .hashtag_series
            .iter()
            .any(|h| h.posts >= 10 && h.days >= 2),
        "{:?}",
        a.activity.hashtag_series
    );
    assert!(a.scores.provisional, "only activity is measurable here");
}
