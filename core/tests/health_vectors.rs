//! Runs the shared account-health vectors (`tests/vectors/health.json`), the same file the
//! Python and JS suites run.

use serde_json::Value;
use zhengwu::Dataset;
use zhengwu::health::indices::bci;
use zhengwu::health::{AuditConfig, audit};

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/health.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read vectors")).expect("json")
}

fn near(got: f64, want: &Value, what: &str) {
    let w = want
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number"));
    assert!((got - w).abs() < 1e-6, "{what}: got {got}, want {w}");
}

#[test]
fn bci_vectors() {
    let v = vectors();
    let cases = v["bci"].as_array().expect("bci list");
    assert!(cases.len() >= 3);
    for c in cases {
        let n = |k: &str| c[k].as_u64().expect("count");
        let b = bci(n("posts"), n("reposts"), n("comments"), n("likes"));
        near(b.w1, &c["w1"], "w1");
        near(b.w2, &c["w2"], "w2");
        near(b.bci, &c["bci"], "bci");
    }
}

#[test]
fn audit_vectors() {
    let v = vectors();
    let cases = v["cases"].as_array().expect("cases");
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let data: Dataset = serde_json::from_value(case["dataset"].clone()).expect("dataset");
        let cfg: AuditConfig = serde_json::from_value(case["config"].clone()).expect("config");
        let r = audit(&data, &cfg).unwrap_or_else(|e| panic!("{name}: {e}"));
        let e = &case["expect"];
        let id = e["account"].as_str().expect("account");
        let a = r
            .account(id)
            .unwrap_or_else(|| panic!("{name}: {id} audited"));
        let kinds: Vec<&str> = a.diagnoses.found.iter().map(|d| d.kind.as_str()).collect();
        let want: Vec<&str> = e["diagnoses"]
            .as_array()
            .expect("diagnoses")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(kinds, want, "{name}");
        if let Some(p) = e["primary"].as_str() {
            assert_eq!(a.diagnoses.primary().map(|k| k.as_str()), Some(p), "{name}");
        }
        if let Some(level) = e["level"].as_str() {
            let got = serde_json::to_value(a.diagnoses.found[0].level).expect("level");
            assert_eq!(got.as_str(), Some(level), "{name}");
        }
        if let Some(figs) = e["figures"].as_object() {
            for (k, want) in figs {
                let got = a
                    .diagnoses
                    .found
                    .iter()
                    .find_map(|d| d.evidence.figures.get(k))
                    .unwrap_or_else(|| panic!("{name}: figure {k} in the evidence"));
                near(*got, want, &format!("{name}: {k}"));
            }
        }
        let scores = serde_json::to_value(&a.scores.components).expect("scores");
        let score_of = |k: &str| {
            scores
                .as_array()
                .and_then(|cs| cs.iter().find(|c| c["kind"] == k))
                .map(|c| c["score"].clone())
                .unwrap_or(Value::Null)
        };
        if let Some(s) = e["scores"].as_object() {
            for (k, want) in s {
                let got = score_of(k)
                    .as_f64()
                    .unwrap_or_else(|| panic!("{name}: {k} scored"));
                near(got, want, &format!("{name}: {k}"));
            }
        }
        for k in e["missing"].as_array().into_iter().flatten() {
            let k = k.as_str().expect("component name");
            assert!(score_of(k).is_null(), "{name}: {k} should be missing");
        }
        if let Some(b) = e.get("bci") {
            near(a.indices.bci.bci, b, &format!("{name}: bci"));
        }
        if let Some(c) = e.get("coordination_share") {
            let got = a.coordination.as_ref().map(|c| c.share).unwrap_or(-1.0);
            near(got, c, &format!("{name}: coordination"));
        }
    }
}
