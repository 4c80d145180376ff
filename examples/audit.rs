//! The main job: audit government accounts from their posts and comments.
//!
//! ```text
//! cargo run --release --example audit                      # the bundled generated sample
//! cargo run --release --example audit -- FILE [FILE ...]   # your crawl(s)
//! options: --format jsonl|weibo-api|csv|mapped-json   --preset NAME   --lenient
//!          --reference-time 2020-01-14T18:00+08:00 (for relative times like 3小时前)
//!          --json (machine-readable output)
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use zhengwu::read::{Format, IngestReport, ReadOptions, read_path};
use zhengwu::{Dataset, time};

struct Args {
    files: Vec<PathBuf>,
    opts: ReadOptions,
    json: bool,
}

fn usage() -> &'static str {
    "usage: audit [FILE ...] [--format jsonl|weibo-api|csv|mapped-json] [--preset NAME] [--lenient]\n\
     \x20            [--reference-time TIME] [--json]\n\
     With no FILE, audits the bundled sample examples/data/sample.jsonl.\n\
     Presets: see zhengwu::read::PRESETS (posts, comments, accounts, weibo-crawler, ced-threads, …)."
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        files: Vec::new(),
        opts: ReadOptions::default(),
        json: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-h" | "--help" => return Err(usage().to_string()),
            "--json" => args.json = true,
            "--lenient" => args.opts.mode = zhengwu::read::Mode::Lenient,
            "--format" => {
                args.opts.format =
                    Some(Format::from_name(&value("--format")?).map_err(|e| e.to_string())?)
            }
            "--preset" => args.opts.preset = Some(value("--preset")?),
            "--reference-time" => {
                let t = value("--reference-time")?;
                args.opts.reference_time = Some(time::parse_time(&t).map_err(|e| e.to_string())?);
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{}", usage())),
            file => args.files.push(PathBuf::from(file)),
        }
    }
    if args.files.is_empty() {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data/sample.jsonl");
        args.files.push(p.canonicalize().unwrap_or(p));
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let mut data = Dataset::default();
    let mut reports: Vec<IngestReport> = Vec::new();
    for f in &args.files {
        match read_path(f, &args.opts) {
            Ok((d, r)) => {
                data.accounts.extend(d.accounts);
                data.posts.extend(d.posts);
                data.comments.extend(d.comments);
                data.mentions.extend(d.mentions);
                reports.push(r);
            }
            Err(e) => {
                eprintln!("error: {e}");
                if e.kind == zhengwu::ErrorKind::Io {
                    return ExitCode::from(1);
                }
                eprintln!("hint: --lenient skips bad records and reports them");
                return ExitCode::from(1);
            }
        }
    }
    let facts = zhengwu::summary::facts(&data);
    if args.json {
        let out = serde_json::json!({ "ingest": reports, "accounts": facts });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    println!("Zhengwu audit");
    println!("=============");
    for r in &reports {
        println!(
            "read {}: {} records seen, {} read, {} rejected{}",
            r.source,
            r.seen,
            r.read,
            r.rejected,
            if r.derived > 0 {
                format!(", {} accounts derived", r.derived)
            } else {
                String::new()
            }
        );
        for (reason, n) in &r.reasons {
            println!("    rejected {n:>6} × {reason}");
        }
    }
    println!();
    for a in &facts {
        print!("{}", a.to_text());
        println!();
    }
    ExitCode::SUCCESS
}
