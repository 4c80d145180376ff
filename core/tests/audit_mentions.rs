//! An official reply under a citizen's @-mention counts in the audit's responsiveness: the
//! comment's post is the mention, not one of the account's posts.

use zhengwu::health::{AuditConfig, audit};
use zhengwu::time::parse_time;
use zhengwu::{Account, Comment, Dataset, Mention, Post};

#[test]
fn official_reply_to_a_mention_is_seen_by_the_audit() {
    let t = |s: &str| parse_time(s).unwrap();
    let account = Account {
        id: "gov".into(),
        name: Some("示例局".into()),
        verified_type: Some(1),
        ..Account::default()
    };
    let mut post = Post::new(
        "p1",
        "gov",
        t("2026-10-01 09:00"),
        "【通知】国庆假期办事大厅正常开放，咨询电话12345。",
    );
    post.is_repost = Some(false);
    let mention = Mention {
        id: "m1".into(),
        account_id: "gov".into(),
        author_id: "citizen".into(),
        author_name: Some("网友甲".into()),
        created_at: t("2026-10-02 10:00"),
        text: "@示例局 请问国庆期间办事大厅开门吗？".into(),
    };
    let mut reply = Comment::new(
        "r1",
        "m1",
        "gov",
        t("2026-10-02 11:00"),
        "您好，国庆期间正常开放，9:00-17:00。",
    );
    reply.parent_id = None;
    let without = Dataset {
        accounts: vec![account.clone()],
        posts: vec![post.clone()],
        mentions: vec![mention.clone()],
        ..Dataset::default()
    };
    let with = Dataset {
        comments: vec![reply],
        ..without.clone()
    };
    let answered = |d: &Dataset| {
        let r = audit(d, &AuditConfig::default()).unwrap();
        let a = r.accounts.iter().find(|a| a.account.id == "gov").unwrap();
        a.interaction
            .as_ref()
            .map(|i| i.responsiveness.answered)
            .unwrap_or(0)
    };
    assert_eq!(answered(&without), 0);
    assert_eq!(
        answered(&with),
        1,
        "the official reply under the mention must count"
    );
}
