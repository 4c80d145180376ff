//! Build-time copies of jieba's data from the sources cargo downloaded (both MIT):
//!
//! - with feature `default-dict`: jieba's default dictionary (`dict.txt` of jieba-rs) into
//!   `OUT_DIR`, where the segmenter embeds it. jieba-rs embeds the same file but does not expose
//!   its text, and our segmenter builds its own tables from it.
//! - always: jieba's HMM for unknown words (`hmm.model` of jieba-macros, the crate jieba-rs
//!   generates its tables with), turned into Rust tables in `OUT_DIR/jieba_hmm.rs` for the
//!   segmenter's Viterbi (`core/src/text/segment/hmm.rs`). jieba-rs keeps its tables private.
//!
//! Each file is looked up in this order: an environment variable (`ZHENGWU_JIEBA_DICT`,
//! `ZHENGWU_JIEBA_HMM`: a path to the file), the registry sources under `CARGO_HOME` (default
//! `~/.cargo`), and a `vendor/<crate>` directory above this crate.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const JIEBA_DIR: &str = "jieba-rs-0.11.0";
const MACROS_DIR: &str = "jieba-macros-0.11.0";

/// The characters the HMM's emission table covers (jieba-rs runs its Viterbi over
/// `[\u4E00-\u9FD5]` only).
const HMM_FIRST: u32 = 0x4E00;
const HMM_LAST: u32 = 0x9FD5;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ZHENGWU_JIEBA_DICT");
    println!("cargo:rerun-if-env-changed=ZHENGWU_JIEBA_HMM");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let Some(model) = find(
        "ZHENGWU_JIEBA_HMM",
        MACROS_DIR,
        "jieba-macros",
        "src/hmm.model",
    ) else {
        panic!(
            "zhengwu: cannot find jieba's hmm.model in the {MACROS_DIR} sources; set \
             ZHENGWU_JIEBA_HMM to its path"
        );
    };
    println!("cargo:rerun-if-changed={}", model.display());
    let text = std::fs::read_to_string(&model).expect("read jieba's hmm.model");
    let tables = hmm_tables(&text).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    std::fs::write(out.join("jieba_hmm.rs"), tables).expect("write jieba_hmm.rs to OUT_DIR");

    if std::env::var_os("CARGO_FEATURE_DEFAULT_DICT").is_none() {
        return;
    }
    let Some(src) = find(
        "ZHENGWU_JIEBA_DICT",
        JIEBA_DIR,
        "jieba-rs",
        "src/data/dict.txt",
    ) else {
        panic!(
            "zhengwu (feature default-dict): cannot find jieba's dict.txt in the {JIEBA_DIR} sources; \
             set ZHENGWU_JIEBA_DICT to its path"
        );
    };
    println!("cargo:rerun-if-changed={}", src.display());
    std::fs::copy(&src, out.join("jieba_dict.txt")).expect("copy jieba's dict.txt to OUT_DIR");
}

/// Rust source for the model in `text` (jieba's `hmm.model`: after `#` comment lines, the four
/// start log-probabilities of B, E, M, S; the 4×4 transition log-probabilities; then one line
/// of `char:logprob` pairs per state), the way jieba-macros reads it:
///
/// - `START: [f64; 4]`, `TRANS: [[f64; 4]; 4]`;
/// - `EMIT_VALUES`: the distinct emission log-probabilities, index 0 being jieba's `MIN_FLOAT`
///   (-3.14e100, what a character without an entry for a state gets);
/// - `EMIT_ROWS`: for each character `HMM_FIRST..=HMM_LAST`, its four indices into
///   `EMIT_VALUES` (8 bytes a character instead of 32 for four `f64`s).
///
/// Values are written as `f64::from_bits` of what `str::parse` reads (correctly rounded, as
/// rustc reads the literals jieba-macros writes), so they are bit for bit jieba-rs's.
fn hmm_tables(text: &str) -> Result<String, String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if lines.len() != 9 {
        return Err(format!("expected 9 data lines, found {}", lines.len()));
    }
    let four = |line: &str| -> Result<[f64; 4], String> {
        let v: Vec<f64> = line
            .split_whitespace()
            .map(|x| x.parse::<f64>().map_err(|e| format!("`{x}`: {e}")))
            .collect::<Result<_, _>>()?;
        v.try_into()
            .map_err(|_| format!("expected 4 values: `{line}`"))
    };
    let start = four(lines[0])?;
    let mut trans = [[0f64; 4]; 4];
    for (row, line) in trans.iter_mut().zip(&lines[1..5]) {
        *row = four(line)?;
    }
    const MIN_FLOAT: f64 = -3.14e100;
    let mut values: Vec<f64> = vec![MIN_FLOAT];
    let mut index: HashMap<u64, u16> = HashMap::from([(MIN_FLOAT.to_bits(), 0)]);
    let mut rows: BTreeMap<u32, [u16; 4]> = BTreeMap::new();
    for (state, line) in lines[5..].iter().enumerate() {
        for pair in line.split(',') {
            let (ch, prob) = pair
                .split_once(':')
                .ok_or_else(|| format!("state {state}: no `:` in `{pair}`"))?;
            let ch = ch
                .chars()
                .next()
                .ok_or_else(|| format!("empty key in `{pair}`"))? as u32;
            let prob: f64 = prob.parse().map_err(|e| format!("`{pair}`: {e}"))?;
            if !(HMM_FIRST..=HMM_LAST).contains(&ch) {
                continue;
            }
            let next = u16::try_from(values.len()).map_err(|_| "too many distinct values")?;
            let i = *index.entry(prob.to_bits()).or_insert_with(|| {
                values.push(prob);
                next
            });
            rows.entry(ch).or_insert([0; 4])[state] = i;
        }
    }
    let mut s = String::from(
        "// Generated by core/build.rs from jieba's hmm.model (MIT). Do not edit.\n\n",
    );
    let f = |x: f64| format!("f64::from_bits({:#018x})", x.to_bits());
    let _ = writeln!(s, "const START: [f64; 4] = [{}];", start.map(f).join(", "));
    let _ = writeln!(s, "const TRANS: [[f64; 4]; 4] = [");
    for row in trans {
        let _ = writeln!(s, "    [{}],", row.map(f).join(", "));
    }
    let _ = writeln!(
        s,
        "];\nconst EMIT_FIRST: u32 = {HMM_FIRST:#x};\nconst EMIT_LAST: u32 = {HMM_LAST:#x};"
    );
    let _ = writeln!(s, "static EMIT_VALUES: [f64; {}] = [", values.len());
    for v in &values {
        let _ = writeln!(s, "{},", f(*v));
    }
    let _ = writeln!(
        s,
        "];\nstatic EMIT_ROWS: [[u16; 4]; {}] = [",
        HMM_LAST - HMM_FIRST + 1
    );
    for c in HMM_FIRST..=HMM_LAST {
        let r = rows.get(&c).copied().unwrap_or([0; 4]);
        let _ = writeln!(s, "[{},{},{},{}],", r[0], r[1], r[2], r[3]);
    }
    s.push_str("];\n");
    Ok(s)
}

/// `env` if set, else `<registry>/<dir>/<rel>` (the newest such file under any registry), else
/// `vendor/<vendor>/<rel>` in a directory above this crate.
fn find(env: &str, dir: &str, vendor: &str, rel: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(cargo_home) = cargo_home {
        let registry = cargo_home.join("registry").join("src");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&registry)
            .into_iter()
            .flatten()
            .flatten()
            .map(|d| d.path().join(dir).join(rel))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        if let Some(p) = found.pop() {
            return Some(p);
        }
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    manifest
        .ancestors()
        .map(|a| a.join("vendor").join(vendor).join(rel))
        .find(|p| p.is_file())
}
