//! Locating the real third-party data that tests and evaluation scripts read in place.
//!
//! The data lives outside the repository (`../shared/data` next to the workspace root) and is
//! never copied in. A fresh clone without it still builds and passes: tests that need it call
//! [`shared_data_dir`] and skip with a printed notice when it returns `None`.

use std::path::PathBuf;

/// The shared data directory: `$ZHENGWU_SHARED_DATA` if set, else `<workspace>/../shared/data`.
pub fn shared_data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZHENGWU_SHARED_DATA") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    // CARGO_MANIFEST_DIR is `<workspace>/core` at compile time; fall back to the current dir.
    let candidates = [
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"),
        PathBuf::from("../shared/data"),
        PathBuf::from("../../shared/data"),
    ];
    candidates
        .into_iter()
        .find(|p| p.is_dir())
        .map(|p| p.canonicalize().unwrap_or(p))
}

/// A file under the shared data directory, or `None` (with a printed SKIP notice naming `what`)
/// when the data is absent.
pub fn shared_file(relative: &str, what: &str) -> Option<PathBuf> {
    match shared_data_dir().map(|d| d.join(relative)) {
        Some(p) if p.exists() => Some(p),
        _ => {
            println!("SKIP (no ../shared/data/{relative}): {what}");
            None
        }
    }
}
