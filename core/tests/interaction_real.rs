//! Interaction analysis on the real data in `../shared/data` (read in place; skipped with a
//! notice when absent).

use std::collections::HashMap;
use zhengwu::interaction::responsiveness::{LatencyStats, ResponsivenessConfig};
use zhengwu::interaction::{self, Intent, InteractionConfig};
use zhengwu::read::{ReadOptions, read_path};
use zhengwu::testdata::shared_file;
use zhengwu::{Account, Comment, Dataset, Mention};

fn read(rel: &str, preset: Option<&str>) -> Option<Dataset> {
    let path = shared_file(rel, "interaction real-data check")?;
    let opts = ReadOptions {
        preset: preset.map(str::to_string),
        ..ReadOptions::lenient()
    };
    Some(read_path(&path, &opts).expect("lenient read").0)
}

/// 共青团中央's own six comments in its comment section are all found as official messages, and
/// the `回复@` replies among citizens are resolved to earlier commenters of the same post.
#[test]
fn gqt_official_replies_all_found() {
    let Some(posts) = read("gqt-weibo-timeline-comments-2020-01/posts.csv", None) else {
        return;
    };
    let Some(comments) = read("gqt-weibo-timeline-comments-2020-01/comments.csv", None) else {
        return;
    };
    let account = Account {
        id: "3937348351".into(),
        name: Some("共青团中央".into()),
        ..Account::default()
    };
    let report = interaction::analyze(
        &account,
        &posts.posts,
        &comments.comments,
        &[],
        &InteractionConfig::default(),
    )
    .unwrap();
    let th = interaction::threads::build(
        &account,
        &posts.posts,
        &comments.comments,
        &[],
        &Default::default(),
    );
    let official: Vec<&str> = th
        .nodes
        .iter()
        .filter(|n| n.official)
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(official.len(), 6, "{official:?}");
    assert_eq!(
        report.threads.official_in_thread_replies + report.threads.official_top_level,
        6
    );
    // The source records no parent pointers; the ten `回复@` comments name their targets.
    assert_eq!(report.threads.links_by_pointer, 0);
    assert!(report.threads.links_by_reply_prefix >= 1);
    println!(
        "gqt: {} messages, {} 回复@ links, official top-level {}",
        report.threads.messages,
        report.threads.links_by_reply_prefix,
        report.threads.official_top_level
    );
    // Every non-official comment kept is classified.
    let r = &report.responsiveness;
    assert_eq!(r.citizen_messages as usize, th.nodes.len() - 6);
    assert_eq!(r.posts, 23);
}

/// CED: the source author's replies carry parent pointers; the first-response latency of each
/// replied-to entry equals an independent computation from the raw fields, to the second.
#[test]
fn ced_author_reply_latency_exact() {
    let Some(threads) = read(
        "ced-weibo-rumor-threads/reposts_subset.jsonl",
        Some("ced-threads"),
    ) else {
        return;
    };
    let mut by_thread: HashMap<&str, Vec<&Comment>> = HashMap::new();
    for c in &threads.comments {
        by_thread.entry(c.post_id.as_str()).or_default().push(c);
    }
    let config = InteractionConfig {
        responsiveness: ResponsivenessConfig {
            count_descendant_replies: false,
            clock_skew_seconds: 0,
            ..ResponsivenessConfig::default()
        },
        include_messages: true,
        ..InteractionConfig::default()
    };
    let mut checked = 0;
    let mut threads_with_replies = 0;
    for (thread, entries) in &by_thread {
        let author = thread.rsplit('_').next().unwrap_or_default();
        if !entries
            .iter()
            .any(|c| c.author_id == author && c.parent_id.is_some())
        {
            continue;
        }
        threads_with_replies += 1;
        // Independent: for each non-author parent, the earliest author reply not before it.
        let by_id: HashMap<&str, &Comment> = entries.iter().map(|c| (c.id.as_str(), *c)).collect();
        let mut expected: HashMap<&str, i64> = HashMap::new();
        for c in entries.iter().filter(|c| c.author_id == author) {
            let Some(p) = c.parent_id.as_deref().and_then(|p| by_id.get(p)) else {
                continue;
            };
            if p.author_id == author {
                continue;
            }
            let secs = c.created_at.timestamp() - p.created_at.timestamp();
            if secs >= 0 {
                let e = expected.entry(p.id.as_str()).or_insert(secs);
                *e = (*e).min(secs);
            }
        }
        let account = Account {
            id: author.to_string(),
            ..Account::default()
        };
        let owned: Vec<Comment> = entries.iter().map(|c| (*c).clone()).collect();
        let report = interaction::analyze(&account, &[], &owned, &[], &config).unwrap();
        let got: HashMap<&str, i64> = report
            .message_outcomes
            .iter()
            .filter_map(|o| o.latency_seconds.map(|l| (o.id.as_str(), l)))
            .collect();
        assert_eq!(got, expected, "thread {thread}");
        checked += expected.len();
    }
    println!("ced: {checked} replied-to entries in {threads_with_replies} threads match exactly");
    assert!(threads_with_replies >= 90, "{threads_with_replies}");
    assert!(checked >= 600, "{checked}");
}

/// TipDM 问政 messages with official replies: the latency distribution matches the source's
/// own figures (median 11.2 days, p90 40.9 days).
#[test]
fn tipdm_latency_distribution() {
    let Some(path) = shared_file(
        "tipdm2020-gov-messages-replies/messages_with_replies.jsonl",
        "tipdm latency",
    ) else {
        return;
    };
    let (mentions, replies) = tipdm_as_mentions(&std::fs::read_to_string(path).unwrap());
    assert_eq!((mentions.len(), replies.len()), (2816, 2816));
    let account = Account {
        id: "gov".into(),
        ..Account::default()
    };
    let config = InteractionConfig {
        include_messages: true,
        ..InteractionConfig::default()
    };
    let report = interaction::analyze(&account, &[], &replies, &mentions, &config).unwrap();
    assert_eq!(report.threads.links_by_mention_post, 2816);
    let all: Vec<i64> = report
        .message_outcomes
        .iter()
        .filter_map(|o| o.latency_seconds)
        .collect();
    assert_eq!(all.len(), 2816);
    let s = LatencyStats::from_seconds(&all);
    let day = 86_400.0;
    let median = s.median_seconds.unwrap() / day;
    let p90 = s.p90_seconds.unwrap() / day;
    println!("tipdm: median {median:.2} d, p90 {p90:.2} d");
    assert!((median - 11.2).abs() < 0.05, "{median}");
    // The source quotes one decimal; its percentile convention may differ slightly from ours.
    assert!((p90 - 40.9).abs() < 0.1, "{p90}");
    // Messages whose subject says 投诉/举报 are mostly classified as complaints from the body.
    let complaint_subjects: Vec<usize> = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.author_name
                .as_deref()
                .is_some_and(|s| s.contains("投诉") || s.contains("举报"))
        })
        .map(|(i, _)| i)
        .collect();
    let outcome_by_id: HashMap<&str, Intent> = report
        .message_outcomes
        .iter()
        .map(|o| (o.id.as_str(), o.intent))
        .collect();
    let hits = complaint_subjects
        .iter()
        .filter(|&&i| outcome_by_id.get(mentions[i].id.as_str()) == Some(&Intent::Complaint))
        .count();
    let recall = hits as f64 / complaint_subjects.len().max(1) as f64;
    println!(
        "tipdm: complaint recall on 投诉/举报 subjects {recall:.3} of {}",
        complaint_subjects.len()
    );
    assert!(recall > 0.5, "{recall}");
}

/// Messages as @-mentions of a stand-in account and replies as its comments on them. The subject
/// rides in `author_name` (a test-only shortcut, so the body alone is classified).
fn tipdm_as_mentions(raw: &str) -> (Vec<Mention>, Vec<Comment>) {
    let time = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .ok()
            .and_then(|t| {
                t.and_local_timezone(chrono::FixedOffset::east_opt(8 * 3600).unwrap())
                    .single()
            })
    };
    let mut mentions = Vec::new();
    let mut replies = Vec::new();
    for line in raw.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let (Some(at), Some(reply_at)) = (time(&s("message_time")), time(&s("reply_time"))) else {
            continue;
        };
        let id = s("message_id");
        mentions.push(Mention {
            id: id.clone(),
            account_id: "gov".into(),
            author_id: s("user"),
            author_name: Some(s("subject")),
            created_at: at,
            text: s("message"),
        });
        replies.push(Comment::new(
            format!("r{id}"),
            id,
            "gov",
            reply_at,
            s("reply"),
        ));
    }
    (mentions, replies)
}
