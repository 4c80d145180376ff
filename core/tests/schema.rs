//! The JSON Schema in `schema/` documents exactly the fields the model serialises, so the
//! documented format and the code cannot drift apart.

use serde_json::Value;

fn schema() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schema/zhengwu-record.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file"))
        .expect("schema is JSON")
}

#[test]
fn schema_lists_every_serialised_field() {
    let s = schema();
    let sample = zhengwu::sample::generate(zhengwu::sample::DEFAULT_SEED);
    let mut post = sample.posts.iter().find(|p| p.repost()).unwrap().clone();
    post.mentions = vec!["x".into()];
    post.hashtags = vec!["h".into()];
    post.media = vec![zhengwu::MediaKind::Image];
    let mut account = sample.accounts[0].clone();
    account.affiliated_ids = vec!["y".into()];
    let mention = zhengwu::Mention {
        id: "m".into(),
        account_id: "a".into(),
        author_id: "b".into(),
        author_name: None,
        created_at: post.created_at,
        text: "t".into(),
    };
    let records = [
        (
            "account",
            serde_json::to_value(zhengwu::Record::Account(account)).unwrap(),
        ),
        (
            "post",
            serde_json::to_value(zhengwu::Record::Post(post)).unwrap(),
        ),
        (
            "comment",
            serde_json::to_value(zhengwu::Record::Comment(sample.comments[0].clone())).unwrap(),
        ),
        (
            "mention",
            serde_json::to_value(zhengwu::Record::Mention(mention)).unwrap(),
        ),
    ];
    for (kind, v) in records {
        let props = s["$defs"][kind]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no $defs.{kind}"));
        let fields = v.as_object().unwrap();
        for k in fields.keys() {
            assert!(
                props.contains_key(k),
                "{kind}.{k} is serialised but not in the schema"
            );
        }
        for k in props.keys() {
            assert!(
                fields.contains_key(k) || k == "repost_of",
                "{kind}.{k} is in the schema but never serialised"
            );
        }
        for r in s["$defs"][kind]["required"].as_array().unwrap() {
            assert!(
                fields.contains_key(r.as_str().unwrap()),
                "{kind}: required {r} missing"
            );
        }
    }
}
