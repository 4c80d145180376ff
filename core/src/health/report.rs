//! The report card: plain text for a terminal, a self-contained HTML page with inline SVG
//! charts (activity heatmap hour × weekday, score components, latency distribution, post-type
//! mix; no scripts, no network), and JSON.

use super::audit::{AccountReport, AuditReport};
use super::scores::human_minutes;
use super::signals::LatencyBuckets;
use crate::error::{Error, Result};
use std::fmt::Write as _;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn title(r: &AccountReport) -> String {
    match &r.account.name {
        Some(n) => format!("{n} ({})", r.account.id),
        None => r.account.id.clone(),
    }
}

fn bar(score: f64, width: usize) -> String {
    let filled = ((score / 100.0) * width as f64)
        .round()
        .clamp(0.0, width as f64) as usize;
    format!("{}{}", "█".repeat(filled), "·".repeat(width - filled))
}

fn opt_u64(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "unknown".into())
}

/// The report card of one account as plain text.
pub fn text(r: &AccountReport) -> String {
    let mut s = String::new();
    let a = &r.activity;
    let _ = writeln!(s, "══ {} ══", title(r));
    let _ = writeln!(
        s,
        "window {} → {} ({:.1} days) · followers {} · lifetime posts {}{}",
        a.window.start.format("%Y-%m-%d %H:%M"),
        a.window.end.format("%Y-%m-%d %H:%M"),
        a.window_days,
        opt_u64(r.account.followers),
        opt_u64(r.account.lifetime_posts),
        if r.account.is_government() {
            " · 政务 (government)"
        } else {
            ""
        }
    );
    let _ = write!(
        s,
        "OVERALL {:.0}/100{} (components present: {:.0}% of the weight)",
        r.scores.overall,
        if r.scores.provisional {
            " PROVISIONAL"
        } else {
            ""
        },
        100.0 * r.scores.weight_coverage
    );
    if let Some(c) = &r.cohort {
        let _ = write!(
            s,
            " · rank {}/{} in cohort '{}' (percentile {:.0})",
            c.rank, c.size, c.cohort, c.overall_percentile
        );
    }
    s.push_str("\n\nDiagnoses\n");
    for d in &r.diagnoses.found {
        let level = d
            .level
            .map(|l| format!(" [{}]", l.as_str()))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  • {} {}{} — {}",
            d.kind.as_str(),
            d.kind.label_zh(),
            level,
            d.summary
        );
        for n in &d.evidence.notes {
            let _ = writeln!(s, "      {n}");
        }
        if !d.evidence.figures.is_empty() {
            let figs: Vec<String> = d
                .evidence
                .figures
                .iter()
                .map(|(k, v)| format!("{k}={}", num(*v)))
                .collect();
            let _ = writeln!(s, "      evidence: {}", figs.join(", "));
        }
        if !d.evidence.post_ids.is_empty() {
            let _ = writeln!(s, "      posts: {}", d.evidence.post_ids.join(", "));
        }
        if !d.evidence.message_ids.is_empty() {
            let _ = writeln!(s, "      messages: {}", d.evidence.message_ids.join(", "));
        }
    }
    if !r.diagnoses.not_evaluated.is_empty() {
        let ne: Vec<String> = r
            .diagnoses
            .not_evaluated
            .iter()
            .map(|n| format!("{} ({})", n.kind.as_str(), n.reason))
            .collect();
        let _ = writeln!(s, "  not evaluable: {}", ne.join("; "));
    }
    s.push_str("\nScores\n");
    for c in &r.scores.components {
        let _ = writeln!(
            s,
            "  {:<15} {:<5} {} {:>5}  {}",
            c.kind.as_str(),
            c.kind.label_zh(),
            bar(c.score.unwrap_or(0.0), 20),
            c.score
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "—".into()),
            c.explanation
        );
    }
    s.push_str("\nActivity\n");
    let _ = writeln!(
        s,
        "  {} posts ({} original, {} reposts, {} without a repost flag); {:.1}/day, {:.1} original/week; active on {} days",
        a.posts,
        a.originals,
        a.reposts,
        a.unknown_kind,
        a.posts_per_day,
        a.originals_per_week,
        a.active_days
    );
    if a.weekly.len() > 1 {
        let _ = writeln!(
            s,
            "  posts per week {} → {}: {} (max {})",
            a.weekly
                .first()
                .map(|w| w.0.to_string())
                .unwrap_or_default(),
            a.weekly.last().map(|w| w.0.to_string()).unwrap_or_default(),
            sparkline(a.weekly.iter().map(|w| w.1)),
            a.weekly.iter().map(|w| w.1).max().unwrap_or(0)
        );
    }
    if let Some(p) = &a.last_post {
        let _ = writeln!(
            s,
            "  last post {} at {} ({:.1} days before the window end)",
            p.id,
            p.at.format("%Y-%m-%d %H:%M"),
            a.days_since_last_post.unwrap_or(0.0)
        );
    }
    let ls = &a.longest_silence;
    let _ = writeln!(
        s,
        "  longest silence {:.1} days ({} → {}){}",
        ls.days,
        ls.from.format("%Y-%m-%d %H:%M"),
        ls.to.format("%Y-%m-%d %H:%M"),
        a.gap_cv
            .map(|c| format!("; gap CV {c:.2} (0 = clockwork, 1 = random, >1 = bursts)"))
            .unwrap_or_default()
    );
    if a.posts > 0 {
        let mut hours = [0u32; 24];
        for row in &a.hour_weekday {
            for (h, c) in row.iter().enumerate() {
                hours[h] += c;
            }
        }
        let mut top: Vec<(usize, u32)> = hours.iter().copied().enumerate().collect();
        top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let top: Vec<String> = top
            .iter()
            .take(3)
            .filter(|(_, c)| *c > 0)
            .map(|(h, c)| format!("{h:02}h ({c})"))
            .collect();
        let _ = writeln!(s, "  busiest hours (local): {}", top.join(", "));
    }
    if !a.hashtag_series.is_empty() {
        let series: Vec<String> = a
            .hashtag_series
            .iter()
            .take(5)
            .map(|h| format!("#{}# ({} posts, {} days)", h.tag, h.posts, h.days))
            .collect();
        let _ = writeln!(s, "  #话题# series: {}", series.join(", "));
    }
    if let Some(c) = &r.content {
        let mut kinds: Vec<(&String, &u64)> = c.type_counts.iter().collect();
        kinds.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        let kinds: Vec<String> = kinds.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            s,
            "\nContent ({}): {} posts analysed; {}",
            c.source,
            c.analysed_posts,
            kinds.join(", ")
        );
    }
    if let Some(resp) = &r.response {
        let _ = writeln!(
            s,
            "\nResponsiveness ({}): {} citizen messages, {} needed an answer, {} answered, {} official replies, backlog {}{}",
            resp.source,
            resp.citizen_messages,
            resp.needs_reply,
            resp.answered,
            resp.official_replies,
            resp.backlog(),
            match (resp.median_latency_minutes, resp.p90_latency_minutes) {
                (Some(m), Some(p)) => format!(
                    "; first response median {}, p90 {}",
                    human_minutes(m),
                    human_minutes(p)
                ),
                _ => String::new(),
            }
        );
    }
    let i = &r.indices;
    s.push_str("\nReference indices (reproductions)\n");
    let _ = writeln!(
        s,
        "  BCI 微博传播指数 {:.1}  (W1 = ln(posts+1) = {:.3}, W2 = {:.3}; posts {}, reposts {}, comments {}, likes {})",
        i.bci.bci, i.bci.w1, i.bci.w2, i.bci.posts, i.bci.reposts, i.bci.comments, i.bci.likes
    );
    for c in [&i.people_daily_style, &i.chengdu] {
        let dims = composite_formula(c);
        let _ = writeln!(
            s,
            "  {:<20} {}  ({})",
            c.name,
            match (c.value, c.partial) {
                (Some(v), _) => format!("{v:.1}"),
                (None, Some(p)) => format!("— (partial {p:.1}; missing {})", c.missing.join(", ")),
                (None, None) => "—".into(),
            },
            dims
        );
    }
    if let Some(c) = &r.coordination {
        let _ = writeln!(
            s,
            "\nCoordination: {} of {} posts repost the upper-level account {} ({:.0}%)",
            c.reposts_of_parent,
            c.posts,
            c.parent_id,
            100.0 * c.share
        );
    }
    if !r.recommendations.is_empty() {
        s.push_str("\nRecommendations 建议\n");
        for x in &r.recommendations {
            let _ = writeln!(s, "  [{}] ({}) {}", x.points, x.trigger, x.zh);
            let _ = writeln!(s, "      {}", x.en);
            let _ = writeln!(s, "      原文: 「{}」", x.quote_zh);
        }
    }
    s
}

/// `▁▂▃▅█` bars of counts (at most the last 60), "·" for zero.
fn sparkline(counts: impl Iterator<Item = u32>) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let v: Vec<u32> = counts.collect();
    let v = &v[v.len().saturating_sub(60)..];
    let max = v.iter().copied().max().unwrap_or(0).max(1) as f64;
    v.iter()
        .map(|c| {
            if *c == 0 {
                '·'
            } else {
                let i = ((*c as f64 / max) * 7.0).round() as usize;
                BARS[i.min(7)]
            }
        })
        .collect()
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The league table as text (at most `limit` rows).
pub fn league_text(r: &AuditReport, limit: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>4}  {:<28} {:<10} {:>7}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  diagnosis",
        "rank", "account", "cohort", "overall", "act", "cont", "orig", "resp", "eng", "reach"
    );
    for row in r.league.iter().take(limit) {
        let c = |k: &str| {
            row.components
                .get(k)
                .copied()
                .flatten()
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "—".into())
        };
        let name = row.name.clone().unwrap_or_else(|| row.account_id.clone());
        let name: String = name.chars().take(26).collect();
        let _ = writeln!(
            s,
            "{:>4}  {:<28} {:<10} {:>7.1}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  {}",
            row.rank,
            name,
            row.cohort,
            row.overall,
            c("activity"),
            c("content"),
            c("originality"),
            c("responsiveness"),
            c("engagement"),
            c("reach"),
            row.primary_diagnosis.as_deref().unwrap_or("")
        );
    }
    if r.league.len() > limit {
        let _ = writeln!(s, "  … {} more", r.league.len() - limit);
    }
    s
}

/// `传播力 0.3×52 + 服务力 0.35×93 + …`: a composite's weighted dimensions, as the text and HTML
/// cards both show them.
fn composite_formula(c: &crate::health::indices::Composite) -> String {
    c.dimensions
        .iter()
        .map(|d| {
            let v = d
                .value
                .map(|v| format!("{v:.0}"))
                .unwrap_or_else(|| "—".into());
            format!("{} {}×{}", d.name_zh, d.weight, v)
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The whole audit as text: a summary, the league table (when several accounts) and up to
/// `max_cards` report cards.
pub fn audit_text(r: &AuditReport, max_cards: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Audit of {} accounts · {} posts, {} comments, {} mentions · window {} → {} ({:.1} days)",
        r.accounts.len(),
        r.posts,
        r.comments,
        r.mentions,
        r.window.start.format("%Y-%m-%d"),
        r.window.end.format("%Y-%m-%d"),
        r.window.days()
    );
    let counts: Vec<String> = r
        .primary_diagnosis_counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(s, "primary diagnoses: {}", counts.join(", "));
    if !r.signal_sources.is_empty() {
        let _ = writeln!(s, "signals: {}", r.signal_sources.join("; "));
    }
    if r.accounts.len() > 1 {
        s.push('\n');
        s.push_str(&league_text(r, 30));
    }
    for a in r.accounts.iter().take(max_cards) {
        s.push('\n');
        s.push_str(&text(a));
    }
    s
}

/// The audit as pretty JSON.
pub fn json(r: &AuditReport) -> Result<String> {
    serde_json::to_string_pretty(r).map_err(|e| Error::config(format!("JSON output: {e}")))
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// SVG heatmap of posts by weekday (rows) and hour (columns), local time.
pub fn svg_heatmap(r: &AccountReport) -> String {
    let hw = &r.activity.hour_weekday;
    let max = hw.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (cw, ch, left, top) = (22.0, 20.0, 40.0, 18.0);
    let (w, h) = (left + 24.0 * cw + 4.0, top + 7.0 * ch + 4.0);
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="posts by weekday and hour"><title>posts by weekday and hour (local time)</title>"#
    );
    for hour in (0..24).step_by(3) {
        let _ = write!(
            s,
            r#"<text x="{}" y="12" font-size="10" text-anchor="middle">{hour:02}</text>"#,
            left + hour as f64 * cw + cw / 2.0
        );
    }
    for (d, row) in hw.iter().enumerate() {
        let y = top + d as f64 * ch;
        let _ = write!(
            s,
            r#"<text x="0" y="{}" font-size="10">{}</text>"#,
            y + 14.0,
            WEEKDAYS[d]
        );
        for (hour, c) in row.iter().enumerate() {
            let t = *c as f64 / max;
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{y:.1}" width="{}" height="{}" fill="#1f6feb" fill-opacity="{:.3}" stroke="#ddd"><title>{} {hour:02}:00 — {c} posts</title></rect>"##,
                left + hour as f64 * cw,
                cw - 1.0,
                ch - 1.0,
                if *c == 0 { 0.0 } else { 0.12 + 0.88 * t },
                WEEKDAYS[d]
            );
        }
    }
    s.push_str("</svg>");
    s
}

fn hbars(rows: &[(String, Option<f64>, String)], max: f64, aria: &str) -> String {
    let (rh, left, width) = (22.0, 150.0, 320.0);
    let h = rows.len() as f64 * rh + 4.0;
    let w = left + width + 60.0;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{aria}"><title>{aria}</title>"#
    );
    for (i, (label, v, tip)) in rows.iter().enumerate() {
        let y = i as f64 * rh;
        let _ = write!(
            s,
            r#"<text x="0" y="{:.1}" font-size="12">{}</text>"#,
            y + 15.0,
            esc(label)
        );
        let _ = write!(
            s,
            r##"<rect x="{left}" y="{:.1}" width="{width}" height="{}" fill="#eee"/>"##,
            y + 3.0,
            rh - 6.0
        );
        if let Some(v) = v {
            let bw = if max > 0.0 {
                (v / max).clamp(0.0, 1.0) * width
            } else {
                0.0
            };
            let _ = write!(
                s,
                r##"<rect x="{left}" y="{:.1}" width="{bw:.1}" height="{}" fill="#2da44e"><title>{}</title></rect><text x="{:.1}" y="{:.1}" font-size="12">{}</text>"##,
                y + 3.0,
                rh - 6.0,
                esc(tip),
                left + width + 6.0,
                y + 15.0,
                if v.fract() == 0.0 {
                    format!("{v:.0}")
                } else {
                    format!("{v:.1}")
                }
            );
        } else {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#888">n/a<title>{}</title></text>"##,
                left + width + 6.0,
                y + 15.0,
                esc(tip)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// SVG bars of the component scores.
pub fn svg_scores(r: &AccountReport) -> String {
    let rows: Vec<(String, Option<f64>, String)> = r
        .scores
        .components
        .iter()
        .map(|c| {
            (
                format!("{} {}", c.kind.label_zh(), c.kind.as_str()),
                c.score,
                c.explanation.clone(),
            )
        })
        .collect();
    hbars(&rows, 100.0, "component scores")
}

/// SVG bars of first-response latency (and the unanswered backlog).
pub fn svg_latency(r: &AccountReport) -> Option<String> {
    let resp = r.response.as_ref()?;
    let mut rows: Vec<(String, Option<f64>, String)> = LatencyBuckets::LABELS
        .iter()
        .zip(resp.latency.counts())
        .map(|(l, c)| (l.to_string(), Some(c as f64), format!("{c} messages")))
        .collect();
    rows.push((
        "unanswered".into(),
        Some(resp.backlog() as f64),
        format!("{} messages", resp.backlog()),
    ));
    let max = rows.iter().filter_map(|r| r.1).fold(0.0, f64::max);
    Some(hbars(&rows, max, "first-response latency"))
}

/// SVG bars of the post-type mix (post-quality types when present, else original/repost).
pub fn svg_post_types(r: &AccountReport) -> String {
    let rows: Vec<(String, Option<f64>, String)> =
        match r.content.as_ref().filter(|c| !c.type_counts.is_empty()) {
            Some(c) => c
                .type_counts
                .iter()
                .map(|(k, v)| (k.clone(), Some(*v as f64), format!("{v} posts")))
                .collect(),
            None => vec![
                (
                    "original".into(),
                    Some(r.activity.originals as f64),
                    "original posts".into(),
                ),
                (
                    "repost".into(),
                    Some(r.activity.reposts as f64),
                    "reposts".into(),
                ),
                (
                    "flag unknown".into(),
                    Some(r.activity.unknown_kind as f64),
                    "posts without a repost flag".into(),
                ),
            ],
        };
    let max = rows.iter().filter_map(|r| r.1).fold(0.0, f64::max);
    hbars(&rows, max, "post-type mix")
}

const CSS: &str = "body{font-family:system-ui,'PingFang SC','Noto Sans CJK SC',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}section.card{margin-bottom:3em}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left}.overall{font-size:2em;font-weight:bold}.diag{margin:.4em 0}.muted{color:#777}.charts{display:flex;flex-wrap:wrap;gap:1.5em}.rec{margin:.5em 0}";

/// One account's card as an HTML fragment.
pub fn card_html(r: &AccountReport) -> String {
    let mut s = String::new();
    let a = &r.activity;
    let _ = write!(
        s,
        "<section class=\"card\" id=\"a-{}\"><h2>{}</h2>",
        esc(&r.account.id),
        esc(&title(r))
    );
    let _ = write!(
        s,
        "<p><span class=\"overall\">{:.0}</span>/100 overall{} <span class=\"muted\">(components present: {:.0}% of the weight){}</span></p>",
        r.scores.overall,
        if r.scores.provisional {
            " <b>provisional</b>"
        } else {
            ""
        },
        100.0 * r.scores.weight_coverage,
        r.cohort
            .as_ref()
            .map(|c| esc(&format!(" · rank {}/{} in '{}'", c.rank, c.size, c.cohort)))
            .unwrap_or_default()
    );
    let _ = write!(
        s,
        "<p class=\"muted\">window {} → {} ({:.1} days) · followers {} · lifetime posts {} · {} posts in the window</p>",
        a.window.start.format("%Y-%m-%d %H:%M"),
        a.window.end.format("%Y-%m-%d %H:%M"),
        a.window_days,
        opt_u64(r.account.followers),
        opt_u64(r.account.lifetime_posts),
        a.posts
    );
    s.push_str("<h3>Diagnoses 诊断</h3>");
    for d in &r.diagnoses.found {
        let _ = write!(
            s,
            "<div class=\"diag\"><b>{} {}</b>{} — {}",
            esc(d.kind.as_str()),
            d.kind.label_zh(),
            d.level
                .map(|l| format!(" [{}]", l.as_str()))
                .unwrap_or_default(),
            esc(&d.summary)
        );
        for n in &d.evidence.notes {
            let _ = write!(s, "<br><span class=\"muted\">{}</span>", esc(n));
        }
        if !d.evidence.post_ids.is_empty() {
            let _ = write!(
                s,
                "<br><span class=\"muted\">posts: {}</span>",
                esc(&d.evidence.post_ids.join(", "))
            );
        }
        if !d.evidence.message_ids.is_empty() {
            let _ = write!(
                s,
                "<br><span class=\"muted\">messages: {}</span>",
                esc(&d.evidence.message_ids.join(", "))
            );
        }
        s.push_str("</div>");
    }
    for n in &r.diagnoses.not_evaluated {
        let _ = write!(
            s,
            "<div class=\"diag muted\">not evaluable: {} ({})</div>",
            esc(n.kind.as_str()),
            esc(&n.reason)
        );
    }
    s.push_str("<div class=\"charts\"><div><h3>Scores 分项得分</h3>");
    s.push_str(&svg_scores(r));
    s.push_str("</div><div><h3>Post types 发布类型</h3>");
    s.push_str(&svg_post_types(r));
    s.push_str("</div><div><h3>When it posts 发布时间 (local)</h3>");
    s.push_str(&svg_heatmap(r));
    s.push_str("</div>");
    if let Some(l) = svg_latency(r) {
        s.push_str("<div><h3>First-response latency 回应时效</h3>");
        s.push_str(&l);
        s.push_str("</div>");
    }
    s.push_str("</div><h3>How each score came about</h3><table><tr><th>component</th><th>score</th><th>weight</th><th>explanation</th></tr>");
    for c in &r.scores.components {
        let _ = write!(
            s,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.kind.label_zh(),
            c.kind.as_str(),
            c.score
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| "—".into()),
            c.weight,
            esc(&c.explanation)
        );
    }
    s.push_str("</table>");
    let i = &r.indices;
    let _ = write!(
        s,
        "<h3>Reference indices (reproductions)</h3><table><tr><td>BCI 微博传播指数</td><td>{:.1}</td><td>(0.2·W1 + 0.8·W2)·160; W1 = {:.3}, W2 = {:.3}</td></tr>",
        i.bci.bci, i.bci.w1, i.bci.w2
    );
    for c in [&i.people_daily_style, &i.chengdu] {
        let dims = composite_formula(c);
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.name),
            match (c.value, c.partial) {
                (Some(v), _) => format!("{v:.1}"),
                (None, Some(p)) => format!("— (partial {p:.1})"),
                _ => "—".into(),
            },
            esc(&dims)
        );
    }
    s.push_str("</table>");
    if !r.recommendations.is_empty() {
        s.push_str("<h3>Recommendations 建议</h3>");
        for x in &r.recommendations {
            let _ = write!(
                s,
                "<div class=\"rec\"><b>[{}]</b> {}<br>{}<br><span class=\"muted\">原文「{}」 · trigger: {}</span></div>",
                esc(&x.points),
                esc(&x.zh),
                esc(&x.en),
                esc(&x.quote_zh),
                esc(&x.trigger)
            );
        }
    }
    s.push_str("</section>");
    s
}

/// A self-contained HTML page: summary, league table, and up to `max_cards` report cards.
pub fn html(r: &AuditReport, max_cards: usize) -> String {
    let mut s = String::from(
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>Zhengwu audit 政务微博体检</title><style>",
    );
    s.push_str(CSS);
    s.push_str("</style></head><body><h1>Zhengwu audit 政务微博体检</h1>");
    let _ = write!(
        s,
        "<p>{} accounts · {} posts · {} comments · {} mentions · window {} → {} ({:.1} days)</p>",
        r.accounts.len(),
        r.posts,
        r.comments,
        r.mentions,
        r.window.start.format("%Y-%m-%d"),
        r.window.end.format("%Y-%m-%d"),
        r.window.days()
    );
    if r.accounts.len() > 1 {
        s.push_str("<h2>League table 排行</h2><table><tr><th>rank</th><th>account</th><th>cohort</th><th>overall</th><th>diagnosis</th></tr>");
        for row in r.league.iter().take(200) {
            let _ = write!(
                s,
                "<tr><td>{}</td><td><a href=\"#a-{}\">{}</a></td><td>{}</td><td>{:.1}</td><td>{}</td></tr>",
                row.rank,
                esc(&row.account_id),
                esc(row.name.as_deref().unwrap_or(&row.account_id)),
                esc(&row.cohort),
                row.overall,
                esc(row.primary_diagnosis.as_deref().unwrap_or(""))
            );
        }
        s.push_str("</table>");
    }
    for a in r.accounts.iter().take(max_cards) {
        s.push_str(&card_html(a));
    }
    s.push_str("</body></html>\n");
    s
}
