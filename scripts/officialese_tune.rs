//! Officialese scores of the official and ordinary texts of the officialese evaluation, for
//! tuning the lexicon on the TRAIN split (`scripts/officialese_tune.py` computes the AUCs; the
//! report on the test split is `scripts/quality_eval.py`).
//!
//!     cargo run --release -p zhengwu --example officialese_tune -- OUT.jsonl [EXTRA.tsv] [CONFIG.json]
//!
//! EXTRA.tsv (optional, `-` for none) holds candidate lexicon entries added at run time through
//! `QualityConfig.lexicons.officialese`; CONFIG.json (optional) an `OfficialeseConfig` (missing
//! fields take their defaults), so candidates and settings can be tried without a rebuild.

#[path = "officialese_sources.rs"]
mod officialese_sources;

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;
use zhengwu::Post;
use zhengwu::quality::lexicon::parse_tsv;
use zhengwu::quality::{Analyzer, QualityConfig};

fn data() -> PathBuf {
    zhengwu::testdata::shared_data_dir().expect("../shared/data (or ZHENGWU_SHARED_DATA) is needed")
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
    for t in officialese_sources::officialese_texts(&data(), true) {
        emit(t.source, t.id, &t.text);
    }
}
