//! Property tests of the invariants the BRIEF promises (issue 8), on random datasets built from
//! realistic texts, and on random corruptions of the real files in `../shared/data`:
//! - every score is bounded, finite and deterministic (health, quality, message classes);
//! - the audit does not depend on the order of its input, as the streaming `Auditor` and the
//!   activity accumulator document ("push … any order");
//! - monotonicity: one more official reply never lowers responsiveness; one more recent
//!   original post never raises days-since-last-post (nor lowers the activity score); one more
//!   trivia post never raises content quality (with the real post-quality analysis deciding
//!   what is trivia);
//! - lenient ingestion accounts for every record (`read + rejected == seen`) under truncated
//!   lines, flipped bytes and dropped columns.
//!
//! `core/tests/health_properties.rs` holds the health helper's narrower versions (one post, the
//! score functions alone); these run the whole pipeline.

use std::sync::OnceLock;

use chrono::{DateTime, Duration};
use proptest::prelude::*;
use zhengwu::health::activity::activity;
use zhengwu::health::scores::ComponentKind;
use zhengwu::health::{AuditConfig, AuditReport, Auditor, PostContent, Window, audit};
use zhengwu::interaction::{MessageConfig, classify_message};
use zhengwu::quality::{QualityConfig, analyze_post};
use zhengwu::read::{Format, Mode, ReadOptions, read_bytes};
use zhengwu::testdata::shared_file;
use zhengwu::{Account, Comment, Dataset, Post, Timestamp};

fn t0() -> Timestamp {
    DateTime::parse_from_rfc3339("2024-11-01T08:00:00+08:00").expect("t0")
}

/// Post texts of every kind the analyses tell apart, plus hostile ones.
const POST_TEXTS: &[&str] = &[
    "【提醒】#消费维权# 市民朋友们，发现过期食品请拨打12315举报，地址：人民路1号，工作日9:00-17:00。",
    "我局召开专题会议，认真贯彻落实上级精神，高度重视，切实加强，扎实推进，取得明显成效。",
    "早上好呀[哈哈] 今天的早餐是豆浆油条哦～",
    "转发微博 //@某市发布: 明天停水，请提前储水",
    "【辟谣】网传我市出现疫情系谣言，请勿转发。",
    "#你问我答# 社保卡丢了怎么补办？答：携带身份证到就近网点办理。",
    "請問在哪裡辦理？市場監管局回覆：請撥打12315。",
    "👨\u{200d}👩\u{200d}👧 周末愉快\u{200b}！",
    "",
];

/// Citizen messages: questions, complaints, praise, noise.
const MESSAGES: &[&str] = &[
    "请问周末上班吗？",
    "投诉！小区门口的垃圾三天没人清理了",
    "谢谢，点赞👍",
    "建议增加夜间办理窗口",
    "就这？呵呵",
    "哈哈哈",
    "\u{200b}",
];

/// (account, minute offset, text, repost flag, likes)
type PostSpec = (usize, u32, usize, Option<bool>, Option<u64>);
/// (post, minutes after it, message text, citizen author)
type MsgSpec = (usize, u32, usize, u8);
/// (message, delay minutes, by parent pointer (else 回复@name))
type ReplySpec = (usize, u32, bool);

const ACCOUNTS: usize = 3;
const WINDOW_MINUTES: u32 = 60 * 24 * 45;

fn account_id(i: usize) -> String {
    format!("gov{i}")
}

fn account_name(i: usize) -> String {
    format!("某市第{i}局")
}

fn dataset(
    posts: &[PostSpec],
    msgs: &[MsgSpec],
    replies: &[ReplySpec],
    followers: &[Option<u64>],
) -> Dataset {
    let mut d = Dataset::default();
    for i in 0..ACCOUNTS {
        d.accounts.push(Account {
            id: account_id(i),
            name: Some(account_name(i)),
            followers: followers.get(i).copied().flatten(),
            verified_type: Some(1),
            ..Account::default()
        });
    }
    for (i, (acc, off, text, repost, likes)) in posts.iter().enumerate() {
        let mut p = Post::new(
            format!("p{i}"),
            account_id(acc % ACCOUNTS),
            t0() + Duration::minutes(*off as i64),
            POST_TEXTS[text % POST_TEXTS.len()],
        );
        p.account_name = Some(account_name(acc % ACCOUNTS));
        p.is_repost = *repost;
        p.likes = *likes;
        d.posts.push(p);
    }
    if d.posts.is_empty() {
        return d;
    }
    for (j, (post, after, text, author)) in msgs.iter().enumerate() {
        let p = &d.posts[post % d.posts.len()];
        let mut c = Comment::new(
            format!("c{j}"),
            p.id.clone(),
            format!("u{author}"),
            p.created_at + Duration::minutes(*after as i64),
            MESSAGES[text % MESSAGES.len()],
        );
        c.author_name = Some(format!("网友{author}"));
        d.comments.push(c);
    }
    let n_msgs = d.comments.len();
    for (k, (msg, delay, by_parent)) in replies.iter().enumerate() {
        if n_msgs == 0 {
            break;
        }
        let m = d.comments[msg % n_msgs].clone();
        let owner = d
            .posts
            .iter()
            .find(|p| p.id == m.post_id)
            .map(|p| p.account_id.clone())
            .unwrap_or_default();
        let name = d
            .accounts
            .iter()
            .find(|a| a.id == owner)
            .and_then(|a| a.name.clone());
        let at = m.created_at + Duration::minutes(*delay as i64);
        let text = if *by_parent {
            "您好，可在线办理，详询12345".to_string()
        } else {
            format!(
                "回复@{}:您好，可在线办理",
                m.author_name.clone().unwrap_or_default()
            )
        };
        let mut c = Comment::new(format!("r{k}"), m.post_id.clone(), owner, at, text);
        if *by_parent {
            c.parent_id = Some(m.id.clone());
        }
        c.author_name = name;
        d.comments.push(c);
    }
    d
}

fn post_spec() -> impl Strategy<Value = PostSpec> {
    (
        0..ACCOUNTS,
        0..WINDOW_MINUTES,
        0..POST_TEXTS.len(),
        prop::option::of(any::<bool>()),
        prop::option::of(prop_oneof![0u64..10_000, Just(u64::MAX)]),
    )
}

fn msg_spec() -> impl Strategy<Value = MsgSpec> {
    (0usize..64, 0u32..3000, 0..MESSAGES.len(), 0u8..8)
}

fn reply_spec() -> impl Strategy<Value = ReplySpec> {
    (0usize..64, 0u32..6000, any::<bool>())
}

fn followers() -> impl Strategy<Value = Vec<Option<u64>>> {
    prop::collection::vec(
        prop::option::of(prop_oneof![0u64..10_000_000, Just(u64::MAX)]),
        ACCOUNTS,
    )
}

fn window() -> Window {
    Window {
        start: t0(),
        end: t0() + Duration::minutes(WINDOW_MINUTES as i64),
    }
}

fn fixed_window() -> AuditConfig {
    AuditConfig {
        window: Some(window()),
        ..AuditConfig::default()
    }
}

fn check_bounded(r: &AuditReport) -> Result<(), TestCaseError> {
    for acc in &r.accounts {
        let s = &acc.scores;
        prop_assert!(
            s.overall.is_finite() && (0.0..=100.0).contains(&s.overall),
            "{s:?}"
        );
        prop_assert!((0.0..=1.0).contains(&s.weight_coverage), "{s:?}");
        for c in &s.components {
            if let Some(x) = c.score {
                prop_assert!(x.is_finite() && (0.0..=100.0).contains(&x), "{c:?}");
            }
            for (k, v) in &c.inputs {
                prop_assert!(!v.is_nan(), "{:?} input {k} is NaN", c.kind);
            }
        }
        if let Some(p) = &acc.cohort {
            prop_assert!((0.0..=100.0).contains(&p.overall_percentile), "{p:?}");
        }
    }
    Ok(())
}

/// The per-account figures that must not depend on input order (evidence lists keep "the
/// first ones seen" and may differ).
/// (account, component scores × 10⁶, diagnoses, posts, originals)
type AccountView = (String, Vec<Option<i64>>, Vec<String>, u64, u64);

fn order_free_view(r: &AuditReport) -> Vec<AccountView> {
    let mut v: Vec<_> = r
        .accounts
        .iter()
        .map(|a| {
            (
                a.account.id.clone(),
                ComponentKind::ALL
                    .iter()
                    // Compared to 1e-6: sums may add in another order.
                    .map(|k| a.scores.get(*k).map(|x| (x * 1e6).round() as i64))
                    .collect(),
                a.diagnoses
                    .found
                    .iter()
                    .map(|d| format!("{:?}", d.kind))
                    .collect(),
                a.activity.posts,
                a.activity.originals,
            )
        })
        .collect();
    v.sort();
    v
}

fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}

fn responsiveness_of(r: &AuditReport) -> Vec<Option<f64>> {
    (0..ACCOUNTS)
        .map(|i| {
            r.account(&account_id(i))
                .and_then(|a| a.scores.get(ComponentKind::Responsiveness))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn audit_scores_are_bounded_finite_and_deterministic(
        posts in prop::collection::vec(post_spec(), 1..25),
        msgs in prop::collection::vec(msg_spec(), 0..30),
        replies in prop::collection::vec(reply_spec(), 0..15),
        followers in followers(),
        run_interaction in any::<bool>(),
    ) {
        let d = dataset(&posts, &msgs, &replies, &followers);
        let cfg = AuditConfig { run_interaction, ..AuditConfig::default() };
        let a = audit(&d, &cfg).expect("audit");
        check_bounded(&a)?;
        let b = audit(&d, &cfg).expect("audit again");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn audit_does_not_depend_on_input_order(
        posts in prop::collection::vec(post_spec(), 1..25),
        msgs in prop::collection::vec(msg_spec(), 0..30),
        replies in prop::collection::vec(reply_spec(), 0..15),
        followers in followers(),
        seed in any::<u64>(),
        run_interaction in any::<bool>(),
    ) {
        let d = dataset(&posts, &msgs, &replies, &followers);
        let mut s = d.clone();
        shuffle(&mut s.posts, seed);
        shuffle(&mut s.comments, seed ^ 0x9e37_79b9);
        shuffle(&mut s.accounts, seed.rotate_left(17));
        let cfg = AuditConfig { run_interaction, ..fixed_window() };
        let a = audit(&d, &cfg).expect("audit");
        let b = audit(&s, &cfg).expect("audit shuffled");
        prop_assert_eq!(order_free_view(&a), order_free_view(&b));
    }

    #[test]
    fn one_more_official_reply_never_lowers_responsiveness_of_any_account(
        posts in prop::collection::vec(post_spec(), 1..12),
        msgs in prop::collection::vec(msg_spec(), 1..30),
        replies in prop::collection::vec(reply_spec(), 0..15),
        extra in reply_spec(),
        run_interaction in any::<bool>(),
    ) {
        let cfg = AuditConfig { run_interaction, ..fixed_window() };
        let f = vec![Some(10_000); ACCOUNTS];
        let before = responsiveness_of(&audit(&dataset(&posts, &msgs, &replies, &f), &cfg).expect("audit"));
        let mut more = replies.clone();
        more.push(extra);
        let after = responsiveness_of(&audit(&dataset(&posts, &msgs, &more, &f), &cfg).expect("audit"));
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            match (b, a) {
                (Some(b), Some(a)) => prop_assert!(*a >= b - 1e-9, "gov{i}: {b} -> {a}"),
                (None, None) => {}
                (b, a) => prop_assert!(false, "gov{i}: availability changed {b:?} -> {a:?}"),
            }
        }
    }

    #[test]
    fn one_more_recent_original_post_never_raises_days_since_last_post(
        posts in prop::collection::vec(post_spec(), 0..25),
        at in 0..WINDOW_MINUTES,
    ) {
        let d = dataset(&posts, &[], &[], &[]);
        let mine: Vec<&Post> = d.posts.iter().filter(|p| p.account_id == "gov0").collect();
        let cfg = zhengwu::health::ActivityConfig::default();
        let before = activity(mine.iter().copied(), window(), None, &cfg);
        let mut extra = Post::new("extra", "gov0", t0() + Duration::minutes(at as i64), POST_TEXTS[0]);
        extra.is_repost = Some(false);
        let after = activity(mine.iter().copied().chain([&extra]), window(), None, &cfg);
        let le = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => a <= b + 1e-9,
            (Some(_), None) => true, // from "never posted" to a number
            (None, _) => false,      // a post always gives a last post
        };
        prop_assert!(le(after.days_since_last_post, before.days_since_last_post),
            "{:?} -> {:?}", before.days_since_last_post, after.days_since_last_post);
        prop_assert!(le(after.days_since_last_original, before.days_since_last_original),
            "{:?} -> {:?}", before.days_since_last_original, after.days_since_last_original);
        prop_assert!(after.original_silence_at_least_days <= before.original_silence_at_least_days + 1e-9);

        // And through the whole audit, with the window fixed: the activity score never drops.
        let mut more = d.clone();
        more.posts.push(extra);
        let score = |d: &Dataset| audit(d, &fixed_window()).ok()
            .and_then(|r| r.account("gov0").and_then(|a| a.scores.get(ComponentKind::Activity)));
        if let (Some(b), Some(a)) = (score(&d), score(&more)) {
            prop_assert!(a >= b - 1e-9, "activity {b} -> {a}");
        }
    }

    #[test]
    fn one_more_trivia_post_never_raises_content_quality(
        texts in prop::collection::vec(0..POST_TEXTS.len(), 1..15),
        trivia_text in prop::sample::select(vec![
            "早上好呀[哈哈] 今天的早餐是豆浆油条哦～",
            "晚安，好梦[月亮]",
            "周末愉快！今天教大家做红烧肉：五花肉切块，冰糖炒色，小火慢炖一小时～",
        ]),
    ) {
        // The real post-quality analysis decides type, trivia, livelihood and officialese.
        let qcfg = QualityConfig::default();
        let judge = |id: &str, text: &str| {
            let mut p = Post::new(id, "gov0", t0(), text);
            p.is_repost = Some(false);
            let q = analyze_post(&p, &qcfg);
            (p, PostContent {
                post_id: id.to_string(),
                kind: q.post_type.kind.as_str().to_string(),
                trivia: q.trivia.is_trivia,
                livelihood: q.livelihood.score,
                officialese: q.officialese.score,
                duplicate: false,
            })
        };
        let judged: Vec<_> = texts.iter().enumerate()
            .map(|(i, t)| judge(&format!("p{i}"), POST_TEXTS[*t])).collect();
        let (extra_post, extra) = judge("extra", trivia_text);
        prop_assert!(extra.trivia, "the quality analysis must call {trivia_text:?} trivia");
        let content = |items: &[&(Post, PostContent)]| {
            let mut a = Auditor::new(fixed_window()).expect("auditor");
            for (p, c) in items {
                a.push_post(p);
                a.push_content("gov0", c, "zhengwu::quality");
            }
            a.finish().expect("finish").account("gov0")
                .and_then(|r| r.scores.get(ComponentKind::Content))
        };
        let refs: Vec<&(Post, PostContent)> = judged.iter().collect();
        let before = content(&refs);
        let extra_item = (extra_post, extra);
        let mut with = refs.clone();
        with.push(&extra_item);
        let after = content(&with).expect("analysed posts > 0");
        prop_assert!((0.0..=100.0).contains(&after));
        if let Some(b) = before {
            prop_assert!(after <= b + 1e-9, "{b} -> {after}");
        }
    }

    #[test]
    fn post_quality_and_message_classes_are_bounded_and_deterministic(
        text in prop::sample::select(POST_TEXTS.to_vec()),
        noise in "\\PC{0,40}",
        msg in prop::sample::select(MESSAGES.to_vec()),
    ) {
        let full = format!("{text}{noise}");
        let p = Post::new("p", "gov0", t0(), full.as_str());
        let cfg = QualityConfig::default();
        let q = analyze_post(&p, &cfg);
        prop_assert_eq!(&q, &analyze_post(&p, &cfg));
        for x in [q.livelihood.score, q.officialese.score, q.plain_language.score] {
            prop_assert!(x.is_finite() && (0.0..=1.0).contains(&x), "{q:?}");
        }
        prop_assert!((-1.0..=1.0).contains(&q.audience.score));
        let m = classify_message(&format!("{msg}{noise}"), &MessageConfig::default()).expect("classify");
        prop_assert!(m.sentiment_score.is_finite() && (-1.0..=1.0).contains(&m.sentiment_score));
    }
}

// --- lenient ingestion under corruption of the real files ---------------------------------------

/// A real file's first lines, loaded once: (relative path, format, preset, header line or "",
/// data lines).
struct RealSample {
    name: &'static str,
    format: Format,
    preset: Option<&'static str>,
    header: Option<Vec<u8>>,
    lines: Vec<Vec<u8>>,
}

const REAL_FILES: &[(&str, Format, Option<&str>)] = &[
    (
        "cctv-news-weibo-timeline-2020/timeline.csv",
        Format::Csv,
        None,
    ),
    (
        "gqt-weibo-timeline-comments-2020-01/comments.csv",
        Format::Csv,
        None,
    ),
    (
        "weibo-accounts-activity-2024-11/accounts.csv",
        Format::Csv,
        None,
    ),
    (
        "weibo-accounts-activity-2024-11/posts.jsonl",
        Format::MappedJson,
        None,
    ),
    (
        "ced-weibo-rumor-threads/reposts_subset.jsonl",
        Format::MappedJson,
        Some("ced-threads"),
    ),
    (
        "ced-weibo-rumor-threads/originals.jsonl",
        Format::MappedJson,
        Some("ced-originals"),
    ),
];

/// Lines loaded per file (the sample of each case is cut from these).
const LOADED_LINES: usize = 3000;

fn real_samples() -> &'static [RealSample] {
    static SAMPLES: OnceLock<Vec<RealSample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let mut out = Vec::new();
        for (rel, format, preset) in REAL_FILES {
            let Some(path) = shared_file(rel, "lenient ingestion under corruption") else {
                continue;
            };
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            // Split on physical lines (a CSV record with a quoted newline spans two: cutting
            // there is one more corruption, and welcome).
            let mut lines: Vec<Vec<u8>> = bytes
                .split(|b| *b == b'\n')
                .take(LOADED_LINES + 1)
                .map(|l| {
                    let mut l = l.to_vec();
                    l.push(b'\n');
                    l
                })
                .collect();
            let header = (*format == Format::Csv).then(|| lines.remove(0));
            out.push(RealSample {
                name: rel,
                format: *format,
                preset: *preset,
                header,
                lines,
            });
        }
        out
    })
}

#[derive(Debug, Clone)]
enum Corruption {
    /// Cut the line at a fraction of its length (the newline stays, or goes at the end).
    Truncate(usize, f64),
    /// Replace one byte by another (any value: breaks UTF-8, quotes, JSON).
    Flip(usize, f64, u8),
    /// Remove one comma-separated column (CSV) or one `"key": value` pair's start (JSON).
    DropColumn(usize, usize),
    /// Remove the final newline of the sample (a truncated file).
    DropLastNewline,
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        (any::<usize>(), 0.0f64..1.0).prop_map(|(l, f)| Corruption::Truncate(l, f)),
        (any::<usize>(), 0.0f64..1.0, any::<u8>()).prop_map(|(l, f, b)| Corruption::Flip(l, f, b)),
        (any::<usize>(), 0usize..16).prop_map(|(l, c)| Corruption::DropColumn(l, c)),
        Just(Corruption::DropLastNewline),
    ]
}

fn corrupt(lines: &mut [Vec<u8>], c: &Corruption) {
    if lines.is_empty() {
        return;
    }
    let n = lines.len();
    match *c {
        Corruption::Truncate(l, f) => {
            let line = &mut lines[l % n];
            let keep = (line.len() as f64 * f) as usize;
            line.truncate(keep);
            line.push(b'\n');
        }
        Corruption::Flip(l, f, b) => {
            let line = &mut lines[l % n];
            if !line.is_empty() {
                let at = ((line.len() as f64 * f) as usize).min(line.len() - 1);
                line[at] = b;
            }
        }
        Corruption::DropColumn(l, col) => {
            let line = &mut lines[l % n];
            let commas: Vec<usize> = line
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b',')
                .map(|(i, _)| i)
                .collect();
            if commas.len() > col {
                let start = if col == 0 { 0 } else { commas[col - 1] + 1 };
                let end = commas[col] + 1;
                line.drain(start..end);
            }
        }
        Corruption::DropLastNewline => {
            if let Some(last) = lines.last_mut() {
                if last.last() == Some(&b'\n') {
                    last.pop();
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn lenient_ingestion_accounts_for_every_record_under_corruption(
        file in any::<prop::sample::Index>(),
        start in 0usize..LOADED_LINES,
        len in 50usize..300,
        corruptions in prop::collection::vec(corruption(), 0..25),
        corrupt_header in any::<bool>(),
    ) {
        let samples = real_samples();
        if samples.is_empty() {
            return Ok(()); // SKIP notice printed by shared_file
        }
        let s = file.get(samples);
        let from = start.min(s.lines.len().saturating_sub(1));
        let to = (from + len).min(s.lines.len());
        let mut lines: Vec<Vec<u8>> = s.lines[from..to].to_vec();
        for c in &corruptions {
            corrupt(&mut lines, c);
        }
        let mut input = Vec::new();
        if let Some(h) = &s.header {
            let mut h = vec![h.clone()];
            if corrupt_header {
                if let Some(c) = corruptions.first() {
                    corrupt(&mut h, c);
                }
            }
            input.extend_from_slice(&h[0]);
        }
        for l in &lines {
            input.extend_from_slice(l);
        }
        let opts = ReadOptions {
            format: Some(s.format),
            mode: Mode::Lenient,
            preset: s.preset.map(str::to_string),
            source: s.name.to_string(),
            ..ReadOptions::default()
        };
        let (data, report) = read_bytes(&input, &opts).expect("lenient reads of lines never fail");
        prop_assert!(report.balanced(), "{}: {report:?}", s.name);
        let records = (data.accounts.len() + data.posts.len() + data.comments.len() + data.mentions.len()) as u64;
        prop_assert_eq!(records, report.read + report.derived, "{}", s.name);
        prop_assert_eq!(report.reasons.values().sum::<u64>(), report.rejected);
        if s.format != Format::Csv {
            // One JSON object per non-blank line: every line is seen.
            let non_blank = input
                .split(|b| *b == b'\n')
                .filter(|l| !l.trim_ascii().is_empty())
                .count() as u64;
            prop_assert_eq!(report.seen, non_blank, "{}", s.name);
        }
        // Strict mode fails exactly when lenient mode rejected something.
        let strict = ReadOptions { mode: Mode::Strict, ..opts };
        prop_assert_eq!(read_bytes(&input, &strict).is_err(), report.rejected > 0, "{}", s.name);
    }
}
