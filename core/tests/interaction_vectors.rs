//! Runs the shared interaction vectors (`tests/vectors/interaction.json`), the same file the
//! Python and JS suites run.

use serde_json::Value;
use zhengwu::interaction::{self, InteractionConfig, MessageConfig};
use zhengwu::{Account, Comment, Mention, Post};

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/interaction.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("read vectors")).expect("json")
}

#[test]
fn classify_vectors() {
    let v = vectors();
    let cases = v["classify"].as_array().expect("classify list");
    assert!(cases.len() >= 8);
    for c in cases {
        let text = c["text"].as_str().unwrap();
        let m = interaction::classify_message(text, &MessageConfig::default()).unwrap();
        let got = serde_json::to_value(&m).unwrap();
        for key in ["intent", "needs_reply", "sentiment_label"] {
            if let Some(want) = c.get(key) {
                assert_eq!(&got[key], want, "{key} of {text}: {m:?}");
            }
        }
        if let Some(not) = c.get("sentiment_label_not") {
            assert_ne!(&got["sentiment_label"], not, "{text}: {m:?}");
        }
    }
}

fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-6,
        _ => a == b,
    }
}

#[test]
fn analysis_vectors() {
    let v = vectors();
    for case in v["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap();
        let account: Account = serde_json::from_value(case["account"].clone()).unwrap();
        let posts: Vec<Post> = serde_json::from_value(case["posts"].clone()).unwrap();
        let comments: Vec<Comment> = serde_json::from_value(case["comments"].clone()).unwrap();
        let mentions: Vec<Mention> = serde_json::from_value(case["mentions"].clone()).unwrap();
        let mut config: InteractionConfig = serde_json::from_value(case["config"].clone()).unwrap();
        config.include_messages = true;
        let r = interaction::analyze(&account, &posts, &comments, &mentions, &config).unwrap();
        let resp = serde_json::to_value(&r.responsiveness).unwrap();
        let e = &case["expect"];
        for key in [
            "citizen_messages",
            "needs_reply",
            "answered",
            "reply_rate",
            "official_replies",
            "broadcast_ratio",
        ] {
            if let Some(want) = e.get(key) {
                assert!(
                    close(&resp[key], want),
                    "{name}: {key} = {} want {want}",
                    resp[key]
                );
            }
        }
        for (key, field) in [
            ("median_latency_seconds", "median_seconds"),
            ("p90_latency_seconds", "p90_seconds"),
            ("within_1h_share", "within_1h_share"),
            ("within_24h_share", "within_24h_share"),
        ] {
            if let Some(want) = e.get(key) {
                let got = &resp["latency"][field];
                assert!(close(got, want), "{name}: {key} = {got} want {want}");
            }
        }
        if let Some(want) = e.get("backlog_ids") {
            let got: Vec<&str> = r
                .responsiveness
                .backlog
                .iter()
                .map(|b| b.id.as_str())
                .collect();
            let want: Vec<&str> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            assert_eq!(got, want, "{name}: backlog");
        }
        if let Some(want) = e.get("backlog_age_hours") {
            let got: Vec<f64> = r
                .responsiveness
                .backlog
                .iter()
                .map(|b| b.age_hours)
                .collect();
            let want: Vec<f64> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            assert_eq!(got, want, "{name}: backlog ages");
        }
        if let Some(want) = e.get("complaint_intent_ids") {
            let got: Vec<&str> = r
                .message_outcomes
                .iter()
                .filter(|o| o.intent == interaction::Intent::Complaint)
                .map(|o| o.id.as_str())
                .collect();
            let want: Vec<&str> = want
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            assert_eq!(got, want, "{name}: complaints");
        }
        if let Some(parents) = e.get("parents").and_then(Value::as_object) {
            let th = interaction::threads::build(
                &account,
                &posts,
                &comments,
                &mentions,
                &config.threads,
            );
            for (child, parent) in parents {
                let c = th.nodes.iter().find(|n| &n.id == child).unwrap();
                let p = c.parent.map(|i| th.nodes[i].id.as_str());
                assert_eq!(p, parent.as_str(), "{name}: parent of {child}");
            }
        }
        if let Some(want) = e.get("links_by_reply_prefix") {
            assert_eq!(
                r.threads.links_by_reply_prefix,
                want.as_u64().unwrap(),
                "{name}"
            );
        }
        if let Some(want) = e.get("crisis_episodes") {
            assert_eq!(
                r.crisis.len() as u64,
                want.as_u64().unwrap(),
                "{name}: {:?}",
                r.crisis
            );
        }
        if let Some(ep) = r.crisis.first() {
            let epv = serde_json::to_value(ep).unwrap();
            for (key, field) in [
                ("crisis_onset", "onset"),
                ("crisis_peak_negative", "peak_negative"),
                ("crisis_response_seconds", "response_seconds"),
                ("crisis_first_response_id", "first_response_id"),
            ] {
                if let Some(want) = e.get(key) {
                    let got = &epv[field];
                    let same = match (got.as_str(), want.as_str()) {
                        (Some(g), Some(w)) if key == "crisis_onset" => {
                            chrono::DateTime::parse_from_rfc3339(g).ok()
                                == chrono::DateTime::parse_from_rfc3339(w).ok()
                        }
                        _ => close(got, want),
                    };
                    assert!(same, "{name}: {key} = {got} want {want}");
                }
            }
        }
    }
}
