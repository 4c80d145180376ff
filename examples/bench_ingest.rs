//! Throughput of read + normalise + tokenise against bare jieba-rs segmentation of the same
//! texts, measured alternately in one run (the machines here are noisy: compare the ratio).
//! `cargo run --release --example bench_ingest [-- --write docs/performance/ingest.md]`

use std::time::Instant;

use zhengwu::read::{ReadOptions, read_bytes};
use zhengwu::text::{normalize, tokenizer};

#[path = "../scripts/cpu_clock.rs"]
mod cpu_clock;

/// CPU time this thread has run, in seconds (`clock_gettime`, see scripts/cpu_clock.rs).
fn thread_cpu_seconds() -> Option<f64> {
    Some(cpu_clock::thread_seconds()).filter(|s| s.is_finite())
}

/// Fresh processes timed for the first result (each builds the dictionary once).
const FRESH_PROCESSES: usize = 7;

/// Time to the first tokenised result in fresh copies of this program (`--first-only`), as
/// (wall ms, thread CPU ms) each; empty when the program cannot run itself.
fn fresh_first_results() -> Vec<(f64, f64)> {
    let Ok(exe) = std::env::current_exe() else {
        return Vec::new();
    };
    (0..FRESH_PROCESSES)
        .filter_map(|_| {
            let out = std::process::Command::new(&exe)
                .arg("--first-only")
                .output()
                .ok()?;
            let text = String::from_utf8(out.stdout).ok()?;
            let mut it = text.split_whitespace().skip(1).map(str::parse::<f64>);
            Some((it.next()?.ok()?, it.next()?.ok()?))
        })
        .collect()
}

/// `min–max (median m)` of one column of [`fresh_first_results`].
fn spread(values: impl Iterator<Item = f64>) -> String {
    let v: Vec<f64> = values.collect();
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{lo:.0}–{hi:.0} ms (median {:.0})", median(v))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let (bytes, name) =
        match zhengwu::testdata::shared_file("cctv-news-weibo-timeline-2020/timeline.csv", "bench")
        {
            Some(p) => (
                std::fs::read(p).expect("readable"),
                "cctv-news-weibo-timeline-2020/timeline.csv",
            ),
            None => (
                zhengwu::sample::to_jsonl(&zhengwu::sample::generate(
                    zhengwu::sample::DEFAULT_SEED,
                ))
                .into_bytes(),
                "bundled sample",
            ),
        };
    let (t0, c0) = (Instant::now(), thread_cpu_seconds());
    let _ = tokenizer().cut("预热");
    let first = t0.elapsed().as_secs_f64();
    // The same by this thread's CPU time (Linux), which other processes' load does not inflate.
    let first_cpu = thread_cpu_seconds().zip(c0).map(|(b, a)| b - a);
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--first-only") {
        println!(
            "first {:.3} {:.3}",
            first * 1000.0,
            first_cpu.map_or(f64::NAN, |c| c * 1000.0)
        );
        return;
    }
    let (data, _) = read_bytes(&bytes, &ReadOptions::default()).expect("clean input");
    let texts: Vec<&str> = data.posts.iter().map(|p| p.text.as_str()).collect();
    let text_mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    let file_mb = bytes.len() as f64 / 1e6;
    let jieba = jieba_rs::Jieba::new();
    let (mut bare, mut full, mut read_only) = (Vec::new(), Vec::new(), Vec::new());
    let mut sink = 0usize;
    for _ in 0..7 {
        let t = Instant::now();
        sink += texts
            .iter()
            .map(|t| jieba.cut(t, true).len())
            .sum::<usize>();
        bare.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let (d, _) = read_bytes(&bytes, &ReadOptions::default()).expect("clean");
        read_only.push(t.elapsed().as_secs_f64());
        sink += d
            .posts
            .iter()
            .map(|p| tokenizer().cut(&normalize(&p.text).clean).len())
            .sum::<usize>();
        full.push(t.elapsed().as_secs_f64());
    }
    let (b, f, r) = (median(bare), median(full), median(read_only));
    let fresh = fresh_first_results();
    let n = texts.len() as f64;
    let report = format!(
        "# Ingest throughput\n\nInput: `{name}` ({n} posts, {file_mb:.2} MB file, {text_mb:.2} MB of post text). Single thread, \
         release build, median of 7 alternating runs in one process (`cargo run --release --example bench_ingest`).\n\n\
         | step | median s | posts/s | MB/s (file) |\n| --- | ---: | ---: | ---: |\n\
         | bare jieba-rs `cut` (HMM) of the post texts | {b:.3} | {:.0} | {:.2} (text) |\n\
         | read CSV only | {r:.3} | {:.0} | {:.2} |\n\
         | read + normalise + tokenise | {f:.3} | {:.0} | {:.2} |\n\n\
         Full pipeline throughput relative to bare segmentation: **{:.2}×** (1.0 = as fast as segmentation alone).\n\
         Time to the first tokenised result (dictionary build included): {:.0} ms{}. One fresh process, \
         measured once: the wall figure also counts time the thread waited for a processor other \
         processes held, which the thread CPU time does not.\n{}",
        n / b,
        text_mb / b,
        n / r,
        file_mb / r,
        n / f,
        file_mb / f,
        b / f,
        first * 1000.0,
        first_cpu.map_or_else(String::new, |c| format!(
            " ({:.0} ms thread CPU time)",
            c * 1000.0
        )),
        if fresh.is_empty() {
            String::new()
        } else {
            format!(
                "Over {} further fresh processes started one after another by this run: {} wall, {} thread CPU time.\n",
                fresh.len(),
                spread(fresh.iter().map(|f| f.0)),
                spread(fresh.iter().map(|f| f.1)),
            )
        },
    );
    print!("{report}");
    eprintln!("(checksum {sink})");
    if let Some(i) = args.iter().position(|a| a == "--write") {
        if let Some(path) = args.get(i + 1) {
            std::fs::write(path, &report).expect("write report");
        }
    }
}
