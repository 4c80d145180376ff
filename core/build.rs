//! With feature `default-dict`: copies jieba's default dictionary (`dict.txt` of the jieba-rs
//! sources cargo downloaded, MIT) into `OUT_DIR`, where the segmenter embeds it. jieba-rs embeds
//! the same file but does not expose its text, and our segmenter builds its own tables from it.
//!
//! Looked up in this order: `ZHENGWU_JIEBA_DICT` (a path to the file), the registry sources under
//! `CARGO_HOME` (default `~/.cargo`), and a `vendor/jieba-rs` directory above this crate.

use std::path::{Path, PathBuf};

const JIEBA_DIR: &str = "jieba-rs-0.11.0";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ZHENGWU_JIEBA_DICT");
    if std::env::var_os("CARGO_FEATURE_DEFAULT_DICT").is_none() {
        return;
    }
    let Some(src) = find_dict() else {
        panic!(
            "zhengwu (feature default-dict): cannot find jieba's dict.txt in the {JIEBA_DIR} sources; \
             set ZHENGWU_JIEBA_DICT to its path"
        );
    };
    println!("cargo:rerun-if-changed={}", src.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::copy(&src, out.join("jieba_dict.txt")).expect("copy jieba's dict.txt to OUT_DIR");
}

fn find_dict() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZHENGWU_JIEBA_DICT") {
        return Some(PathBuf::from(p));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let registry = cargo_home.join("registry").join("src");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&registry)
        .into_iter()
        .flatten()
        .flatten()
        .map(|d| d.path().join(JIEBA_DIR).join("src/data/dict.txt"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    if let Some(p) = found.pop() {
        return Some(p);
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    manifest
        .ancestors()
        .map(|a| a.join("vendor/jieba-rs/src/data/dict.txt"))
        .find(|p| p.is_file())
}
