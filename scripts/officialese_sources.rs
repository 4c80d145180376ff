//! The texts of the officialese evaluation, shared by the `quality_eval` and `officialese_tune`
//! examples (`#[path]` module): official texts, ordinary posts, and diagnostic sets outside the
//! train/test split. Each text is (source, id, text); ids are those the split hashes.

use std::path::Path;

use serde_json::Value;

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// One text of the evaluation.
pub struct Text {
    pub source: &'static str,
    pub id: String,
    pub text: String,
}

fn push(out: &mut Vec<Text>, source: &'static str, id: String, text: &str) {
    if !text.trim().is_empty() {
        out.push(Text {
            source,
            id,
            text: text.to_string(),
        });
    }
}

/// Official: `tipdm_reply` (official replies on a 问政 board), `xwlb` (新闻联播 2020-01..05).
/// Ordinary: `weibo2018` (weibo2018-polarity). With `diagnostics`, also `tipdm_message` (citizens'
/// own messages to the government), `xwlb_sample` (新闻联播 2012–2026, one day a month),
/// `smp2020_virus` (ordinary Weibo users on the 2020 epidemic: the topics of the 2020 items in
/// plain writing) and `weibo2024_personal` (original posts of unverified personal accounts,
/// 2024-11: another period and other topics).
pub fn officialese_texts(data: &Path, diagnostics: bool) -> Vec<Text> {
    let mut out = Vec::new();
    for v in jsonl(&data.join("tipdm2020-gov-messages-replies/messages_with_replies.jsonl")) {
        let id = v["message_id"].as_str().unwrap_or("").to_string();
        push(
            &mut out,
            "tipdm_reply",
            id.clone(),
            v["reply"].as_str().unwrap_or(""),
        );
        if diagnostics {
            push(
                &mut out,
                "tipdm_message",
                id,
                v["message"].as_str().unwrap_or(""),
            );
        }
    }
    let xwlb = data.join("xinwenlianbo-transcripts-cctv");
    let mut files = vec![("xwlb_2020-01_to_05.jsonl", "xwlb")];
    if diagnostics {
        files.push(("xwlb_monthly_sample_2012-2026.jsonl", "xwlb_sample"));
    }
    for (file, source) in files {
        for v in jsonl(&xwlb.join(file)) {
            let id = format!(
                "{}#{}",
                v["broadcast_date"].as_str().unwrap_or(""),
                v["item_no"].as_u64().unwrap_or(0)
            );
            push(&mut out, source, id, v["content"].as_str().unwrap_or(""));
        }
    }
    for file in ["train.txt", "test.txt"] {
        let text =
            std::fs::read_to_string(data.join("weibo2018-polarity").join(file)).unwrap_or_default();
        for line in text.lines() {
            let mut parts = line.splitn(3, ',');
            if let (Some(mid), Some(_), Some(body)) = (parts.next(), parts.next(), parts.next()) {
                push(&mut out, "weibo2018", format!("{file}:{mid}"), body);
            }
        }
    }
    if !diagnostics {
        return out;
    }
    let virus = std::fs::read_to_string(data.join("smp2020-ewect-virus-train/virus_train.json"))
        .unwrap_or_default();
    let items: Vec<Value> = serde_json::from_str(&virus).unwrap_or_default();
    for v in items {
        push(
            &mut out,
            "smp2020_virus",
            v["id"].to_string(),
            v["content"].as_str().unwrap_or(""),
        );
    }
    // Personal accounts = verified_type -1 in the profiles; their own (not reposted) posts.
    let activity = data.join("weibo-accounts-activity-2024-11");
    let mut personal = std::collections::HashSet::new();
    if let Ok(mut rd) = csv::Reader::from_path(activity.join("accounts.csv")) {
        let headers = rd.headers().cloned().unwrap_or_default();
        let col = |name: &str| headers.iter().position(|h| h == name);
        if let (Some(uid), Some(vt)) = (col("uid"), col("verified_type")) {
            for r in rd.records().flatten() {
                if r.get(vt) == Some("-1") {
                    personal.insert(r.get(uid).unwrap_or("").to_string());
                }
            }
        }
    }
    for v in jsonl(&activity.join("posts.jsonl")) {
        let user = v["user_id"].as_str().unwrap_or("");
        if personal.contains(user) && v["is_repost"] == Value::Bool(false) {
            let id = v["id"].as_str().unwrap_or("").to_string();
            push(
                &mut out,
                "weibo2024_personal",
                id,
                v["text"].as_str().unwrap_or(""),
            );
        }
    }
    out
}
