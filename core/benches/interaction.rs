//! Throughput of intent + sentiment classification (the fast path used by `analyze`), on the
//! osm-weibo-comments-2022 test comments when `../shared/data` is present, else on a built-in
//! set of typical comments. Run: `cargo bench -p zhengwu --bench interaction`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use zhengwu::interaction::MessageClassifier;

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

criterion_group!(benches, bench);
criterion_main!(benches);
