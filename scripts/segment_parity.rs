//! Parity of our segmenter (`zhengwu::text::Tokenizer`) with jieba-rs 0.11 (`Jieba::cut(text,
//! true)`, the same default dictionary) over every text of the shared data, and the speed of the
//! two on the cctv timeline. Writes docs/evaluation/segmentation.md with `--write`.
//!
//!     cargo run --release -p zhengwu --example segment_parity [-- --write]
//!
//! Texts: every string value of every JSON / JSON-lines file, every field of every CSV file and
//! every line of every other text file under the shared data directory (timelines, comments, CED
//! threads, 新闻联播 transcripts, weibo2018, tipdm replies, emotion and sentiment sets, lexicons),
//! each cut as it is and after `normalize` (what the quality pass cuts).

#[path = "cpu_clock.rs"]
mod cpu_clock;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use zhengwu::text::{Tokenizer, normalize};

#[derive(Default)]
struct Tally {
    files: usize,
    texts: usize,
    chars: usize,
    tokens: usize,
    mismatches: usize,
}

/// CPU time this thread has run (`clock_gettime`, nanosecond resolution), else wall time since
/// `since`: the machine is shared, and other processes' bursts count in wall time only.
fn clock(since: Instant) -> f64 {
    let cpu = cpu_clock::thread_seconds();
    if cpu.is_nan() {
        since.elapsed().as_secs_f64()
    } else {
        cpu
    }
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn texts_of(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mut out = Vec::new();
    match ext {
        "jsonl" => {
            for line in text.lines() {
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => strings(&v, &mut out),
                    Err(_) => out.push(line.to_string()),
                }
            }
        }
        "json" => match serde_json::from_str::<Value>(&text) {
            Ok(v) => strings(&v, &mut out),
            Err(_) => out.extend(text.lines().map(str::to_string)),
        },
        "csv" => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for rec in r.records().flatten() {
                out.extend(rec.iter().map(str::to_string));
            }
        }
        _ => out.extend(text.lines().map(str::to_string)),
    }
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.file_name().and_then(|n| n.to_str()) != Some("SOURCE.md") {
            out.push(p);
        }
    }
}

fn main() {
    let Some(data) = zhengwu::testdata::shared_data_dir() else {
        println!("SKIP: no shared data directory");
        return;
    };
    // Dictionary build times, each in a fresh state (ours first: jieba-rs's build does not
    // warm anything ours reads).
    let origin = Instant::now();
    let (t, c) = (Instant::now(), clock(origin));
    let ours = Tokenizer::new();
    let (ours_build, ours_cpu) = (t.elapsed().as_secs_f64(), clock(origin) - c);
    let (t, c) = (Instant::now(), clock(origin));
    let jieba = jieba_rs::Jieba::new();
    let (jieba_build, jieba_cpu) = (t.elapsed().as_secs_f64(), clock(origin) - c);

    if std::env::args().any(|a| a == "--build") {
        println!(
            "build: ours {:.1} ms ({:.1} ms thread CPU), jieba-rs {:.1} ms ({:.1} ms thread CPU)",
            ours_build * 1e3,
            ours_cpu * 1e3,
            jieba_build * 1e3,
            jieba_cpu * 1e3
        );
        // Adding user words to the built dictionary (each found by jieba's suggest_freq).
        let words: Vec<String> = (0..100)
            .map(|i| format!("张家口第{i}市场监督管理局"))
            .collect();
        let t = Instant::now();
        let with = Tokenizer::new().with_user_words(&words);
        let total = t.elapsed().as_secs_f64();
        println!(
            "build + 100 user words: {:.1} ms ({} words)",
            total * 1e3,
            with.user_word_count()
        );
        return;
    }
    let mut all = Vec::new();
    // `--speed`: only the speed comparison (no parity pass, nothing written).
    let speed_only = std::env::args().any(|a| a == "--speed");
    if !speed_only {
        files(&data, &mut all);
    }
    let mut by_set: BTreeMap<String, Tally> = BTreeMap::new();
    let mut examples = Vec::new();
    for path in &all {
        let set = path
            .strip_prefix(&data)
            .ok()
            .and_then(|p| p.components().next())
            .map_or_else(String::new, |c| {
                c.as_os_str().to_string_lossy().into_owned()
            });
        let tally = by_set.entry(set).or_default();
        tally.files += 1;
        for raw in texts_of(path) {
            let clean = normalize(&raw).clean;
            for text in [raw.as_str(), clean.as_str()] {
                let a = ours.cut(text);
                let b: Vec<&str> = jieba.cut(text, true).into_iter().map(|t| t.word).collect();
                tally.texts += 1;
                tally.chars += text.chars().count();
                tally.tokens += b.len();
                if a != b {
                    tally.mismatches += 1;
                    if examples.len() < 10 {
                        examples.push(format!("{text:?}: ours {a:?} jieba {b:?}"));
                    }
                }
            }
        }
    }

    // Speed on the cctv timeline's post texts (what the quality pass's benchmark cuts), and on
    // their normalised form (what the pass itself cuts): interleaved rounds, best of each,
    // the order of the two alternating.
    let cctv: Vec<String> = zhengwu::read::read_path(
        &data.join("cctv-news-weibo-timeline-2020/timeline.csv"),
        &zhengwu::read::ReadOptions::lenient(),
    )
    .map(|(d, _)| d.posts.into_iter().map(|p| p.text).collect())
    .unwrap_or_default();
    let bytes: usize = cctv.iter().map(String::len).sum();
    let (mut t_ours, mut t_jieba) = (f64::MAX, f64::MAX);
    let mut time_ours = || {
        let t = clock(origin);
        let n: usize = cctv.iter().map(|s| ours.cut(s).len()).sum();
        t_ours = t_ours.min(clock(origin) - t);
        n
    };
    let mut time_jieba = || {
        let t = clock(origin);
        let n: usize = cctv.iter().map(|s| jieba.cut(s, true).len()).sum();
        t_jieba = t_jieba.min(clock(origin) - t);
        n
    };
    for round in 0..10 {
        let (n, m) = if round % 2 == 0 {
            (time_ours(), time_jieba())
        } else {
            let m = time_jieba();
            (time_ours(), m)
        };
        assert_eq!(n, m);
    }

    let total = by_set.values().fold(Tally::default(), |mut a, t| {
        a.files += t.files;
        a.texts += t.texts;
        a.chars += t.chars;
        a.tokens += t.tokens;
        a.mismatches += t.mismatches;
        a
    });
    let mut md = String::from(
        "# Segmentation parity with jieba-rs\n\n\
         Generated by `cargo run --release -p zhengwu --example segment_parity -- --write` \
         (scripts/segment_parity.rs). Our segmenter (`core/src/text/segment/`, behind \
         `zhengwu::text::Tokenizer`) against jieba-rs 0.11 `Jieba::cut(text, true)`, both with \
         jieba's default dictionary. Every string of every file under the shared data directory \
         is cut as it is and after `normalize` (what the quality pass cuts); a text counts as a \
         mismatch when the token lists differ in any way.\n\n\
         | data set | files | texts | characters | tokens (jieba-rs) | mismatches |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (set, t) in by_set
        .iter()
        .chain(std::iter::once((&"**all**".to_string(), &total)))
    {
        md += &format!(
            "| {set} | {} | {} | {} | {} | {} |\n",
            t.files, t.texts, t.chars, t.tokens, t.mismatches
        );
    }
    md += &format!(
        "\nSpeed, single thread, the {} post texts of the cctv timeline ({:.2} MB), best of 10 \
         interleaved rounds (alternating which goes first), thread CPU time: ours {:.3} s ({:.1} MB/s), jieba-rs {:.3} s ({:.1} MB/s): **{:.2}×** \
         jieba-rs's throughput. Dictionary build (wall, thread CPU): ours {:.0} ms, {:.0} ms; jieba-rs \
         `Jieba::new()` {:.0} ms, {:.0} ms. One-minute load average at the end of the run: {} (the \
         machine is shared: compare runs at similar load).\n",
        cctv.len(),
        bytes as f64 / 1e6,
        t_ours,
        bytes as f64 / t_ours / 1e6,
        t_jieba,
        bytes as f64 / t_jieba / 1e6,
        t_jieba / t_ours,
        ours_build * 1e3,
        ours_cpu * 1e3,
        jieba_build * 1e3,
        jieba_cpu * 1e3,
        std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    );
    if !examples.is_empty() {
        md += "\nFirst mismatches:\n\n";
        for e in &examples {
            md += &format!("- {e}\n");
        }
    }
    print!("{md}");
    if !speed_only && std::env::args().any(|a| a == "--write") {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/evaluation/segmentation.md");
        std::fs::write(&out, &md).expect("write docs/evaluation/segmentation.md");
        eprintln!("wrote {}", out.display());
    }
}
