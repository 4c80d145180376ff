//! The native side of `scripts/bench_python.py`: the same batch calls as the Python benchmark,
//! timed in Rust (median of `--repeat N` runs), printed as one JSON object of seconds.
//! `cargo run --release --example bench_python_native -- FILE [--repeat N]`

use std::time::Instant;

use zhengwu::health::{AuditConfig, audit};
use zhengwu::interaction::{MessageConfig, classify_messages};
use zhengwu::quality::{QualityConfig, analyze_posts};
use zhengwu::read::{ReadOptions, read_path};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn time<T>(repeat: usize, mut f: impl FnMut() -> T) -> f64 {
    let runs = (0..repeat)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .collect();
    median(runs)
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
    let path = std::path::Path::new(path);
    let options = ReadOptions::lenient();
    // Warm-up: dictionary, lexicons and thread pool are built once per process in both languages.
    let (data, _) = read_path(path, &options)?;
    let texts: Vec<&str> = data.posts.iter().map(|p| p.text.as_str()).collect();
    let quality = QualityConfig::default();
    let message = MessageConfig::default();
    analyze_posts(&data.posts[..data.posts.len().min(50)], &quality);
    classify_messages(&texts[..texts.len().min(50)], &message)?;

    let read = time(repeat, || read_path(path, &options));
    let post_quality = time(repeat, || analyze_posts(&data.posts, &quality));
    let messages = time(repeat, || classify_messages(&texts, &message));
    let health = time(repeat, || audit(&data, &AuditConfig::default()));
    println!(
        "{{\"posts\": {}, \"read\": {read}, \"post_quality\": {post_quality}, \
         \"classify_messages\": {messages}, \"account_health\": {health}}}",
        data.posts.len()
    );
    Ok(())
}
