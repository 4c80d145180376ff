//! The full per-post quality pass against bare jieba-rs segmentation of the same texts, single
//! thread (issue 3's target: the pass runs at ≥ 50% of segmentation throughput). Reads the cctv
//! timeline from ../shared/data, or falls back to the bundled sample.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhengwu::Post;
use zhengwu::quality::{Analyzer, QualityConfig};
use zhengwu::read::{ReadOptions, read_bytes};
use zhengwu::text::tokenizer;

fn posts() -> (Vec<Post>, &'static str) {
    match zhengwu::testdata::shared_file(
        "cctv-news-weibo-timeline-2020/timeline.csv",
        "quality bench on the real timeline",
    ) {
        Some(p) => {
            let bytes = std::fs::read(p).expect("readable");
            (
                read_bytes(&bytes, &ReadOptions::default())
                    .expect("clean")
                    .0
                    .posts,
                "cctv-timeline",
            )
        }
        None => (
            zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED).posts,
            "bundled-sample",
        ),
    }
}

fn bench(c: &mut Criterion) {
    let (posts, name) = posts();
    let bytes: usize = posts.iter().map(|p| p.text.len()).sum();
    let config = QualityConfig::default();
    let analyzer = Analyzer::new(&config);
    // Build the shared tokenizer and lexicons before timing.
    let _ = analyzer.analyze(&posts[0]);
    let mut g = c.benchmark_group(format!("quality/{name}"));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("bare_jieba_cut", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| tokenizer().cut(&p.text).len())
                .sum::<usize>()
        })
    });
    g.bench_function("full_quality_pass", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| analyzer.analyze(p).keywords.tfidf.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
