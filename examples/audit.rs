//! The main job: audit government accounts from their posts and comments.
//!
//! ```text
//! cargo run --release --example audit                      # the bundled generated sample
//! cargo run --release --example audit -- FILE [FILE ...]   # your crawl(s)
//! options: --format jsonl|weibo-api|csv|mapped-json   --preset NAME   --lenient
//!          --reference-time 2020-01-14T18:00+08:00 (for relative times like 3小时前)
//!          --json (machine-readable output: ingest, facts and the full health audit)
//!          --html out.html (self-contained report cards with inline SVG charts)
//!          --cards N (report cards printed / written, default 20)
//!          --window START END (observation window, e.g. 2024-11-19T00:00+08:00 …)
//!          --cohort level|system|level-and-system|all   --config audit.json (AuditConfig)
//!          --stream (bounded memory for millions of comments: records go straight into
//!                    health::Auditor; give account and post files before comment files;
//!                    responsiveness then uses the basic streaming derivation)
//! ```
//!
//! Prints what was read, the plain facts per account, then the health audit: the league table
//! (several accounts) and one report card per account (diagnoses with evidence, component
//! scores with their explanation, activity, responsiveness, reference indices, advice).

use std::path::PathBuf;
use std::process::ExitCode;

use zhengwu::health::{self, AuditConfig, Window, cohorts::CohortBy, report};
use zhengwu::read::{Format, IngestReport, ReadOptions, read_path};
use zhengwu::{Dataset, time};

struct Args {
    files: Vec<PathBuf>,
    opts: ReadOptions,
    json: bool,
    html: Option<PathBuf>,
    cards: usize,
    audit: AuditConfig,
    stream: bool,
}

fn usage() -> &'static str {
    "usage: audit [FILE ...] [--format jsonl|weibo-api|csv|mapped-json] [--preset NAME] [--lenient]\n\
     \x20            [--reference-time TIME] [--json] [--html OUT.html] [--cards N]\n\
     \x20            [--window START END] [--cohort level|system|level-and-system|all] [--config AUDIT.json]\n\
     \x20            [--stream]\n\
     With no FILE, audits the bundled sample examples/data/sample.jsonl.\n\
     Presets: see zhengwu::read::PRESETS (posts, comments, accounts, weibo-crawler, ced-threads, …)."
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        files: Vec::new(),
        opts: ReadOptions::default(),
        json: false,
        html: None,
        cards: 20,
        audit: AuditConfig::default(),
        stream: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "-h" | "--help" => return Err(usage().to_string()),
            "--json" => args.json = true,
            "--stream" => args.stream = true,
            "--lenient" => args.opts.mode = zhengwu::read::Mode::Lenient,
            "--format" => {
                args.opts.format =
                    Some(Format::from_name(&value("--format")?).map_err(|e| e.to_string())?)
            }
            "--preset" => args.opts.preset = Some(value("--preset")?),
            "--html" => args.html = Some(PathBuf::from(value("--html")?)),
            "--cards" => {
                args.cards = value("--cards")?
                    .parse()
                    .map_err(|_| "--cards needs a number".to_string())?
            }
            "--config" => {
                let path = value("--config")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                let window = args.audit.window;
                args.audit = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
                args.audit.window = args.audit.window.or(window);
            }
            "--window" => {
                let start = time::parse_time(&value("--window")?).map_err(|e| e.to_string())?;
                let end = time::parse_time(&value("--window")?).map_err(|e| e.to_string())?;
                args.audit.window = Some(Window { start, end });
            }
            "--cohort" => {
                args.audit.cohort_by = match value("--cohort")?.as_str() {
                    "level" => CohortBy::Level,
                    "system" => CohortBy::System,
                    "level-and-system" => CohortBy::LevelAndSystem,
                    "all" => CohortBy::All,
                    other => return Err(format!("unknown cohort {other:?}")),
                }
            }
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
    let mut args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    if args.stream {
        return stream(&args);
    }
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
    // With no window given, a bundled sample audits over its own documented window.
    if args.audit.window.is_none() && args.files.iter().any(|f| f.ends_with("sample.jsonl")) {
        let end = zhengwu::sample::window_end();
        args.audit.window = Some(Window {
            start: end - chrono::Duration::days(zhengwu::sample::WINDOW_DAYS),
            end,
        });
    }
    let audit = match health::audit(&data, &args.audit) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(path) = &args.html {
        if let Err(e) = std::fs::write(path, report::html(&audit, args.cards)) {
            eprintln!("error: writing {}: {e}", path.display());
            return ExitCode::from(1);
        }
        eprintln!("wrote {}", path.display());
    }
    if args.json {
        let out = serde_json::json!({ "ingest": reports, "accounts": facts, "audit": audit });
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
    println!("Account health");
    println!("==============");
    print!("{}", report::audit_text(&audit, args.cards));
    ExitCode::SUCCESS
}

/// `--stream`: records go one by one from the readers into a `health::Auditor`; nothing is
/// collected into a `Dataset`.
fn stream(args: &Args) -> ExitCode {
    use zhengwu::Record;
    use zhengwu::read::{Mode, Records};
    let mut auditor = match health::Auditor::new(args.audit.clone()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for f in &args.files {
        let file = match std::fs::File::open(f) {
            Ok(file) => file,
            Err(e) => {
                eprintln!("error: {}: {e}", f.display());
                return ExitCode::from(1);
            }
        };
        let mut opts = args.opts.clone();
        opts.source = f.display().to_string();
        let records = match Records::new(std::io::BufReader::new(file), Some(f), &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        let (mut read, mut rejected) = (0u64, 0u64);
        for r in records {
            match r {
                Ok(located) => {
                    read += 1;
                    match located.record {
                        Record::Account(a) => auditor.push_account(&a),
                        Record::Post(p) => auditor.push_post(&p),
                        Record::Comment(c) => auditor.push_comment(&c),
                        Record::Mention(m) => auditor.push_mention(&m),
                    }
                }
                Err(e) if opts.mode == Mode::Lenient => {
                    rejected += 1;
                    if rejected <= 5 {
                        eprintln!("    rejected: {e}");
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("hint: --lenient skips bad records and reports them");
                    return ExitCode::from(1);
                }
            }
        }
        eprintln!("read {}: {read} records, {rejected} rejected", f.display());
    }
    let audit = match auditor.finish() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(path) = &args.html {
        if let Err(e) = std::fs::write(path, report::html(&audit, args.cards)) {
            eprintln!("error: writing {}: {e}", path.display());
            return ExitCode::from(1);
        }
        eprintln!("wrote {}", path.display());
    }
    if args.json {
        let out = serde_json::json!({ "audit": audit });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print!("{}", report::audit_text(&audit, args.cards));
    }
    ExitCode::SUCCESS
}
