//! Post quality feeding the health scores: per-post adapter, account-summary adapter, and the
//! audit's content score separating a service account from a trivia account.

use chrono::{DateTime, Duration};
use zhengwu::health::scores::{ComponentKind, ScoreConfig, content_score};
use zhengwu::health::{AuditConfig, ContentSignals, DiagnosisKind, PostContent, audit};
use zhengwu::quality::{QualityConfig, ReferenceCorpus, analyze_posts, summarize_account};
use zhengwu::{Account, Dataset, Post};

const SERVICE: [&str; 3] = [
    "#消费维权# 节假日购物请保留小票，商品质量有问题可拨打12315投诉举报。",
    "【办事指南】个体工商户营业执照可在网上办理：登录政务服务网，按步骤提交材料，3个工作日内办结。",
    "食品安全提示：购买预包装食品请查看生产日期和保质期，发现过期食品请拨打12315。",
];
const TRIVIA: [&str; 3] = [
    "早上好！新的一天，加油哦~[太阳][太阳]",
    "今天教大家做红烧肉：五花肉切块，冰糖炒糖色，小火慢炖一小时，超好吃哒！",
    "周末愉快呀，小编祝大家开开心心每一天~萌萌哒[可爱]",
];

fn dataset() -> Dataset {
    let t0 = DateTime::parse_from_rfc3339("2024-03-01T09:00:00+08:00").expect("t0");
    let mut d = Dataset::default();
    for (id, texts) in [("service", SERVICE), ("trivia", TRIVIA)] {
        d.accounts.push(Account {
            id: id.into(),
            followers: Some(10_000),
            ..Account::default()
        });
        for day in 0..14 {
            let mut p = Post::new(
                format!("{id}-{day}"),
                id,
                t0 + Duration::hours(day * 12),
                texts[day as usize % 3],
            );
            p.is_repost = Some(false);
            d.posts.push(p);
        }
    }
    d
}

#[test]
fn audit_content_separates_service_from_trivia() {
    let r = audit(&dataset(), &AuditConfig::default()).expect("audit");
    let content = |id: &str| {
        r.account(id)
            .and_then(|a| a.scores.get(ComponentKind::Content))
            .expect("content score")
    };
    assert!(
        content("service") > content("trivia") + 20.0,
        "{} vs {}",
        content("service"),
        content("trivia")
    );
    let trivia = r.account("trivia").expect("trivia");
    assert!(
        trivia.diagnoses.has(DiagnosisKind::HollowActive),
        "{:?}",
        trivia.diagnoses
    );
    assert!(trivia.quality.is_some(), "the account summary is kept");
    let c = trivia.content.as_ref().expect("content");
    assert!(!c.reference_checked);
    assert!(
        trivia
            .diagnoses
            .not_evaluated
            .iter()
            .any(|n| n.kind == DiagnosisKind::Copier)
    );
}

#[test]
fn account_summary_adapter_agrees_with_per_post_sums_on_trivia() {
    let d = dataset();
    let posts: Vec<Post> = d
        .posts
        .iter()
        .filter(|p| p.account_id == "trivia")
        .cloned()
        .collect();
    let cfg = QualityConfig::default();
    let q = analyze_posts(&posts, &cfg);
    let summary = summarize_account(&posts, &q, &ReferenceCorpus::empty(), &cfg);
    let from_summary = ContentSignals::from(&summary);
    let mut from_posts = ContentSignals::new("per post");
    for x in &q {
        from_posts.add(&PostContent::from(x));
    }
    assert_eq!(from_summary.analysed_posts, from_posts.analysed_posts);
    assert_eq!(from_summary.trivia_posts, from_posts.trivia_posts);
    assert_eq!(from_summary.type_counts, from_posts.type_counts);
    let s = ScoreConfig::default();
    let (a, b) = (
        content_score(Some(&from_summary), &s).score.unwrap_or(-1.0),
        content_score(Some(&from_posts), &s).score.unwrap_or(-1.0),
    );
    assert!((a - b).abs() < 10.0, "summary {a} vs per-post {b}");
}
