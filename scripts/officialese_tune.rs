//! Officialese scores of the official and ordinary texts of the officialese evaluation, for
//! tuning the lexicon on the TRAIN split (`scripts/officialese_tune.py` computes the AUCs; the
//! report on the test split is `scripts/quality_eval.py`).
//!
//!     cargo run --release -p zhengwu --example officialese_tune -- OUT.jsonl [EXTRA.tsv] [CONFIG.json]
//!
//! EXTRA.tsv (optional, `-` for none) holds candidate lexicon entries added at run time through
//! `QualityConfig.lexicons.officialese`; CONFIG.json (optional) an `OfficialeseConfig` (missing
//! fields take their defaults), so candidates and settings can be tried without a rebuild.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use zhengwu::Post;
use zhengwu::quality::lexicon::parse_tsv;
use zhengwu::quality::{Analyzer, QualityConfig};

fn data() -> PathBuf {
    zhengwu::testdata::shared_data_dir().expect("../shared/data (or ZHENGWU_SHARED_DATA) is needed")
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("readable")
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .unwrap_or_else(|| "target/officialese_tune.jsonl".into());
    let mut config = QualityConfig::default();
    if let Some(extra) = args.next().filter(|a| a != "-") {
        let tsv = std::fs::read_to_string(extra).expect("readable extra lexicon");
        config.lexicons.officialese = parse_tsv(&tsv);
    }
    if let Some(path) = args.next() {
        let json = std::fs::read_to_string(path).expect("readable config");
        config.officialese = serde_json::from_str(&json).expect("an OfficialeseConfig");
    }
    let analyzer = Analyzer::new(&config);
    let t0 = chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00+08:00").expect("time");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).expect("writable"));
    let mut emit = |source: &str, id: String, text: &str| {
        let q = analyzer.analyze(&Post::new(id.clone(), source, t0, text));
        let row = json!({
            "source": source, "id": id, "officialese": q.officialese.score,
            "density": q.officialese.density, "plain": q.plain_language.score,
            "chars": q.text.chars,
            "phrases": q.officialese.matches.iter().map(|m| [&m.phrase, &m.category]).collect::<Vec<_>>(),
            "slogans": q.officialese.slogans, "chains": q.officialese.nominal_chains,
        });
        writeln!(f, "{row}").expect("write");
    };
    for v in jsonl(&data().join("tipdm2020-gov-messages-replies/messages_with_replies.jsonl")) {
        let id = v["message_id"].as_str().unwrap_or("").to_string();
        if let Some(r) = v["reply"].as_str().filter(|r| !r.trim().is_empty()) {
            emit("tipdm_reply", id.clone(), r);
        }
        // Citizens' messages to the government: ordinary writers on official topics, a harder
        // negative than Weibo chatter (diagnostic only).
        if let Some(m) = v["message"].as_str().filter(|m| !m.trim().is_empty()) {
            emit("tipdm_message", id, m);
        }
    }
    for (file, source) in [
        ("xwlb_2020-01_to_05.jsonl", "xwlb"),
        ("xwlb_monthly_sample_2012-2026.jsonl", "xwlb_sample"),
    ] {
        for v in jsonl(&data().join("xinwenlianbo-transcripts-cctv").join(file)) {
            let text = v["content"].as_str().unwrap_or("");
            if !text.trim().is_empty() {
                let id = format!(
                    "{}#{}",
                    v["broadcast_date"].as_str().unwrap_or(""),
                    v["item_no"].as_u64().unwrap_or(0)
                );
                emit(source, id, text);
            }
        }
    }
    // Ordinary users on Weibo during the 2020 epidemic (the period of the 新闻联播 items): the
    // same topics in plain writing, a check that the lexicon measures register, not topic
    // (diagnostic only).
    let virus = std::fs::read_to_string(data().join("smp2020-ewect-virus-train/virus_train.json"))
        .expect("smp2020");
    let items: Vec<Value> = serde_json::from_str(&virus).expect("json array");
    for v in items {
        let text = v["content"].as_str().unwrap_or("");
        if !text.trim().is_empty() {
            emit("smp2020_virus", v["id"].to_string(), text);
        }
    }
    for file in ["train.txt", "test.txt"] {
        let text = std::fs::read_to_string(data().join("weibo2018-polarity").join(file))
            .expect("weibo2018");
        for line in text.lines() {
            let mut parts = line.splitn(3, ',');
            let (Some(mid), Some(_), Some(body)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            emit("weibo2018", format!("{file}:{mid}"), body);
        }
    }
}
