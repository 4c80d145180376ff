//! Throughput of intent + sentiment classification (the fast path used by `analyze`), on the
//! osm-weibo-comments-2022 test comments when `../shared/data` is present, else on a built-in
//! set of typical comments. Run: `cargo bench -p zhengwu --bench interaction`.

use chrono::{DateTime, Duration};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use zhengwu::interaction::{InteractionConfig, MessageClassifier, analyze};
use zhengwu::{Account, Comment, Post};

fn comments() -> Vec<String> {
    if let Some(p) = zhengwu::testdata::shared_data_dir()
        .map(|d| d.join("osm-weibo-comments-2022/evl_review.txt"))
        .filter(|p| p.exists())
    {
        if let Ok(s) = std::fs::read_to_string(p) {
            return s
                .lines()
                .map(|l| l.split_whitespace().collect::<String>())
                .collect();
        }
    }
    [
        "请问身份证在哪里办理？",
        "举报：小区旁工地半夜施工扰民，多次反映没人管！",
        "凭什么不公布调查结果？",
        "建议在学校门口增设红绿灯",
        "点赞！民警辛苦了[赞]",
        "呵呵，真负责",
        "不开心，排了三个小时队",
        "谢谢回复，问题已经解决了",
    ]
    .iter()
    .cycle()
    .take(2000)
    .map(|s| s.to_string())
    .collect()
}

fn bench(c: &mut Criterion) {
    let texts = comments();
    let classifier = MessageClassifier::default_shared();
    let mut g = c.benchmark_group("interaction");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(20);
    g.bench_function("intent+sentiment, one thread", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(classifier.classify_brief(black_box(t)));
            }
        })
    });
    #[cfg(feature = "parallel")]
    g.bench_function("intent+sentiment, rayon (all cores)", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            let n = texts
                .par_iter()
                .map(|t| classifier.classify_brief(t).0 as usize)
                .sum::<usize>();
            black_box(n)
        })
    });
    g.bench_function("full evidence (classify)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(classifier.classify(black_box(t)));
            }
        })
    });
    g.finish();
}

/// One account, 1,000 posts, 100,000 comments (every tenth an official reply to the comment
/// before it), texts drawn from `texts`.
fn synthetic(texts: &[String]) -> (Account, Vec<Post>, Vec<Comment>) {
    let t0 = DateTime::parse_from_rfc3339("2024-01-01T08:00:00+08:00").expect("time");
    let account = Account {
        id: "gov".into(),
        ..Account::default()
    };
    let posts: Vec<Post> = (0..1000)
        .map(|i| Post::new(format!("p{i}"), "gov", t0 + Duration::hours(i), "通知"))
        .collect();
    let comments: Vec<Comment> = (0..100_000i64)
        .map(|i| {
            let post = i / 100;
            let at = t0 + Duration::hours(post) + Duration::minutes(i % 100);
            if i % 10 == 9 {
                let mut c = Comment::new(
                    format!("c{i}"),
                    format!("p{post}"),
                    "gov",
                    at,
                    "您好，已转相关部门",
                );
                c.parent_id = Some(format!("c{}", i - 1));
                c
            } else {
                let text = &texts[i as usize % texts.len()];
                Comment::new(
                    format!("c{i}"),
                    format!("p{post}"),
                    format!("u{}", i % 5000),
                    at,
                    text.as_str(),
                )
            }
        })
        .collect();
    (account, posts, comments)
}

fn bench_analyze(c: &mut Criterion) {
    let texts = comments();
    let (account, posts, comments) = synthetic(&texts);
    let mut g = c.benchmark_group("interaction");
    g.throughput(Throughput::Elements(comments.len() as u64));
    g.sample_size(10);
    g.bench_function(
        "analyze (threads, classes, responsiveness, closure, crisis)",
        |b| {
            b.iter(|| {
                black_box(
                    analyze(
                        &account,
                        &posts,
                        &comments,
                        &[],
                        &InteractionConfig::default(),
                    )
                    .expect("analyze"),
                )
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench, bench_analyze);
criterion_main!(benches);
