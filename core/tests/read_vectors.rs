//! The shared read vectors (`tests/vectors/read_basic.json`), checked through `zhengwu::read`.
//! The Python (bindings-python/tests) and JS (bindings-wasm/tests) suites check the same file.

use std::path::{Path, PathBuf};

use serde_json::Value;
use zhengwu::read::{self, Format, Mode, ReadOptions};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(vectors_dir().join("read_basic.json")).unwrap();
    let vector: Value = serde_json::from_str(&text).unwrap();
    vector["cases"].as_array().unwrap().clone()
}

fn options(case: &Value) -> ReadOptions {
    let o = &case["options"];
    ReadOptions {
        format: o["format"].as_str().map(|f| Format::from_name(f).unwrap()),
        mode: if o["lenient"].as_bool().unwrap_or(false) {
            Mode::Lenient
        } else {
            Mode::Strict
        },
        ..ReadOptions::default()
    }
}

fn read_case(case: &Value) -> zhengwu::Result<(zhengwu::Dataset, read::IngestReport)> {
    let opts = options(case);
    match case["input_file"].as_str() {
        Some(file) => read::read_path(&vectors_dir().join(file), &opts),
        None => read::read_str(case["input_text"].as_str().unwrap(), &opts),
    }
}

/// Every expected field equals the record's serialised field (the names are the model's).
fn assert_fields(record: &Value, expected: &Value, what: &str) {
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&record[key], value, "{what}.{key}");
    }
}

#[test]
fn read_vectors_give_the_expected_records() {
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.get("expect").is_some()) {
        let name = case["name"].as_str().unwrap();
        let (data, report) = read_case(case).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expect = &case["expect"];
        let counts = &expect["counts"];
        assert_eq!(
            data.accounts.len() as u64,
            counts["accounts"],
            "{name} accounts"
        );
        assert_eq!(data.posts.len() as u64, counts["posts"], "{name} posts");
        assert_eq!(
            data.comments.len() as u64,
            counts["comments"],
            "{name} comments"
        );
        assert_eq!(
            data.mentions.len() as u64,
            counts["mentions"],
            "{name} mentions"
        );
        assert_fields(
            &serde_json::to_value(&report).unwrap(),
            &expect["report"],
            name,
        );
        assert!(report.balanced(), "{name}: read + rejected == seen");
        let data = serde_json::to_value(&data).unwrap();
        if let Some(post) = expect.get("first_post") {
            assert_fields(&data["posts"][0], post, "first_post");
        }
        if let Some(account) = expect.get("first_account") {
            assert_fields(&data["accounts"][0], account, "first_account");
        }
        if let Some(comment) = expect.get("last_comment") {
            let last = data["comments"].as_array().unwrap().last().unwrap();
            assert_fields(last, comment, "last_comment");
        }
        checked += 1;
    }
    assert!(checked >= 2, "the vector file lost its cases");
}

#[test]
fn read_vectors_strict_errors_name_kind_and_line() {
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.get("expect_error").is_some()) {
        let name = case["name"].as_str().unwrap();
        let error = read_case(case).expect_err(name);
        let expected = &case["expect_error"];
        assert_eq!(error.kind.as_str(), expected["kind"], "{name} kind");
        assert_eq!(
            error.location.line,
            expected["line"].as_u64(),
            "{name} line"
        );
        checked += 1;
    }
    assert!(checked >= 1, "the vector file lost its error cases");
}
