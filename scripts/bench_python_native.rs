//! The native side of `scripts/bench_python.py`: the same batch calls as the Python benchmark,
//! timed in Rust. It reads the input once, warms up, prints `ready`, then for each call name read
//! from standard input runs that call once and prints its wall time and its process CPU time
//! (all threads) in seconds, so the Python side
//! can alternate single runs of the two languages (the machine is shared: both then see the
//! same load). `cargo run --release --example bench_python_native -- FILE`

use std::io::{BufRead, Write};
use std::time::Instant;

use zhengwu::Account;
use zhengwu::health::cohorts::CohortBy;
use zhengwu::health::{AuditConfig, audit};
use zhengwu::interaction::{InteractionConfig, MessageConfig, analyze, classify_messages};
use zhengwu::quality::{QualityConfig, analyze_posts};
use zhengwu::read::{ReadOptions, read_path};

#[path = "cpu_clock.rs"]
mod cpu_clock;
use cpu_clock::process_seconds as process_cpu_seconds;

/// Wall time and process CPU time (all threads) of `f`, in seconds.
fn seconds<T>(f: impl FnOnce() -> T) -> (f64, f64) {
    let cpu = process_cpu_seconds();
    let start = Instant::now();
    std::hint::black_box(f());
    (start.elapsed().as_secs_f64(), process_cpu_seconds() - cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: bench_python_native FILE (then call names on stdin)")?;
    let path = std::path::Path::new(&path);
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

    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", data.posts.len())?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let took = match line?.trim() {
            "read" => seconds(|| read_path(path, &options)),
            // The Python rows without evidence columns time the same native work.
            "post_quality" | "post_quality_no_evidence" => {
                seconds(|| analyze_posts(&data.posts, &quality))
            }
            "classify_messages" | "classify_messages_no_evidence" => {
                seconds(|| classify_messages(&texts, &message))
            }
            // `crisis` and `bci` are the interaction analysis and the audit again: what the
            // Python calls of those names compute when given records.
            "interactions" | "crisis" => seconds(interact),
            "account_health" | "bci" => seconds(|| audit(&data, &AuditConfig::default())),
            "cohort" => seconds(|| audit(&data, &cohort)),
            other => return Err(format!("unknown call {other:?}").into()),
        };
        writeln!(out, "{} {}", took.0, took.1)?;
        out.flush()?;
    }
    Ok(())
}
