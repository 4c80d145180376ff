//! Declarative column mappings: which input column (CSV header or JSON key path) fills which
//! field of the data model, with named presets for the crawler exports found in the wild.
//!
//! A mapping is a plain value, so a user maps any CSV without writing code: write it as JSON
//! (`{"kind": "post", "columns": {"text": ["微博正文"], "created_at": ["发布时间"]}}`) and pass it
//! to the reader. Each field lists candidate columns; the first one present in the input wins.
//! JSON inputs use dotted paths (`user.id`, `retweet.text`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which record type a mapping produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Account,
    Post,
    Comment,
    Mention,
}

/// Canonical field names a mapping may fill, per record kind (the data model's field names;
/// `repost.*` fill `Post::repost_of`, the media and flag fields fill `Post::media` / `is_repost`).
pub fn canonical_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Account => &[
            "id",
            "name",
            "admin_level",
            "system",
            "parent_id",
            "followers",
            "following",
            "lifetime_posts",
            "verified_type",
            "verified_reason",
            "created_at",
        ],
        RecordKind::Post => &[
            "id",
            "account_id",
            "account_name",
            "created_at",
            "text",
            "is_repost",
            "is_original",
            "repost.post_id",
            "repost.author_id",
            "repost.author_name",
            "repost.text",
            "repost.created_at",
            "reposts",
            "comments",
            "likes",
            "client",
            "hashtags",
            "mentions",
            "truncated",
            "images",
            "video",
            "article",
        ],
        RecordKind::Comment => &[
            "id",
            "post_id",
            "parent_id",
            "author_id",
            "author_name",
            "created_at",
            "text",
            "likes",
        ],
        RecordKind::Mention => &[
            "id",
            "account_id",
            "author_id",
            "author_name",
            "created_at",
            "text",
        ],
    }
}

/// A column mapping: for each canonical field, candidate input columns in order of preference,
/// plus constant values for fields the input lacks (e.g. the account id of a one-account crawl).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Record kind produced.
    pub kind: RecordKind,
    /// Canonical field → candidate columns (first present wins).
    #[serde(default)]
    pub columns: BTreeMap<String, Vec<String>>,
    /// Canonical field → constant value used when no candidate column is present or the cell is empty.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
}

impl ColumnMapping {
    /// The built-in aliases for `kind`: Chinese and English headers seen in real crawler exports
    /// (dataabc weibo-crawler / weiboSpider, Weibo API field names, and the data sets in
    /// `../shared/data`).
    pub fn auto(kind: RecordKind) -> ColumnMapping {
        let table: &[(&str, &[&str])] = match kind {
            RecordKind::Post => &[
                (
                    "id",
                    &["id", "mid", "idstr", "微博id", "bid", "weibo_id", "post_id"],
                ),
                (
                    "account_id",
                    &[
                        "account_id",
                        "uid",
                        "user_id",
                        "user.idstr",
                        "user.id",
                        "author_uid",
                        "用户id",
                    ],
                ),
                (
                    "account_name",
                    &[
                        "account_name",
                        "screen_name",
                        "user.screen_name",
                        "用户昵称",
                        "昵称",
                        "user_name",
                    ],
                ),
                (
                    "created_at",
                    &[
                        "created_at",
                        "发布时间",
                        "日期",
                        "date",
                        "time",
                        "publish_time",
                        "created_time",
                    ],
                ),
                ("text", &["text", "正文", "微博正文", "content", "微博内容"]),
                ("is_repost", &["is_repost", "是否转发"]),
                (
                    "is_original",
                    &["is_original", "是否为原创微博", "是否原创"],
                ),
                (
                    "repost.post_id",
                    &[
                        "repost_of.post_id",
                        "retweet.id",
                        "retweeted_status.idstr",
                        "retweeted_status.id",
                        "原始微博id",
                        "retweet_id",
                    ],
                ),
                (
                    "repost.author_id",
                    &[
                        "repost_of.author_id",
                        "retweet.user_id",
                        "retweeted_status.user.idstr",
                        "retweeted_status.user.id",
                        "原始用户id",
                    ],
                ),
                (
                    "repost.author_name",
                    &[
                        "repost_of.author_name",
                        "retweet.screen_name",
                        "retweeted_status.user.screen_name",
                        "原始用户",
                        "原始用户昵称",
                    ],
                ),
                (
                    "repost.text",
                    &[
                        "repost_of.text",
                        "retweet.text",
                        "retweeted_status.text",
                        "原始微博正文",
                        "转发内容",
                    ],
                ),
                (
                    "repost.created_at",
                    &[
                        "repost_of.created_at",
                        "retweet.created_at",
                        "retweeted_status.created_at",
                        "原始微博发布时间",
                    ],
                ),
                (
                    "reposts",
                    &[
                        "reposts",
                        "reposts_count",
                        "转发数",
                        "retweet_num",
                        "forward_count",
                    ],
                ),
                (
                    "comments",
                    &[
                        "comments",
                        "comments_count",
                        "评论数",
                        "comment_num",
                        "comment_count",
                    ],
                ),
                (
                    "likes",
                    &[
                        "likes",
                        "attitudes_count",
                        "点赞数",
                        "up_num",
                        "like_count",
                        "attitudes",
                    ],
                ),
                (
                    "client",
                    &["client", "source_client", "source", "工具", "发布工具"],
                ),
                ("hashtags", &["hashtags", "topics", "话题"]),
                ("mentions", &["mentions", "at_users", "@用户"]),
                ("truncated", &["truncated", "text_truncated"]),
                (
                    "images",
                    &[
                        "images",
                        "n_pics",
                        "has_pics",
                        "pics",
                        "pic_ids",
                        "原始图片url",
                        "微博图片url",
                    ],
                ),
                (
                    "video",
                    &["video", "has_video", "video_url", "视频url", "微博视频url"],
                ),
                ("article", &["article", "article_url", "头条文章url"]),
            ],
            RecordKind::Comment => &[
                ("id", &["id", "comment_id", "mid", "idstr", "评论id"]),
                (
                    "post_id",
                    &[
                        "post_id",
                        "post_bid",
                        "status.idstr",
                        "status.id",
                        "weibo_id",
                        "thread_id",
                        "微博id",
                    ],
                ),
                (
                    "parent_id",
                    &[
                        "parent_id",
                        "parent",
                        "reply_comment.idstr",
                        "reply_comment.id",
                        "reply_id",
                    ],
                ),
                (
                    "author_id",
                    &[
                        "author_id",
                        "commenter_uid",
                        "user_id",
                        "user.idstr",
                        "user.id",
                        "uid",
                        "评论者id",
                    ],
                ),
                (
                    "author_name",
                    &[
                        "author_name",
                        "commenter_name",
                        "user_name",
                        "user.screen_name",
                        "screen_name",
                        "评论者昵称",
                    ],
                ),
                (
                    "created_at",
                    &[
                        "created_at",
                        "time_approx",
                        "comment_time",
                        "date",
                        "time",
                        "评论时间",
                        "time_raw",
                    ],
                ),
                ("text", &["text", "comment_text", "评论内容", "content"]),
                (
                    "likes",
                    &[
                        "likes",
                        "like_count",
                        "comment_like",
                        "点赞数",
                        "like_counts",
                    ],
                ),
            ],
            RecordKind::Account => &[
                ("id", &["id", "uid", "user_id", "idstr", "用户id"]),
                ("name", &["name", "screen_name", "昵称", "用户昵称"]),
                ("admin_level", &["admin_level", "level", "行政级别"]),
                ("system", &["system", "department", "系统", "部门"]),
                ("parent_id", &["parent_id", "上级id"]),
                ("followers", &["followers", "followers_count", "粉丝数"]),
                (
                    "following",
                    &["following", "follow_count", "friends_count", "关注数"],
                ),
                (
                    "lifetime_posts",
                    &["lifetime_posts", "statuses_count", "微博数", "messages"],
                ),
                ("verified_type", &["verified_type", "认证类型"]),
                ("verified_reason", &["verified_reason", "认证信息"]),
                ("created_at", &["created_at", "注册时间"]),
            ],
            RecordKind::Mention => &[
                ("id", &["id", "mid", "idstr"]),
                ("account_id", &["account_id", "mentioned_id"]),
                (
                    "author_id",
                    &["author_id", "user_id", "user.idstr", "user.id", "uid"],
                ),
                (
                    "author_name",
                    &["author_name", "screen_name", "user.screen_name"],
                ),
                ("created_at", &["created_at", "date", "time"]),
                ("text", &["text", "content"]),
            ],
        };
        ColumnMapping {
            kind,
            columns: table
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect(),
            constants: BTreeMap::new(),
        }
    }

    /// A named preset. See [`PRESETS`] for the list.
    pub fn preset(name: &str) -> Result<ColumnMapping> {
        let m = match name {
            "posts" | "weibo-crawler" | "weibo-crawler-json" | "timeline" => {
                ColumnMapping::auto(RecordKind::Post)
            }
            "comments" => ColumnMapping::auto(RecordKind::Comment),
            "accounts" => ColumnMapping::auto(RecordKind::Account),
            "mentions" => ColumnMapping::auto(RecordKind::Mention),
            // dataabc/weiboSpider: 微博id,微博正文,…,发布时间,发布工具,点赞数,转发数,评论数
            "weibo-spider" => ColumnMapping::auto(RecordKind::Post),
            // CED rumour threads (thunlp/Chinese_Rumor_Dataset): source posts.
            "ced-originals" => {
                let mut m = ColumnMapping::auto(RecordKind::Post);
                // thread_id (`<n>_<bid>_<uid>`) is what the thread entries point at.
                m.set("id", &["thread_id"]);
                m.set("account_id", &["author_uid"]);
                m.set("images", &["pics"]);
                m.constants.insert("is_repost".into(), "false".into());
                m
            }
            // CED rumour threads: reposts/comments with parent pointers; the thread is the post.
            "ced-threads" => {
                let mut m = ColumnMapping::auto(RecordKind::Comment);
                m.set("id", &["mid"]);
                m.set("post_id", &["thread_id"]);
                m.set("author_id", &["uid"]);
                m.set("created_at", &["date"]);
                m
            }
            _ => {
                return Err(Error::config(format!(
                    "unknown column-mapping preset {name:?}; known presets: {}",
                    PRESETS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        };
        Ok(m)
    }

    /// Replaces the candidates of one field.
    pub fn set(&mut self, field: &str, candidates: &[&str]) {
        self.columns.insert(
            field.to_string(),
            candidates.iter().map(|s| s.to_string()).collect(),
        );
    }

    /// Sets a constant value for a field (e.g. the account id of a single-account crawl).
    pub fn with_constant(mut self, field: &str, value: impl Into<String>) -> ColumnMapping {
        self.constants.insert(field.to_string(), value.into());
        self
    }

    /// Keeps, for each field, only the first candidate present in `headers` (or none): the
    /// per-row lookup then costs one probe per field instead of one per candidate.
    pub(crate) fn resolve(&self, headers: &[String]) -> ColumnMapping {
        let mut m = self.clone();
        for cands in m.columns.values_mut() {
            let first = cands
                .iter()
                .find(|c| headers.iter().any(|h| h == *c))
                .cloned();
            *cands = first.into_iter().collect();
        }
        m
    }

    /// Checks that every field named is a canonical field of the kind.
    pub fn validate(&self) -> Result<()> {
        let known = canonical_fields(self.kind);
        for f in self.columns.keys().chain(self.constants.keys()) {
            if !known.contains(&f.as_str()) {
                return Err(Error::config(format!(
                    "mapping names unknown {:?} field {f:?}; known: {}",
                    self.kind,
                    known.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Guesses the record kind of a CSV from its headers: comment-only headers make it
    /// comments, profile headers without text make it accounts, anything else is posts.
    pub fn detect_kind(headers: &[String]) -> RecordKind {
        let has = |names: &[&str]| headers.iter().any(|h| names.contains(&h.trim()));
        if has(&[
            "comment_id",
            "commenter_uid",
            "commenter_name",
            "comment_text",
            "评论内容",
            "post_bid",
            "parent",
            "评论id",
        ]) {
            RecordKind::Comment
        } else if has(&["followers_count", "statuses_count", "粉丝数", "微博数"])
            && !has(&["text", "正文", "微博正文"])
        {
            RecordKind::Account
        } else {
            RecordKind::Post
        }
    }
}

/// Named presets and what they read.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "posts",
        "timeline exports with English or Chinese headers (bid/uid/created_at/text/reposts…, 正文/发布时间/点赞数/评论数/转发数)",
    ),
    ("timeline", "same as posts"),
    (
        "weibo-crawler",
        "dataabc/weibo-crawler CSV or JSON posts (user_id, reposts_count, attitudes_count, retweet{…})",
    ),
    (
        "weibo-crawler-json",
        "same as weibo-crawler, for its JSON output",
    ),
    (
        "weibo-spider",
        "dataabc/weiboSpider CSV (微博id, 微博正文, 发布时间, 发布工具, 点赞数, 转发数, 评论数)",
    ),
    (
        "comments",
        "comment exports (comment_id/post_bid/commenter_uid/commenter_name/time/text/likes)",
    ),
    (
        "accounts",
        "account lists and profiles (uid, screen_name, statuses_count, followers_count, verified_type…)",
    ),
    ("mentions", "citizen posts that @-mention an account"),
    (
        "ced-originals",
        "CED rumour dataset source posts (bid, author_uid, time, text, counts)",
    ),
    (
        "ced-threads",
        "CED rumour dataset repost/comment entries with parent pointers (thread_id, mid, uid, parent, date)",
    ),
];
