//! Memory of the streaming crisis detector over a long stream: pushes N messages (default 10
//! million; one every 3 s, ~1 year, with a negative burst every ~10 days) and prints, every
//! million, the process's resident and peak memory (Linux `/proc/self/status`) and the
//! detector's serialised size. Flat numbers = memory independent of history length.
//!
//! `cargo run --release --example crisis_memory -- [N]`

use chrono::{DateTime, Duration};
use zhengwu::interaction::crisis::{CrisisAlert, CrisisConfig, CrisisDetector, CrisisMessage};

fn status_kib(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00+08:00").expect("time");
    let mut d = CrisisDetector::new(CrisisConfig::default());
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut onsets = 0u64;
    let mut ended = 0u64;
    let mut msg = CrisisMessage {
        id: String::new(),
        created_at: start,
        negative: false,
        official: false,
    };
    println!("messages\trss_kib\tpeak_rss_kib\tdetector_json_bytes\tonsets\tepisodes_ended");
    for i in 0..n {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let t = start + Duration::seconds(i as i64 * 3);
        // A burst: for 2 hours every 10 days, 60% of messages are negative, else 10%.
        let in_burst = (i * 3) % (10 * 86_400) < 7_200;
        let p = if in_burst { 60 } else { 10 };
        msg.id.clear();
        msg.id.push_str(&i.to_string());
        msg.created_at = t;
        msg.negative = rng % 100 < p;
        msg.official = rng % 1000 == 7;
        for a in d.push(&msg) {
            match a {
                CrisisAlert::Onset { .. } => onsets += 1,
                CrisisAlert::Ended(_) => ended += 1,
                CrisisAlert::Responded { .. } => {}
            }
        }
        if (i + 1) % 1_000_000 == 0 || i + 1 == n {
            let size = serde_json::to_string(&d).map(|s| s.len()).unwrap_or(0);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                status_kib("VmRSS:").unwrap_or(0),
                status_kib("VmHWM:").unwrap_or(0),
                size,
                onsets,
                ended
            );
        }
    }
}
