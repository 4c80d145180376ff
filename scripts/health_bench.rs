//! Benchmark of the streaming audit: 1,000,000 posts and 10,000,000 comments (generated on the
//! fly, never held in memory) pushed through `health::Auditor`; reports wall time and peak RSS
//! and writes `docs/performance/health.md`.
//!
//! `cargo run --release -p zhengwu --example health_bench [-- POSTS COMMENTS_PER_POST ACCOUNTS] [--no-quality]`
//! (defaults 1000000 10 1000; `--no-quality` skips the post-quality pass). Linux only for the
//! peak-memory figure (`VmHWM`).

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{DateTime, Duration};
use zhengwu::health::{AuditConfig, Auditor, report};
use zhengwu::{Account, AdminLevel, Comment, Post, RepostOf};

const ASKS: [&str; 4] = [
    "请问营业执照在哪里办理？",
    "投诉：学校门口小卖部卖过期食品，没人管吗",
    "这个政策什么时候开始执行",
    "举报一家无证经营的餐馆",
];
const OTHER: [&str; 4] = ["支持！", "点赞[赞]", "辛苦了", "转发让更多人知道"];
const POSTS: [&str; 4] = [
    "#消费维权# 节假日购物请保留小票，遇到问题拨打12315。",
    "【提示】本周六起，政务服务中心延长办理时间至18:00。",
    "我局召开全体干部大会，认真贯彻落实上级部署。",
    "#食品安全# 夏季食品储存小常识，您知道几条？",
];

/// SplitMix64.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// User + system CPU seconds of this process (Linux `/proc/self/stat`, 100 ticks/s).
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "n/a".into())
}

fn main() {
    let quality = !std::env::args().any(|a| a == "--no-quality");
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_posts = args.first().copied().unwrap_or(1_000_000);
    let per_post = args.get(1).copied().unwrap_or(10);
    let n_accounts = args.get(2).copied().unwrap_or(1_000).max(1);
    let t0 = DateTime::parse_from_rfc3339("2024-01-01T00:00:00+08:00").expect("t0");
    let start = Instant::now();
    let mut rng = Rng(2014);
    let cfg = AuditConfig {
        run_quality: quality,
        ..AuditConfig::default()
    };
    let mut a = Auditor::new(cfg).expect("config");
    for i in 0..n_accounts {
        a.push_account(&Account {
            id: format!("acc{i}"),
            name: Some(format!("示例账号{i}")),
            admin_level: Some(match i % 4 {
                0 => AdminLevel::City,
                1 => AdminLevel::County,
                2 => AdminLevel::Station,
                _ => AdminLevel::Province,
            }),
            parent_id: (i >= 10).then(|| format!("acc{}", i % 10)),
            followers: Some(100 + rng.below(1_000_000)),
            lifetime_posts: Some(1_000 + rng.below(50_000)),
            verified_type: Some(1),
            ..Account::default()
        });
    }
    // Posts: spread over a year; 20% reposts (half of them of the parent account).
    let window_minutes = 365 * 24 * 60;
    let mut post = Post::new("", "", t0, "");
    for p in 0..n_posts {
        let acc = owner_index(p, n_accounts);
        post.id = format!("p{p}");
        post.account_id = format!("acc{acc}");
        post.created_at = t0 + Duration::minutes(rng.below(window_minutes) as i64);
        post.text = POSTS[rng.below(4) as usize].to_string();
        post.hashtags.clear();
        if rng.below(5) == 0 {
            post.is_repost = Some(true);
            post.repost_of = Some(RepostOf {
                author_id: Some(format!("acc{}", acc % 10)),
                ..RepostOf::default()
            });
        } else {
            post.is_repost = Some(false);
            post.repost_of = None;
        }
        post.reposts = Some(rng.below(50));
        post.comments = Some(per_post);
        post.likes = Some(rng.below(500));
        a.push_post(&post);
    }
    let after_posts = start.elapsed().as_secs_f64();
    // Comments: `per_post` per post; 30% ask; the account answers 40% of those (by parent id
    // or 回复@name), 1 minute to 3 days later.
    let mut n_comments = 0u64;
    let mut c = Comment::new("", "", "", t0, "");
    for p in 0..n_posts {
        // Comment times start at a fresh random time: they need not follow the post's.
        let post_id = format!("p{p}");
        let base = t0 + Duration::minutes(rng.below(window_minutes) as i64);
        for k in 0..per_post {
            let asks = rng.below(10) < 3;
            c.id = format!("c{p}_{k}");
            c.post_id.clone_from(&post_id);
            c.author_id = format!("u{}", rng.below(5_000_000));
            c.author_name = Some(format!("网友{}", c.author_id));
            c.parent_id = None;
            c.created_at = base + Duration::minutes(k as i64);
            c.text = if asks {
                ASKS[rng.below(4) as usize]
            } else {
                OTHER[rng.below(4) as usize]
            }
            .to_string();
            a.push_comment(&c);
            n_comments += 1;
            if asks && rng.below(10) < 4 {
                // The official reply, by the post's owner.
                let owner = format!("acc{}", owner_index(p, n_accounts));
                let by_parent = rng.below(2) == 0;
                let reply = Comment {
                    id: format!("r{p}_{k}"),
                    post_id: post_id.clone(),
                    parent_id: by_parent.then(|| c.id.clone()),
                    author_id: owner,
                    author_name: None,
                    created_at: c.created_at + Duration::minutes(1 + rng.below(3 * 24 * 60) as i64),
                    text: if by_parent {
                        "您好，已转交相关科室处理。".to_string()
                    } else {
                        format!(
                            "回复@{}:您好，请拨打12345咨询。",
                            c.author_name.as_deref().unwrap_or("")
                        )
                    },
                    likes: None,
                };
                a.push_comment(&reply);
                n_comments += 1;
            }
        }
    }
    let after_comments = start.elapsed().as_secs_f64();
    let r = a.finish().expect("finish");
    let total = start.elapsed().as_secs_f64();
    let rss = peak_rss_mib();
    let cpu = cpu_seconds();
    let load = load_average();
    let answered: u64 = r
        .accounts
        .iter()
        .filter_map(|x| x.response.as_ref())
        .map(|x| x.answered)
        .sum();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Account-health audit benchmark\n\nGenerated by `cargo run --release -p zhengwu --example health_bench` (script `scripts/health_bench.rs`) on this 2-core machine, shared with other builds. Posts and comments are generated on the fly and streamed through `health::Auditor` (never collected into a `Dataset`). Content: {}. Responsiveness: the streaming basic derivation (`health::response`), not the per-account `interaction::analyze` that `health::audit(&Dataset)` runs (that one needs the comments in memory).\n\n| input | value |\n|---|---:|\n| accounts | {} |\n| posts | {} |\n| comments (citizen + official replies) | {} |\n| answered messages found | {} |\n\n| phase | seconds (cumulative) |\n|---|---:|\n| posts pushed | {after_posts:.1} |\n| comments pushed | {after_comments:.1} |\n| finish (scores, diagnoses, cohorts, league) | {total:.1} |\n\nPeak resident memory (VmHWM): **{}**. CPU time (user + system, both cores): {}. Load average at the end: {load} on 2 cores (other developers' builds share the machine, so wall time overstates our cost). Target: < 60 s wall and < 2 GB.\n",
        if quality {
            "the post-quality analysis (`zhengwu::quality`, jieba-rs segmentation, lexicons, post type) on every original post, in batches of 4,096 across both cores"
        } else {
            "not analysed (`--no-quality`)"
        },
        r.accounts.len(),
        r.posts,
        n_comments,
        answered,
        rss.map(|m| format!("{m:.0} MiB"))
            .unwrap_or_else(|| "n/a (not Linux)".into()),
        cpu.map(|c| format!("{c:.1} s"))
            .unwrap_or_else(|| "n/a".into())
    );
    let _ = writeln!(
        md,
        "Primary diagnoses: {:?}\n\nFirst lines of the league table:\n\n```text\n{}```",
        r.primary_diagnosis_counts,
        report::league_text(&r, 5)
    );
    println!("{md}");
    if n_posts == 1_000_000 && per_post == 10 {
        let name = if quality {
            "health.md"
        } else {
            "health-no-quality.md"
        };
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/performance")
            .join(name);
        std::fs::write(out, md).expect("write docs/performance");
    }
}

/// The account of post `p`: a fixed mix of the index, so comments can name the owner without
/// the benchmark storing a post → account table.
fn owner_index(p: u64, n_accounts: u64) -> u64 {
    (p.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 17) % n_accounts
}
