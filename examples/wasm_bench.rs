//! The native half of the wasm benchmark (scripts/bench-wasm.sh): times message classification
//! and post quality on real texts, one thread, and writes the texts and the timings to DIR so that
//! scripts/bench-wasm.mjs times the wasm module on exactly the same texts.
//!
//!     cargo run --release --example wasm_bench -- DIR
//!
//! Texts: osm-weibo-comments-2022 `evl_review.txt` (citizen comments) and the first 2,000 posts
//! of cctv-news-weibo-timeline-2020 `timeline.csv`, from `../shared/data`.

use std::time::Instant;

use serde_json::json;
use zhengwu::Post;
use zhengwu::interaction::MessageClassifier;
use zhengwu::quality::{Analyzer, QualityConfig};
use zhengwu::read::{Mode, ReadOptions, read_path};

#[path = "../scripts/cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::thread_seconds as cpu_seconds;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: wasm_bench DIR");
        std::process::exit(2);
    };
    let Some(data) = zhengwu::testdata::shared_data_dir() else {
        eprintln!("SKIP: no ../shared/data");
        return;
    };
    // Time to the first result: the lazily built tokenizer and lexicons are paid by the first call.
    let start = Instant::now();
    let t = chrono::DateTime::parse_from_rfc3339("2020-03-01T09:00:00+08:00").expect("time");
    let probe = Post::new(
        "probe",
        "acct",
        t,
        "【消费提示】网购遇到退款难，请拨打12315投诉举报。",
    );
    let config = QualityConfig::default();
    let first = Analyzer::new(&config).analyze(&probe);
    let first_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let _ = MessageClassifier::default_shared().classify("请问身份证在哪里办理？");
    let first_message_ms = start.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box(first);

    let messages: Vec<String> =
        std::fs::read_to_string(data.join("osm-weibo-comments-2022/evl_review.txt"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.split_whitespace().collect::<String>())
            .filter(|l| !l.is_empty())
            .collect();
    let opts = ReadOptions {
        mode: Mode::Lenient,
        ..ReadOptions::default()
    };
    let posts: Vec<Post> = read_path(
        &data.join("cctv-news-weibo-timeline-2020/timeline.csv"),
        &opts,
    )
    .map(|(d, _)| d.posts.into_iter().take(2000).collect())
    .unwrap_or_default();

    let classifier = MessageClassifier::default_shared();
    let analyzer = Analyzer::new(&config);
    // Best of 10 runs for each measure (the machine is shared; the wasm half does the same),
    // in wall time and in CPU time: on a loaded machine the wall clock also counts the time the
    // process waited for a core, the CPU time does not.
    let best = |f: &dyn Fn()| {
        let (mut wall, mut cpu) = (f64::INFINITY, f64::INFINITY);
        for _ in 0..10 {
            let (s, c) = (Instant::now(), cpu_seconds());
            f();
            wall = wall.min(s.elapsed().as_secs_f64());
            cpu = cpu.min(cpu_seconds() - c);
        }
        (wall, cpu)
    };
    let brief = best(&|| {
        for m in &messages {
            std::hint::black_box(classifier.classify_brief(m));
        }
    });
    let full = best(&|| {
        for m in &messages {
            std::hint::black_box(classifier.classify(m));
        }
    });
    let quality = best(&|| {
        for p in &posts {
            std::hint::black_box(analyzer.analyze(p));
        }
    });
    let out = json!({
        "messages": messages.len(),
        "posts": posts.len(),
        "post_chars": posts.iter().map(|p| p.text.chars().count()).sum::<usize>(),
        "first_result_ms": first_ms,
        "first_message_ms": first_message_ms,
        "classify_brief_per_s": messages.len() as f64 / brief.0,
        "classify_per_s": messages.len() as f64 / full.0,
        "analyze_post_per_s": posts.len() as f64 / quality.0,
        "cpu_classify_brief_per_s": messages.len() as f64 / brief.1,
        "cpu_classify_per_s": messages.len() as f64 / full.1,
        "cpu_analyze_post_per_s": posts.len() as f64 / quality.1,
    });
    let dir = std::path::Path::new(&dir);
    let write = |name: &str, value: &serde_json::Value| {
        std::fs::write(dir.join(name), value.to_string())
            .unwrap_or_else(|e| panic!("writing {name}: {e}"));
    };
    std::fs::create_dir_all(dir).expect("output directory");
    write("native.json", &out);
    let texts: Vec<serde_json::Value> = posts
        .iter()
        .map(|p| json!({"id": p.id, "account_id": p.account_id, "created_at": p.created_at, "text": p.text}))
        .collect();
    write(
        "texts.json",
        &json!({ "messages": messages, "posts": texts }),
    );
    println!("{out}");
}
