//! The report card: text, self-contained HTML with inline SVG, JSON round trip.

use chrono::{DateTime, Duration};
use zhengwu::health::{AuditConfig, AuditReport, audit, report};
use zhengwu::{Account, Comment, Dataset, Post};

fn sample() -> AuditReport {
    let t0 = DateTime::parse_from_rfc3339("2024-03-01T09:00:00+08:00").expect("t0");
    let mut d = Dataset::default();
    d.accounts.push(Account {
        id: "gov".into(),
        name: Some("某县<市场监管>".into()),
        followers: Some(12_000),
        lifetime_posts: Some(3_000),
        verified_type: Some(1),
        ..Account::default()
    });
    for i in 0..20 {
        let mut p = Post::new(
            format!("p{i}"),
            "gov",
            t0 + Duration::hours(i * 13),
            "#消费提示# 办理营业执照请拨打12345",
        );
        p.is_repost = Some(false);
        p.likes = Some(3);
        p.comments = Some(2);
        d.posts.push(p);
        d.comments.push(Comment::new(
            format!("c{i}"),
            format!("p{i}"),
            "u1",
            t0 + Duration::hours(i * 13) + Duration::minutes(5),
            "请问周末能办吗？",
        ));
        if i % 2 == 0 {
            let mut r = Comment::new(
                format!("r{i}"),
                format!("p{i}"),
                "gov",
                t0 + Duration::hours(i * 13) + Duration::minutes(30),
                "可以",
            );
            r.parent_id = Some(format!("c{i}"));
            d.comments.push(r);
        }
    }
    audit(&d, &AuditConfig::default()).expect("audit")
}

#[test]
fn text_card_names_diagnoses_scores_and_advice() {
    let r = sample();
    let a = r.account("gov").expect("gov");
    let resp = a.response.as_ref().expect("comments seen");
    assert_eq!((resp.needs_reply, resp.answered), (20, 10));
    let t = report::text(a);
    assert!(t.contains("OVERALL"), "{t}");
    assert!(t.contains("responsiveness"), "{t}");
    assert!(t.contains("BCI"), "{t}");
    assert!(t.contains("#消费提示#"), "{t}");
    assert!(t.contains("10 answered"), "{t}");
}

#[test]
fn html_is_self_contained_with_four_charts_and_escaped() {
    let r = sample();
    let h = report::html(&r, 10);
    assert!(h.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        h.matches("<svg").count(),
        4,
        "heatmap, scores, post types, latency"
    );
    assert!(!h.contains("<script"));
    assert!(!h.contains("src="));
    // Only the SVG namespace URI, never a fetched URL.
    assert_eq!(
        h.matches("http").count(),
        h.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(h.contains("某县&lt;市场监管&gt;"));
    assert!(!h.contains("某县<市场监管>"));
}

#[test]
fn json_round_trips() {
    let r = sample();
    let j = report::json(&r).expect("json");
    let back: AuditReport = serde_json::from_str(&j).expect("parse");
    // serde_json parses floats to within one ulp (no `float_roundtrip`): compare structure and
    // the re-serialised text instead of f64 bits.
    assert_eq!(back.accounts.len(), r.accounts.len());
    assert_eq!(
        back.accounts[0].diagnoses.found,
        r.accounts[0].diagnoses.found
    );
    let again = report::json(&back).expect("json");
    let (x, y): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&j).expect("j"),
        serde_json::from_str(&again).expect("again"),
    );
    assert!(close(&x, &y), "JSON differs after a round trip");
}

/// Equal JSON trees, numbers within a relative 1e-12.
fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
        }
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b)),
        (Object(x), Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}
