use super::*;
use crate::error::ErrorKind;
use crate::model::{MediaKind, Record};

fn strict(text: &str) -> Result<(Dataset, IngestReport)> {
    read_str(text, &ReadOptions::default())
}

fn lenient(text: &str) -> (Dataset, IngestReport) {
    read_str(text, &ReadOptions::lenient()).expect("lenient reads never fail on records")
}

const OWN: &str = r##"{"kind":"account","id":"1","name":"某市市场监管局","admin_level":"city","followers":1200,"verified_type":1}
{"kind":"post","id":"p1","account_id":"1","created_at":"2020-01-13T08:07:00+08:00","text":"#消费维权# 投诉请拨打12315","likes":3,"media":["image"],"hashtags":["消费维权"]}
{"kind":"comment","id":"c1","post_id":"p1","author_id":"9","created_at":"2020-01-13 09:00","text":"请问周末上班吗？"}
"##;

#[test]
fn own_jsonl_round_trip() {
    let (d, r) = strict(OWN).unwrap();
    assert_eq!(
        (d.accounts.len(), d.posts.len(), d.comments.len()),
        (1, 1, 1)
    );
    assert_eq!(r.format, Some(Format::Jsonl));
    assert!(r.balanced() && r.seen == 3 && r.rejected == 0);
    let p = &d.posts[0];
    assert_eq!(p.likes, Some(3));
    assert_eq!(p.reposts, None, "an absent count is None, never 0");
    assert_eq!(p.media, vec![MediaKind::Image]);
    assert_eq!(p.created_at.offset().local_minus_utc(), 8 * 3600);
    assert_eq!(
        d.accounts[0].admin_level,
        Some(crate::model::AdminLevel::City)
    );
    // Serialising and reading back gives the same records.
    let again: String = d
        .posts
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(Record::Post(p.clone())).unwrap();
            v["created_at"] = serde_json::Value::String(p.created_at.to_rfc3339());
            v.to_string() + "\n"
        })
        .collect();
    let (d2, _) = strict(&again).unwrap();
    assert_eq!(d2.posts, d.posts);
}

#[test]
fn strict_errors_name_source_line_field_and_reason() {
    let bad = OWN.replace("\"likes\":3", "\"likes\":-3");
    let opts = ReadOptions {
        source: "feed.jsonl".into(),
        ..ReadOptions::default()
    };
    let e = read_str(&bad, &opts).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidValue);
    assert_eq!(e.location.source, "feed.jsonl");
    assert_eq!(e.location.line, Some(2));
    assert_eq!(e.location.field.as_deref(), Some("likes"));
    assert!(e.reason.contains("negative"), "{e}");
}

#[test]
fn missing_field_unparseable_time_truncated_line() {
    let e =
        strict(r#"{"kind":"post","id":"p1","created_at":"2020-01-13","text":"x"}"#).unwrap_err();
    assert_eq!(
        (e.kind, e.location.field.as_deref()),
        (ErrorKind::MissingField, Some("account_id"))
    );
    let e = strict(
        r#"{"kind":"post","id":"p1","account_id":"1","created_at":"last tuesday","text":"x"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.kind, e.location.field.as_deref()),
        (ErrorKind::InvalidTime, Some("created_at"))
    );
    let truncated = &OWN[..OWN.rfind("请问").unwrap()];
    let e = strict(truncated).unwrap_err();
    assert_eq!((e.kind, e.location.line), (ErrorKind::Syntax, Some(3)));
    assert!(e.reason.starts_with("truncated last line"), "{e}");
}

#[test]
fn invalid_utf8_is_an_encoding_error_and_lenient_counts_everything() {
    let mut bytes = OWN.as_bytes().to_vec();
    let pos = OWN.find("投诉").unwrap();
    bytes[pos] = 0xff;
    let e = read_bytes(&bytes, &ReadOptions::default()).unwrap_err();
    assert_eq!((e.kind, e.location.line), (ErrorKind::Encoding, Some(2)));
    let (d, r) = read_bytes(&bytes, &ReadOptions::lenient()).unwrap();
    assert_eq!((r.seen, r.read, r.rejected), (3, 2, 1));
    assert_eq!(r.reasons.get("encoding"), Some(&1));
    assert_eq!(d.posts.len(), 0);
    assert!(r.examples[0].contains(":2"), "{:?}", r.examples);
}

#[test]
fn bom_crlf_and_blank_lines() {
    let text = format!("\u{feff}{}", OWN.replace('\n', "\r\n\r\n"));
    let (d, r) = strict(&text).unwrap();
    assert_eq!((r.seen, d.posts.len()), (3, 1));
}

#[test]
fn csv_with_chinese_headers_and_lenient_rejects() {
    let csv = "\u{feff}微博id,用户id,发布时间,正文,点赞数,评论数,转发数,是否为原创微博\n\
               1,42,2020-01-13 08:07,今天天气晴,10,2,1.2万,1\n\
               2,42,not a time,坏行,1,1,1,1\n\
               3,42,2020-01-14 09:00,\"带换行\n的正文\",-1,0,0,0\n\
               4,42,2020-01-15 10:00,最后一行,0,0,0,1\n";
    let (d, r) = lenient(csv);
    assert_eq!((r.seen, r.read, r.rejected), (4, 2, 2), "{r:?}");
    assert!(r.balanced());
    assert_eq!(r.reasons.get("invalid_time: 发布时间"), Some(&1), "{r:?}");
    assert_eq!(r.reasons.get("invalid_value: 点赞数"), Some(&1), "{r:?}");
    assert_eq!(d.posts[0].reposts, Some(12_000));
    assert_eq!(d.posts[0].is_repost, Some(false));
    assert_eq!(
        d.posts[0].created_at.to_rfc3339(),
        "2020-01-13T08:07:00+08:00"
    );
    let e = strict(csv).unwrap_err();
    assert_eq!(
        (e.kind, e.location.line, e.location.field.as_deref()),
        (ErrorKind::InvalidTime, Some(3), Some("发布时间"))
    );
}

#[test]
fn csv_truncated_last_row() {
    let csv = "bid,uid,created_at,text,likes\nA,1,2020-01-01 10:00,hello,1\nB,1,2020-01-0";
    let e = strict(csv).unwrap_err();
    assert_eq!((e.kind, e.location.line), (ErrorKind::Syntax, Some(3)));
    assert!(e.reason.contains("truncated last line"), "{e}");
}

#[test]
fn comments_csv_detected_with_relative_times() {
    let csv = "post_bid,commenter_uid,commenter_name,time_raw,text,likes\nP1,7,小王,3小时前,回复@小李:同问,0\n";
    let opts = ReadOptions {
        reference_time: Some(crate::time::parse_time("2020-01-14T18:00:00+08:00").unwrap()),
        ..ReadOptions::default()
    };
    let (d, _) = read_str(csv, &opts).unwrap();
    assert_eq!(d.comments.len(), 1);
    let c = &d.comments[0];
    assert_eq!(
        (c.post_id.as_str(), c.author_id.as_str(), c.id.as_str()),
        ("P1", "7", "line-2")
    );
    assert_eq!(c.created_at.to_rfc3339(), "2020-01-14T15:00:00+08:00");
    let e = strict(csv).unwrap_err();
    assert!(e.reason.contains("reference time"), "{e}");
}

#[test]
fn user_mapping_as_a_value() {
    let mapping: ColumnMapping = serde_json::from_str(
        r#"{"kind":"post","columns":{"id":["编号"],"created_at":["时间"],"text":["内容"]},"constants":{"account_id":"gov1"}}"#,
    )
    .unwrap();
    let opts = ReadOptions {
        mapping: Some(mapping),
        format: Some(Format::Csv),
        ..ReadOptions::default()
    };
    let (d, _) = read_str("编号,时间,内容\n9,2021-03-01,通知\n", &opts).unwrap();
    assert_eq!(d.posts[0].account_id, "gov1");
    let bad: ColumnMapping =
        serde_json::from_str(r#"{"kind":"post","columns":{"txet":["a"]}}"#).unwrap();
    let e = read_str(
        "a\n1\n",
        &ReadOptions {
            mapping: Some(bad),
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Config);
    let e = read_str(
        "a\n1\n",
        &ReadOptions {
            preset: Some("nope".into()),
            ..ReadOptions::default()
        },
    )
    .unwrap_err();
    assert!(e.reason.contains("known presets"), "{e}");
}

#[test]
fn weibo_api_documents_and_lines() {
    let doc = r#"{"statuses":[{"created_at":"Tue May 31 17:46:55 +0800 2011","id":11488058246,"idstr":"11488058246","text":"求关注。","source":"<a href=\"http://weibo.com\" rel=\"nofollow\">新浪微博</a>","reposts_count":8,"comments_count":9,"attitudes_count":0,"pic_ids":["a"],"user":{"id":1404376560,"idstr":"1404376560","screen_name":"zaku","followers_count":1204,"friends_count":447,"statuses_count":2908,"verified_type":1},"retweeted_status":{"idstr":"1","text":"原文","user":{"idstr":"5","screen_name":"上级"}}}],"total_number":1}"#;
    let (d, r) = strict(doc).unwrap();
    assert_eq!(r.format, Some(Format::WeiboApi));
    assert_eq!(
        (d.posts.len(), d.accounts.len(), r.seen, r.derived),
        (1, 1, 1, 1)
    );
    let p = &d.posts[0];
    assert_eq!(p.client.as_deref(), Some("新浪微博"));
    assert_eq!(p.created_at.to_rfc3339(), "2011-05-31T17:46:55+08:00");
    assert!(p.repost());
    assert_eq!(
        p.repost_of.as_ref().unwrap().author_name.as_deref(),
        Some("上级")
    );
    assert_eq!(p.media, vec![MediaKind::Image]);
    assert_eq!(d.accounts[0].followers, Some(1204));
    let comment = r#"{"created_at":"Wed Jun 01 00:50:25 +0800 2011","id":12438492184,"text":"回复@zaku:好","user":{"idstr":"7","screen_name":"u"},"status":{"idstr":"11488058246"},"reply_comment":{"idstr":"12438492000"}}"#;
    let (d, _) = strict(comment).unwrap();
    assert_eq!(d.comments[0].parent_id.as_deref(), Some("12438492000"));
    assert_eq!(d.comments[0].post_id, "11488058246");
}

#[test]
fn crawler_json_with_retweet() {
    let line = r#"{"user_id": "10", "id": "5", "bid": "P1", "created_at": "2024-11-23 20:44:36", "source": "iPhone", "text": "转发", "reposts_count": 0, "comments_count": 1, "attitudes_count": 2, "topics": "", "at_users": "a,b", "n_pics": 0, "has_video": false, "is_repost": true, "retweet": {"user_id": "77", "screen_name": "x", "id": "9", "text": "原文", "created_at": "2024-11-23 20:24:13"}}"#;
    let (d, r) = strict(line).unwrap();
    assert_eq!(r.format, Some(Format::MappedJson));
    let p = &d.posts[0];
    assert_eq!(p.id, "5");
    assert_eq!(
        p.repost_of.as_ref().unwrap().author_id.as_deref(),
        Some("77")
    );
    assert_eq!(p.mentions, vec!["a", "b"]);
    assert!(p.media.is_empty());
}

#[test]
fn not_json_lines_in_lenient_mode() {
    let text = format!("{OWN}not json at all\n[1,2]\n");
    let (_, r) = lenient(&text);
    assert_eq!((r.seen, r.read, r.rejected), (5, 3, 2));
    assert_eq!(r.reasons.get("syntax"), Some(&2));
}
