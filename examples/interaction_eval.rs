//! Evaluation of the interaction analysis on the real data in `../shared/data` (read in place).
//!
//! `cargo run --release --example interaction_eval -- OUT_DIR` writes, for every labelled text
//! set, a TSV of `gold<TAB>our_label<TAB>our_score<TAB>our_decision<TAB>text<TAB>evidence` (and the trained model's predictions),
//! plus `latency.json` and `threads.json` with the thread/latency checks. `scripts/eval_interaction.py`
//! runs this, measures the peer tools on the same texts and writes `docs/evaluation/interaction.md`.
//! Without OUT_DIR it only prints the summary figures (the tuning loop, on train splits).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use zhengwu::interaction::classifier::{TextClassifier, TrainConfig};
use zhengwu::interaction::responsiveness::{LatencyStats, ResponsivenessConfig};
use zhengwu::interaction::{self, Intent, InteractionConfig, MessageClassifier, SentimentLabel};
use zhengwu::read::{ReadOptions, read_path};
use zhengwu::{Account, Comment, Mention};

/// A labelled binary-sentiment text: `true` = positive.
struct Item {
    positive: bool,
    text: String,
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

fn weibo2018(dir: &Path, file: &str) -> Vec<Item> {
    read(&dir.join("weibo2018-polarity").join(file))
        .lines()
        .filter_map(|l| {
            let mut it = l.splitn(3, ',');
            let _mid = it.next()?;
            let label = it.next()?;
            let text = it.next()?;
            Some(Item {
                positive: label == "1",
                text: text.to_string(),
            })
        })
        .collect()
}

fn osm(dir: &Path, split: &str) -> Vec<Item> {
    let d = dir.join("osm-weibo-comments-2022");
    let reviews = read(&d.join(format!("{split}_review.txt")));
    let labels = read(&d.join(format!("{split}_label.txt")));
    reviews
        .lines()
        .zip(labels.lines())
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(r, l)| Item {
            positive: l.trim() == "0",
            text: unsegment(r),
        })
        .collect()
}

/// The osm files are word-segmented with spaces: join the tokens back, keeping one space after
/// the first token of an `@handle` (Weibo puts a space after a mention; without it the handle
/// would swallow the words after it).
fn unsegment(line: &str) -> String {
    let mut out = String::new();
    let mut after_at = false;
    for tok in line.split_whitespace() {
        out.push_str(tok);
        if after_at {
            out.push(' ');
            after_at = false;
        }
        if tok == "@" || (tok.starts_with('@') && tok.len() == 1) {
            after_at = true;
        } else if tok.starts_with('@') && tok.chars().count() > 1 {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Emotion sets mapped to binary polarity; texts of other (neutral, surprise) classes dropped.
fn emotion_csv(path: &Path, pos: &[&str], neg: &[&str], label_first: bool) -> Vec<Item> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for rec in rdr.records().flatten() {
        let (label, text) = if label_first {
            (rec.get(0).unwrap_or(""), rec.get(1).unwrap_or(""))
        } else {
            (rec.get(1).unwrap_or(""), rec.get(0).unwrap_or(""))
        };
        let label = label.trim();
        let positive = if pos.contains(&label) {
            true
        } else if neg.contains(&label) {
            false
        } else {
            continue;
        };
        out.push(Item {
            positive,
            text: text.to_string(),
        });
    }
    out
}

fn emotion_json(path: &Path, pos: &[&str], neg: &[&str], lines: bool) -> Vec<Item> {
    let raw = read(path);
    let values: Vec<serde_json::Value> = if lines {
        raw.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    } else {
        serde_json::from_str(&raw).unwrap_or_default()
    };
    values
        .iter()
        .filter_map(|v| {
            let label = v.get("label")?.as_str()?;
            let text = v.get("content")?.as_str()?.to_string();
            let positive = if pos.contains(&label) {
                true
            } else if neg.contains(&label) {
                false
            } else {
                return None;
            };
            Some(Item { positive, text })
        })
        .collect()
}

#[derive(Default, Debug)]
struct Metrics {
    n: usize,
    accuracy: f64,
    macro_f1: f64,
    neutral_share: f64,
}

/// Binary decision of the built-in analyser: negative iff the score is below zero; a neutral
/// text (score 0) is decided positive, so every text gets a decision.
fn decide(label: SentimentLabel, score: f32) -> bool {
    !(label == SentimentLabel::Negative || score < 0.0)
}

fn metrics(gold: &[bool], pred: &[bool], neutral: usize) -> Metrics {
    let n = gold.len();
    let mut tp = [0usize; 2];
    let mut fp = [0usize; 2];
    let mut fneg = [0usize; 2];
    let mut correct = 0;
    for (&g, &p) in gold.iter().zip(pred) {
        if g == p {
            correct += 1;
            tp[g as usize] += 1;
        } else {
            fp[p as usize] += 1;
            fneg[g as usize] += 1;
        }
    }
    let f1 = |k: usize| {
        let p = tp[k] as f64 / (tp[k] + fp[k]).max(1) as f64;
        let r = tp[k] as f64 / (tp[k] + fneg[k]).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    Metrics {
        n,
        accuracy: correct as f64 / n.max(1) as f64,
        macro_f1: (f1(0) + f1(1)) / 2.0,
        neutral_share: neutral as f64 / n.max(1) as f64,
    }
}

fn evaluate(name: &str, items: &[Item], out: Option<&Path>) -> Metrics {
    let c = MessageClassifier::default_shared();
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut neutral = 0;
    let mut tsv = String::new();
    for it in items {
        let s = c
            .sentiment()
            .analyze(&zhengwu::interaction::clean_for_matching(&it.text));
        if s.label == SentimentLabel::Neutral {
            neutral += 1;
        }
        gold.push(it.positive);
        pred.push(decide(s.label, s.score));
        if out.is_some() {
            let ev: Vec<String> = s
                .evidence
                .iter()
                .map(|e| format!("{}:{:.1}", e.phrase, e.weight))
                .collect();
            tsv.push_str(&format!(
                "{}\t{}\t{:.4}\t{}\t{}\t{}\n",
                it.positive as u8,
                s.label.as_str(),
                s.score,
                decide(s.label, s.score) as u8,
                it.text.replace(['\t', '\n', '\r'], " "),
                ev.join(" ")
            ));
        }
    }
    if let Some(dir) = out {
        fs::write(dir.join(format!("{name}.tsv")), tsv).expect("write tsv");
    }
    let m = metrics(&gold, &pred, neutral);
    println!(
        "{name:<28} n={:<6} acc={:.3} macroF1={:.3} neutral={:.3}",
        m.n, m.accuracy, m.macro_f1, m.neutral_share
    );
    m
}

fn trained(name: &str, train: &[Item], test: &[Item], out: Option<&Path>) -> Metrics {
    let texts: Vec<&str> = train.iter().map(|i| i.text.as_str()).collect();
    let labels: Vec<&str> = train
        .iter()
        .map(|i| if i.positive { "pos" } else { "neg" })
        .collect();
    let model = TextClassifier::fit(&texts, &labels, &TrainConfig::default()).expect("fit");
    let test_texts: Vec<&str> = test.iter().map(|i| i.text.as_str()).collect();
    let preds = model.predict_all(&test_texts);
    let gold: Vec<bool> = test.iter().map(|i| i.positive).collect();
    let pred: Vec<bool> = preds.iter().map(|p| p.label == "pos").collect();
    if let Some(dir) = out {
        let mut f = fs::File::create(dir.join(format!("{name}.tsv"))).expect("create");
        for (g, p) in gold.iter().zip(&pred) {
            writeln!(f, "{}\t{}", *g as u8, *p as u8).expect("write");
        }
    }
    let m = metrics(&gold, &pred, 0);
    println!(
        "{name:<28} n={:<6} acc={:.3} macroF1={:.3}",
        m.n, m.accuracy, m.macro_f1
    );
    m
}

fn main() {
    let Some(data) = zhengwu::testdata::shared_data_dir() else {
        println!("SKIP (no ../shared/data): interaction evaluation");
        return;
    };
    let out: Option<PathBuf> = std::env::args().nth(1).map(PathBuf::from);
    if let Some(o) = &out {
        fs::create_dir_all(o).expect("create out dir");
    }
    let out = out.as_deref();
    let w_train = weibo2018(&data, "train.txt");
    let w_test = weibo2018(&data, "test.txt");
    let o_train = osm(&data, "train");
    let o_test = osm(&data, "evl");
    evaluate("weibo2018_train", &w_train, out);
    evaluate("weibo2018_test", &w_test, out);
    evaluate("osm_train", &o_train, out);
    evaluate("osm_test", &o_test, out);
    let emo_pos = ["like", "happiness"];
    let emo_neg = ["sadness", "anger", "disgust", "fear"];
    evaluate(
        "nlpcc2013",
        &emotion_csv(
            &data.join("nlpcc2013-weibo-emotion/Nlpcc2013Train.csv"),
            &emo_pos,
            &emo_neg,
            true,
        ),
        out,
    );
    evaluate(
        "clue_emotion_test",
        &emotion_json(
            &data.join("clue-emotion2020/test.jsonl"),
            &emo_pos,
            &emo_neg,
            true,
        ),
        out,
    );
    evaluate(
        "smp2020_virus",
        &emotion_json(
            &data.join("smp2020-ewect-virus-train/virus_train.json"),
            &["happy"],
            &["angry", "sad", "fear"],
            false,
        ),
        out,
    );
    trained("weibo2018_test_trained", &w_train, &w_test, out);
    trained("osm_test_trained", &o_train, &o_test, out);
    if let Some(out) = out {
        ced_latency(&data, out);
        tipdm(&data, out);
        gqt(&data, out);
    }
}

fn write_json(path: PathBuf, v: &serde_json::Value) {
    fs::write(path, serde_json::to_string_pretty(v).expect("json")).expect("write json");
}

/// First-response latency of every entry the CED source author replied to (direct replies only,
/// no clock skew): `{"<thread> <entry id>": seconds}`.
fn ced_latency(data: &Path, out: &Path) {
    let opts = ReadOptions {
        preset: Some("ced-threads".into()),
        ..ReadOptions::lenient()
    };
    let (d, report) = read_path(
        &data.join("ced-weibo-rumor-threads/reposts_subset.jsonl"),
        &opts,
    )
    .expect("read CED threads");
    let mut by_thread: BTreeMap<&str, Vec<Comment>> = BTreeMap::new();
    for c in &d.comments {
        by_thread
            .entry(c.post_id.as_str())
            .or_default()
            .push(c.clone());
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
    let mut latencies = serde_json::Map::new();
    for (thread, entries) in &by_thread {
        let author = thread.rsplit('_').next().unwrap_or_default();
        if !entries.iter().any(|c| c.author_id == author) {
            continue;
        }
        let account = Account {
            id: author.to_string(),
            ..Account::default()
        };
        let r = interaction::analyze(&account, &[], entries, &[], &config).expect("analyze");
        for o in &r.message_outcomes {
            if let Some(l) = o.latency_seconds {
                latencies.insert(format!("{thread} {}", o.id), l.into());
            }
        }
    }
    println!("ced: {} replied-to entries", latencies.len());
    write_json(
        out.join("ced_latency.json"),
        &serde_json::json!({"rejected_entries": report.rejected, "latency_seconds": latencies}),
    );
}

/// TipDM 问政 messages as @-mentions, official replies as comments on them: latency
/// distribution, and intent of the body for messages whose subject names a complaint (投诉,
/// 举报) or an inquiry (咨询, 请问, 询问).
fn tipdm(data: &Path, out: &Path) {
    let raw = read(&data.join("tipdm2020-gov-messages-replies/messages_with_replies.jsonl"));
    let time = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .ok()
            .and_then(|t| {
                t.and_local_timezone(chrono::FixedOffset::east_opt(8 * 3600)?)
                    .single()
            })
    };
    let mut mentions = Vec::new();
    let mut replies = Vec::new();
    let mut subjects = HashMap::new();
    for line in raw.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let (Some(at), Some(reply_at)) = (time(&s("message_time")), time(&s("reply_time"))) else {
            continue;
        };
        let id = s("message_id");
        subjects.insert(id.clone(), s("subject"));
        mentions.push(Mention {
            id: id.clone(),
            account_id: "gov".into(),
            author_id: s("user"),
            author_name: None,
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
    let account = Account {
        id: "gov".into(),
        ..Account::default()
    };
    let config = InteractionConfig {
        include_messages: true,
        ..InteractionConfig::default()
    };
    let r = interaction::analyze(&account, &[], &replies, &mentions, &config).expect("analyze");
    let all: Vec<i64> = r
        .message_outcomes
        .iter()
        .filter_map(|o| o.latency_seconds)
        .collect();
    let s = LatencyStats::from_seconds(&all);
    let mut confusion: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for o in &r.message_outcomes {
        let subject = subjects.get(&o.id).map(String::as_str).unwrap_or("");
        let gold = if subject.contains("投诉") || subject.contains("举报") {
            "complaint"
        } else if ["咨询", "请问", "询问"].iter().any(|w| subject.contains(w)) {
            "inquiry"
        } else {
            continue;
        };
        *confusion
            .entry(gold.to_string())
            .or_default()
            .entry(o.intent.as_str().to_string())
            .or_default() += 1;
    }
    let needs = r.message_outcomes.iter().filter(|o| o.needs_reply).count();
    println!("tipdm: median {:?} s", s.median_seconds);
    write_json(
        out.join("tipdm.json"),
        &serde_json::json!({
            "messages": mentions.len(),
            "answered": all.len(),
            "latency": s,
            "needs_reply": needs,
            "intent_by_subject": confusion,
            "intents": r.messages.by_intent.iter().map(|(i, n)| (i.as_str(), *n)).collect::<BTreeMap<_, _>>(),
        }),
    );
    let _ = Intent::Other;
}

/// 共青团中央: official comments found, thread links.
fn gqt(data: &Path, out: &Path) {
    let dir = data.join("gqt-weibo-timeline-comments-2020-01");
    let (p, _) = read_path(&dir.join("posts.csv"), &ReadOptions::lenient()).expect("posts");
    let (c, _) = read_path(&dir.join("comments.csv"), &ReadOptions::lenient()).expect("comments");
    let account = Account {
        id: "3937348351".into(),
        ..Account::default()
    };
    let r = interaction::analyze(
        &account,
        &p.posts,
        &c.comments,
        &[],
        &InteractionConfig::default(),
    )
    .expect("analyze");
    let th = interaction::threads::build(&account, &p.posts, &c.comments, &[], &Default::default());
    let official: Vec<&str> = th
        .nodes
        .iter()
        .filter(|n| n.official)
        .map(|n| n.id.as_str())
        .collect();
    println!("gqt: {} official comments found", official.len());
    write_json(
        out.join("gqt.json"),
        &serde_json::json!({
            "official_found": official.len(),
            "official_in_source": c.comments.iter().filter(|x| x.author_id == "3937348351").count(),
            "threads": r.threads,
            "messages": r.messages,
            "reply_rate": r.responsiveness.reply_rate,
            "needs_reply": r.responsiveness.needs_reply,
            "answered": r.responsiveness.answered,
            "broadcast_ratio": r.responsiveness.broadcast_ratio,
            "crisis_episodes": r.crisis.len(),
        }),
    );
}
