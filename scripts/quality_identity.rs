//! Identity check for speed work on post quality: serialises every post's full result
//! (`PostQuality` as JSON) over the cctv, people's daily and gqt timelines, the 新闻联播 items of
//! 2020-01..05 and weibo2018-polarity train, plus the three account summaries, one JSON line
//! each, so that a change meant to be pure speed can be checked byte for byte:
//!
//!     cargo run --release -p zhengwu --example quality_identity -- before.jsonl
//!     (change the code)
//!     cargo run --release -p zhengwu --example quality_identity -- after.jsonl
//!     cmp before.jsonl after.jsonl
//!
//! It prints the number of lines and an FNV-1a hash of the file. With `--profile N` instead of
//! a path it runs `Analyzer::analyze` over the cctv timeline N times and nothing else (a steady
//! loop for `perf record`); with `--speed N` it times N interleaved rounds of the pass and of
//! bare segmentation (the measurement of `quality_eval.rs`, best thread CPU time of each) for a
//! quick ratio.

use std::io::Write;

use chrono::{FixedOffset, TimeZone};
use serde_json::Value;
use zhengwu::Post;
use zhengwu::quality::{
    Analyzer, QualityConfig, ReferenceCorpus, ReferenceDoc, analyze_posts, summarize_account,
};
use zhengwu::read::{ReadOptions, read_path};

fn data() -> std::path::PathBuf {
    zhengwu::testdata::shared_data_dir().expect("../shared/data (or ZHENGWU_SHARED_DATA) is needed")
}

#[path = "cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::thread_seconds as thread_cpu_seconds;

fn timeline(rel: &str) -> Vec<Post> {
    read_path(&data().join(rel), &ReadOptions::lenient())
        .expect("readable timeline")
        .0
        .posts
}

/// The 新闻联播 items of 2020-01..05, as posts and as reference documents.
fn xwlb() -> (Vec<Post>, Vec<ReferenceDoc>) {
    let tz = FixedOffset::east_opt(8 * 3600).expect("+08:00");
    let t0 = tz
        .with_ymd_and_hms(2020, 1, 1, 19, 0, 0)
        .single()
        .expect("time");
    let text = std::fs::read_to_string(
        data().join("xinwenlianbo-transcripts-cctv/xwlb_2020-01_to_05.jsonl"),
    )
    .expect("readable");
    let mut posts = Vec::new();
    let mut docs = Vec::new();
    for v in text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
    {
        let id = format!(
            "{}#{}",
            v["broadcast_date"].as_str().unwrap_or(""),
            v["item_no"].as_u64().unwrap_or(0)
        );
        let body = v["content"].as_str().unwrap_or("").to_string();
        let published_at = v["pub_time"]
            .as_str()
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").ok())
            .and_then(|t| tz.from_local_datetime(&t).single());
        posts.push(Post::new(
            id.clone(),
            "xwlb",
            published_at.unwrap_or(t0),
            body.clone(),
        ));
        docs.push(ReferenceDoc {
            id,
            text: body,
            published_at,
            title: v["title"].as_str().map(String::from),
        });
    }
    (posts, docs)
}

/// weibo2018-polarity train: `id,label,text` lines.
fn weibo2018_train() -> Vec<Post> {
    let t0 = chrono::DateTime::parse_from_rfc3339("2018-01-01T00:00:00+08:00").expect("time");
    std::fs::read_to_string(data().join("weibo2018-polarity/train.txt"))
        .expect("readable")
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ',');
            let (mid, _, body) = (parts.next()?, parts.next()?, parts.next()?);
            Some(Post::new(mid, "weibo2018", t0, body))
        })
        .collect()
}

fn main() {
    let arg = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/quality_identity.jsonl".into());
    let config = QualityConfig::default();
    if arg == "--speed" {
        let rounds: usize = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(9);
        let posts = timeline("cctv-news-weibo-timeline-2020/timeline.csv");
        let analyzer = Analyzer::new(&config);
        let _ = analyzer.analyze(&posts[0]);
        // Bare jieba-rs, its own instance (the shared tokenizer is our segmenter).
        let jieba = jieba_rs::Jieba::new();
        let (mut cut, mut pass) = (f64::MAX, f64::MAX);
        for _ in 0..rounds {
            let c = thread_cpu_seconds();
            let n: usize = posts.iter().map(|p| jieba.cut(&p.text, true).len()).sum();
            cut = cut.min(thread_cpu_seconds() - c);
            let c = thread_cpu_seconds();
            let m: usize = posts
                .iter()
                .map(|p| analyzer.analyze(p).keywords.tfidf.len())
                .sum();
            pass = pass.min(thread_cpu_seconds() - c);
            assert!(n > 0 && m > 0);
        }
        println!(
            "thread CPU, best of {rounds}: bare cut {cut:.4} s, pass {pass:.4} s, ratio {:.3}",
            cut / pass
        );
        return;
    }
    if arg == "--profile" {
        let rounds: usize = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(20);
        let posts = timeline("cctv-news-weibo-timeline-2020/timeline.csv");
        let analyzer = Analyzer::new(&config);
        let t = std::time::Instant::now();
        let mut n = 0usize;
        for _ in 0..rounds {
            n += posts
                .iter()
                .map(|p| analyzer.analyze(p).keywords.tfidf.len())
                .sum::<usize>();
        }
        println!(
            "{rounds} rounds, {:.3} s per round ({n} keywords)",
            t.elapsed().as_secs_f64() / rounds as f64
        );
        return;
    }
    let (xwlb_posts, docs) = xwlb();
    let corpus = ReferenceCorpus::new(docs, &config.originality);
    let sets = [
        (
            "cctv",
            timeline("cctv-news-weibo-timeline-2020/timeline.csv"),
        ),
        (
            "peoples_daily",
            timeline("peoples-daily-weibo-timeline-2020/timeline.csv"),
        ),
        (
            "gqt",
            timeline("gqt-weibo-timeline-comments-2020-01/posts.csv"),
        ),
        ("xwlb", xwlb_posts),
        ("weibo2018_train", weibo2018_train()),
    ];
    let mut out = std::io::BufWriter::new(std::fs::File::create(&arg).expect("writable"));
    let mut lines = 0usize;
    for (name, posts) in &sets {
        let qs = analyze_posts(posts, &config);
        for q in &qs {
            let row = serde_json::to_string(q).expect("serialisable");
            writeln!(out, "{name}\t{row}").expect("write");
            lines += 1;
        }
        if matches!(*name, "cctv" | "peoples_daily" | "gqt") {
            let reference = if *name == "cctv" {
                &corpus
            } else {
                &ReferenceCorpus::empty()
            };
            let acc = summarize_account(posts, &qs, reference, &config);
            let row = serde_json::to_string(&acc).expect("serialisable");
            writeln!(out, "{name}:account\t{row}").expect("write");
            lines += 1;
        }
    }
    out.flush().expect("flush");
    drop(out);
    let bytes = std::fs::read(&arg).expect("readable");
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    println!(
        "{arg}: {lines} lines, {} bytes, fnv1a {hash:016x}",
        bytes.len()
    );
}
