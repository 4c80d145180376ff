//! The text layer over every post of a real timeline (央视新闻, 2020-01..05).

use zhengwu::testdata::shared_file;
use zhengwu::text::{normalize, split_sentences, tokenizer};

fn cctv_texts() -> Option<Vec<(String, bool)>> {
    let path = shared_file(
        "cctv-news-weibo-timeline-2020/timeline.csv",
        "text layer over the cctv timeline",
    )?;
    let mut reader = csv::Reader::from_path(path).expect("readable csv");
    let headers = reader.headers().expect("header").clone();
    let text_col = headers
        .iter()
        .position(|h| h == "text")
        .expect("text column");
    let trunc_col = headers
        .iter()
        .position(|h| h == "text_truncated")
        .expect("text_truncated column");
    Some(
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                (r[text_col].to_string(), &r[trunc_col] == "1")
            })
            .collect(),
    )
}

#[test]
fn cctv_timeline_normalises_and_splits_losslessly() {
    let Some(texts) = cctv_texts() else { return };
    assert_eq!(texts.len(), 7951, "SOURCE.md count");
    let mut truncated_agree = 0;
    let mut with_topic = 0;
    for (text, truncated) in &texts {
        let n = normalize(text);
        assert!(
            !n.clean.chars().any(zhengwu::text::normalize::is_zero_width),
            "zero-width left in {:?}",
            n.clean
        );
        assert!(!n.clean.ends_with("展开全文"), "{}", n.clean);
        if n.truncated == *truncated {
            truncated_agree += 1;
        }
        if !n.hashtags.is_empty() {
            with_topic += 1;
        }
        assert_eq!(split_sentences(text).concat(), *text);
        assert_eq!(split_sentences(&n.clean).concat(), n.clean);
    }
    // The crawler's own flag (text ends with 展开全文) and our marker detection agree on
    // every post.
    assert_eq!(truncated_agree, texts.len());
    // 央视新闻 writes most headlines as topics.
    assert!(with_topic > texts.len() / 2, "{with_topic}");
}

#[test]
fn cctv_timeline_tokens_cover_the_text() {
    let Some(texts) = cctv_texts() else { return };
    let t = tokenizer();
    for (text, _) in texts.iter().take(500) {
        let clean = normalize(text).clean;
        assert_eq!(t.cut(&clean).concat(), clean);
    }
}
