//! Reads the real third-party files in `../shared/data` in place and checks exact record
//! counts (from each folder's SOURCE.md), zero rejects, and spot-checked values.
//! Skips with a printed notice when the data is absent (a fresh clone without `../shared`).

use zhengwu::read::{ReadOptions, read_path};
use zhengwu::testdata::shared_file;
use zhengwu::{Dataset, read::IngestReport};

fn read_clean(rel: &str, preset: Option<&str>) -> Option<(Dataset, IngestReport)> {
    let path = shared_file(rel, "real-data reader check")?;
    let opts = ReadOptions {
        preset: preset.map(str::to_string),
        ..ReadOptions::lenient()
    };
    let (d, r) = read_path(&path, &opts).expect("lenient read");
    assert!(r.balanced(), "{r:?}");
    assert_eq!(r.rejected, 0, "{rel}: {:?}", r.examples);
    Some((d, r))
}

#[test]
fn cctv_news_timeline() {
    let Some((d, r)) = read_clean("cctv-news-weibo-timeline-2020/timeline.csv", None) else {
        return;
    };
    assert_eq!((r.seen, d.posts.len()), (7951, 7951));
    let p = &d.posts[0];
    assert_eq!(p.id, "J4wN6nMEg");
    assert_eq!(p.account_id, "2656274875");
    assert_eq!(p.created_at.to_rfc3339(), "2020-05-31T23:54:00+08:00");
    assert_eq!(
        (p.reposts, p.comments, p.likes),
        (Some(3061), Some(685), Some(14333))
    );
    assert!(p.truncated);
    assert_eq!(
        p.is_repost, None,
        "the source has no repost flag: unknown, not false"
    );
    assert_eq!(p.client.as_deref(), Some("微博云剪"));
    assert_eq!(
        d.posts.iter().filter(|p| p.truncated).count(),
        3744,
        "SOURCE.md: 3744 of 7951 truncated"
    );
    assert_eq!(
        d.posts.iter().map(|p| p.reposts.unwrap_or(0)).max(),
        Some(15_460_810)
    );
}

#[test]
fn peoples_daily_timeline() {
    let Some((d, _)) = read_clean("peoples-daily-weibo-timeline-2020/timeline.csv", None) else {
        return;
    };
    assert_eq!(d.posts.len(), 1498);
    let p = &d.posts[0];
    assert_eq!(p.id, "4505527885177576");
    assert_eq!(p.created_at.to_rfc3339(), "2020-05-17T00:00:00+08:00");
    assert_eq!(
        (p.likes, p.comments, p.reposts),
        (Some(1469), Some(323), Some(361))
    );
    assert_eq!(p.hashtags, vec!["珠穆朗玛的夜空", "梦幻般的珠峰夜空"]);
    assert_eq!(
        d.posts.iter().filter(|p| !p.hashtags.is_empty()).count(),
        1464
    );
    assert_eq!(
        d.posts.iter().filter(|p| !p.mentions.is_empty()).count(),
        210
    );
    assert_eq!(
        d.posts
            .iter()
            .filter(|p| p.media.contains(&zhengwu::MediaKind::Video))
            .count(),
        602
    );
}

#[test]
fn gqt_posts_and_comments() {
    let Some((d, _)) = read_clean("gqt-weibo-timeline-comments-2020-01/posts.csv", None) else {
        return;
    };
    assert_eq!(d.posts.len(), 23);
    assert_eq!(d.posts.iter().filter(|p| p.repost()).count(), 1);
    assert_eq!(d.posts.iter().filter(|p| p.original()).count(), 22);
    let p = d.posts.iter().find(|p| p.id == "IpiSVggyG").unwrap();
    assert_eq!(p.created_at.to_rfc3339(), "2020-01-13T16:22:00+08:00");
    assert_eq!(
        (p.likes, p.reposts, p.comments),
        (Some(847), Some(386), Some(162))
    );
    let Some((c, _)) = read_clean("gqt-weibo-timeline-comments-2020-01/comments.csv", None) else {
        return;
    };
    assert_eq!(c.comments.len(), 4849);
    let official: Vec<_> = c
        .comments
        .iter()
        .filter(|c| c.author_id == "3937348351")
        .collect();
    assert_eq!(official.len(), 6);
    assert!(
        official
            .iter()
            .any(|c| c.text == "早呀" && c.created_at.to_rfc3339() == "2020-01-14T09:00:00+08:00")
    );
    assert_eq!(c.comments.iter().filter(|c| c.text.is_empty()).count(), 436);
}

#[test]
fn accounts_activity_2024() {
    let Some((a, _)) = read_clean("weibo-accounts-activity-2024-11/accounts.csv", None) else {
        return;
    };
    assert_eq!(a.accounts.len(), 2092);
    assert_eq!(a.accounts.iter().filter(|a| a.is_government()).count(), 2);
    let binhai = a
        .accounts
        .iter()
        .find(|a| a.name.as_deref() == Some("滨海发布"))
        .unwrap();
    assert!(binhai.lifetime_posts.unwrap() > 100_000);
    let Some((p, _)) = read_clean("weibo-accounts-activity-2024-11/posts.jsonl", None) else {
        return;
    };
    assert_eq!(p.posts.len(), 25422);
    assert_eq!(p.posts.iter().filter(|p| p.repost()).count(), 5735);
    assert_eq!(p.posts.iter().filter(|p| p.original()).count(), 19687);
    let first = &p.posts[0];
    assert_eq!(
        (first.id.as_str(), first.account_id.as_str()),
        ("5103560604516726", "1002988925")
    );
    assert_eq!(first.created_at.to_rfc3339(), "2024-11-22T17:18:50+08:00");
    assert!(first.media.contains(&zhengwu::MediaKind::Video));
    let rt = p.posts.iter().find(|p| p.id == "5103974779455188").unwrap();
    assert_eq!(
        rt.repost_of.as_ref().unwrap().author_id.as_deref(),
        Some("7735215824")
    );
}

#[test]
fn ced_rumour_threads() {
    let Some((o, _)) = read_clean(
        "ced-weibo-rumor-threads/originals.jsonl",
        Some("ced-originals"),
    ) else {
        return;
    };
    assert_eq!(o.posts.len(), 3387);
    let p = &o.posts[0];
    assert_eq!(p.id, "0_yBmepBtUB_2279086572");
    assert_eq!(p.created_at.timestamp(), 1347334462);
    assert_eq!((p.reposts, p.comments), (Some(225), Some(55)));
    // Six entries carry a year-less "03月23日 19:24" date: without a reference time they are
    // rejected (never guessed), and the report says so.
    let Some(path) = shared_file(
        "ced-weibo-rumor-threads/reposts_subset.jsonl",
        "CED threads",
    ) else {
        return;
    };
    let opts = ReadOptions {
        preset: Some("ced-threads".into()),
        ..ReadOptions::lenient()
    };
    let (t, r) = read_path(&path, &opts).unwrap();
    assert_eq!(
        (r.seen, r.read, r.rejected),
        (229_522, 229_516, 6),
        "{:?}",
        r.reasons
    );
    assert_eq!(r.reasons.get("invalid_time: date"), Some(&6));
    assert_eq!(t.comments.len(), 229_516);
    let first = &t.comments[0];
    assert_eq!(
        (first.post_id.as_str(), first.id.as_str()),
        ("14_zsxsrk3iY_2608483217", "zsxsKcv3O")
    );
    assert_eq!(first.created_at.to_rfc3339(), "2013-04-17T10:21:28+08:00");
    assert_eq!(first.parent_id, None);
    // SOURCE.md: 1476 entries by the source author, 833 of them with a parent.
    let by_author: Vec<_> = t
        .comments
        .iter()
        .filter(|c| c.post_id.ends_with(&format!("_{}", c.author_id)))
        .collect();
    assert_eq!(by_author.len(), 1476);
    assert_eq!(
        by_author.iter().filter(|c| c.parent_id.is_some()).count(),
        833
    );
}
