//! The native side of `scripts/bench_python.py`: the same batch calls as the Python benchmark,
//! timed in Rust, `--repeat N` runs each (only call NAME with `--only NAME`), printed as one JSON
//! object: call name → the run times in seconds (the Python side takes their best and median).
//! `cargo run --release --example bench_python_native -- FILE [--repeat N] [--only NAME]`

use std::time::Instant;

use zhengwu::Account;
use zhengwu::health::cohorts::CohortBy;
use zhengwu::health::{AuditConfig, audit};
use zhengwu::interaction::{InteractionConfig, MessageConfig, analyze, classify_messages};
use zhengwu::quality::{QualityConfig, analyze_posts};
use zhengwu::read::{ReadOptions, read_path};

fn times<T>(repeat: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    (0..repeat)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: bench_python_native FILE [--repeat N]")?;
    let repeat = match args.iter().position(|a| a == "--repeat") {
        Some(i) => args.get(i + 1).ok_or("--repeat N")?.parse()?,
        None => 3,
    };
    let only = match args.iter().position(|a| a == "--only") {
        Some(i) => Some(args.get(i + 1).ok_or("--only NAME")?.as_str()),
        None => None,
    };
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let path = std::path::Path::new(path);
    let options = ReadOptions::lenient();
    // Warm-up: dictionary, lexicons and thread pool are built once per process in both languages.
    let (data, _) = read_path(path, &options)?;
    let texts: Vec<&str> = data.posts.iter().map(|p| p.text.as_str()).collect();
    let quality = QualityConfig::default();
    let message = MessageConfig::default();
    let interaction = InteractionConfig::default();
    analyze_posts(&data.posts[..data.posts.len().min(50)], &quality);
    classify_messages(&texts[..texts.len().min(50)], &message)?;
    // The timeline's one account (what `zhengwu.interactions` finds by itself in Python).
    let account = Account {
        id: data
            .posts
            .first()
            .map(|p| p.account_id.clone())
            .unwrap_or_default(),
        ..Account::default()
    };
    let cohort = AuditConfig {
        cohort_by: CohortBy::Level,
        ..AuditConfig::default()
    };

    let interact = || {
        analyze(
            &account,
            &data.posts,
            &data.comments,
            &data.mentions,
            &interaction,
        )
    };
    // `crisis` and `bci` are the interaction analysis and the audit again: what the Python calls
    // of those names compute when given records (instead of an earlier result).
    let mut calls: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut time_call = |name: &'static str, run: &mut dyn FnMut() -> Vec<f64>| {
        if wanted(name) {
            calls.push((name, run()));
        }
    };
    time_call("read", &mut || times(repeat, || read_path(path, &options)));
    time_call("post_quality", &mut || {
        times(repeat, || analyze_posts(&data.posts, &quality))
    });
    time_call("classify_messages", &mut || {
        times(repeat, || classify_messages(&texts, &message))
    });
    time_call("interactions", &mut || times(repeat, interact));
    time_call("crisis", &mut || times(repeat, interact));
    time_call("account_health", &mut || {
        times(repeat, || audit(&data, &AuditConfig::default()))
    });
    time_call("cohort", &mut || times(repeat, || audit(&data, &cohort)));
    time_call("bci", &mut || {
        times(repeat, || audit(&data, &AuditConfig::default()))
    });
    let fields: Vec<String> = calls
        .iter()
        .map(|(name, runs)| {
            let runs: Vec<String> = runs.iter().map(f64::to_string).collect();
            format!("\"{name}\": [{}]", runs.join(", "))
        })
        .collect();
    println!("{{\"posts\": {}, {}}}", data.posts.len(), fields.join(", "));
    Ok(())
}
