//! Read + normalise + tokenise a real timeline, next to bare jieba-rs segmentation of the same
//! texts (the yardstick the brief sets). Falls back to the bundled sample without ../shared.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use zhengwu::read::{ReadOptions, read_bytes};
use zhengwu::text::{normalize, tokenizer};

fn input() -> (Vec<u8>, &'static str) {
    match zhengwu::testdata::shared_file(
        "cctv-news-weibo-timeline-2020/timeline.csv",
        "ingest bench on the real timeline",
    ) {
        Some(p) => (std::fs::read(p).expect("readable"), "cctv-timeline"),
        None => {
            let s = zhengwu::sample::to_jsonl(&zhengwu::sample::generate(
                zhengwu::sample::DEFAULT_SEED,
            ));
            (s.into_bytes(), "bundled-sample")
        }
    }
}

fn bench(c: &mut Criterion) {
    let (bytes, name) = input();
    let (data, _) = read_bytes(&bytes, &ReadOptions::default()).expect("clean input");
    let texts: Vec<String> = data.posts.iter().map(|p| p.text.clone()).collect();
    let text_bytes: usize = texts.iter().map(String::len).sum();
    let jieba = jieba_rs::Jieba::new();
    let _ = tokenizer().cut("预热");
    let mut g = c.benchmark_group(format!("ingest/{name}"));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text_bytes as u64));
    g.bench_function("bare_jieba_cut", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| jieba.cut(t, true).len())
                .sum::<usize>()
        })
    });
    g.bench_function("read_normalise_tokenise", |b| {
        b.iter(|| {
            let (d, _) = read_bytes(&bytes, &ReadOptions::default()).expect("clean input");
            d.posts
                .iter()
                .map(|p| tokenizer().cut(&normalize(&p.text).clean).len())
                .sum::<usize>()
        })
    });
    g.bench_function("read_only", |b| {
        b.iter(|| read_bytes(&bytes, &ReadOptions::default()).map(|(d, _)| d.posts.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
