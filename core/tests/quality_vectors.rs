//! Runs the shared post-quality vectors (`tests/vectors/quality.json`), which the Python and JS
//! suites run too.

use serde_json::Value;
use zhengwu::Post;
use zhengwu::quality::{PostQuality, QualityConfig, analyze_post};

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn check(name: &str, q: &PostQuality, expect: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let mut fail = |msg: String| errors.push(format!("{name}: {msg}"));
    let json = serde_json::to_value(q).expect("serialisable");
    let obj = expect.as_object().expect("expect is an object");
    for (key, want) in obj {
        match key.as_str() {
            "post_type" => {
                if json["post_type"]["kind"] != *want {
                    fail(format!(
                        "post_type {} != {want} (cues {:?})",
                        json["post_type"]["kind"], q.post_type.scores
                    ));
                }
            }
            "audience" => {
                if json["audience"]["orientation"] != *want {
                    fail(format!(
                        "audience {} != {want} ({})",
                        json["audience"]["orientation"], q.audience.score
                    ));
                }
            }
            k if k.ends_with("_min") || k.ends_with("_max") => {
                let field = &k[..k.len() - 4];
                let score = match field {
                    "livelihood" => q.livelihood.score,
                    "officialese" => q.officialese.score,
                    "plain" => q.plain_language.score,
                    "verse_lines" => q.form.verse.as_ref().map_or(0.0, |v| v.lines.len() as f64),
                    other => panic!("unknown bound {other}"),
                };
                let bound = want.as_f64().expect("numeric bound");
                let ok = if k.ends_with("_min") {
                    score >= bound
                } else {
                    score <= bound
                };
                if !ok {
                    fail(format!("{field} = {score} violates {k} {bound}"));
                }
            }
            "officialese_phrases" => {
                let got: Vec<&str> = q
                    .officialese
                    .matches
                    .iter()
                    .map(|m| m.phrase.as_str())
                    .collect();
                for p in strings(want) {
                    if !got.contains(&p.as_str()) {
                        fail(format!("officialese phrase {p} missing from {got:?}"));
                    }
                }
            }
            "type_cues" => {
                let got: Vec<&str> = q.post_type.cues.iter().map(|c| c.cue.as_str()).collect();
                for p in strings(want) {
                    if !got.contains(&p.as_str()) {
                        fail(format!("type cue {p} missing from {got:?}"));
                    }
                }
            }
            "livelihood_categories" => {
                let got: Vec<&str> = q
                    .livelihood
                    .categories
                    .iter()
                    .map(|c| c.category.as_str())
                    .collect();
                for p in strings(want) {
                    if !got.contains(&p.as_str()) {
                        fail(format!("livelihood category {p} missing from {got:?}"));
                    }
                }
            }
            "trivia_categories" => {
                let got: Vec<&str> = q
                    .trivia
                    .markers
                    .iter()
                    .map(|m| m.category.as_str())
                    .collect();
                for p in strings(want) {
                    if !got.contains(&p.as_str()) {
                        fail(format!("trivia category {p} missing from {got:?}"));
                    }
                }
            }
            "emoticons" | "hashtags" | "repost_chain" => {
                let got = match key.as_str() {
                    "emoticons" => &q.text.emoticons,
                    "hashtags" => &q.text.hashtags,
                    _ => &q.text.repost_chain,
                };
                if *got != strings(want) {
                    fail(format!("{key} {got:?} != {want}"));
                }
            }
            "details" => {
                for (kind, texts) in want.as_object().expect("details object") {
                    let got: Vec<&str> = q
                        .livelihood
                        .details
                        .iter()
                        .filter(|d| {
                            serde_json::to_value(d.kind)
                                .ok()
                                .as_ref()
                                .and_then(Value::as_str)
                                == Some(kind.as_str())
                        })
                        .map(|d| d.text.as_str())
                        .collect();
                    for t in strings(texts) {
                        if !got.contains(&t.as_str()) {
                            fail(format!("{kind} detail {t} missing from {got:?}"));
                        }
                    }
                }
            }
            "trivia" => {
                if Some(q.trivia.is_trivia) != want.as_bool() {
                    fail(format!("trivia {} != {want}", q.trivia.is_trivia));
                }
            }
            "greeting_only" => {
                if Some(q.trivia.greeting_only) != want.as_bool() {
                    fail(format!(
                        "greeting_only {} != {want}",
                        q.trivia.greeting_only
                    ));
                }
            }
            "qa" => {
                if Some(q.form.qa) != want.as_bool() {
                    fail(format!("qa {} != {want}", q.form.qa));
                }
            }
            "verse_rhyme" => {
                let got = q.form.verse.as_ref().map(|v| v.rhyme.as_str());
                if got != want.as_str() {
                    fail(format!("verse rhyme {got:?} != {want}"));
                }
            }
            other => panic!("unknown expectation key {other}"),
        }
    }
    errors
}

#[test]
fn shared_quality_vectors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/quality.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vectors file"))
        .expect("vectors JSON");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 12);
    let config = QualityConfig::default();
    let mut errors = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let post: Post = serde_json::from_value(case["post"].clone()).expect("a Post");
        let q = analyze_post(&post, &config);
        errors.extend(check(name, &q, &case["expect"]));
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}
