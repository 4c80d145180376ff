//! The data model: accounts, posts, comments and mentions, as plain serde values.
//!
//! Field names are stable: they are the JSON Lines schema (`schema/zhengwu-record.schema.json`),
//! the Python column names and (in camelCase) the JavaScript keys. A count that the source does
//! not give is `None`, never `0`, so "no likes" and "likes unknown" stay distinguishable.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A timestamp that keeps the UTC offset it was written with (Weibo times are +08:00).
pub type Timestamp = DateTime<FixedOffset>;

/// Administrative level of a government account in the 省/市/县/所 matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminLevel {
    /// 中央 (national ministries, central organs).
    National,
    /// 省 (province, autonomous region, municipality directly under the central government).
    Province,
    /// 市 (prefecture-level city).
    City,
    /// 县 (county, district).
    County,
    /// 所 (station, township, police station: the lowest level).
    Station,
}

impl AdminLevel {
    /// Parses English names and the Chinese level characters (省, 市, 县/区, 所/乡/镇/街道, 中央/国家).
    pub fn parse(s: &str) -> Option<AdminLevel> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "national" | "中央" | "国家" | "部委" => AdminLevel::National,
            "province" | "provincial" | "省" | "省级" => AdminLevel::Province,
            "city" | "municipal" | "市" | "市级" | "地级" => AdminLevel::City,
            "county" | "district" | "县" | "县级" | "区" => AdminLevel::County,
            "station" | "township" | "所" | "乡" | "镇" | "街道" | "乡镇" => {
                AdminLevel::Station
            }
            _ => return None,
        })
    }

    /// One step up the hierarchy (county → city), `None` at the top.
    pub fn parent(self) -> Option<AdminLevel> {
        match self {
            AdminLevel::National => None,
            AdminLevel::Province => Some(AdminLevel::National),
            AdminLevel::City => Some(AdminLevel::Province),
            AdminLevel::County => Some(AdminLevel::City),
            AdminLevel::Station => Some(AdminLevel::County),
        }
    }
}

/// A social-media account (the one audited, or any other author).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Account {
    /// Platform user id (Weibo uid), as a string: some old crawls use handles.
    pub id: String,
    /// Screen name (昵称).
    #[serde(default)]
    pub name: Option<String>,
    /// 省/市/县/所 level, when known.
    #[serde(default)]
    pub admin_level: Option<AdminLevel>,
    /// System or department (公安, 市场监管, 卫健, 团委…), free text.
    #[serde(default)]
    pub system: Option<String>,
    /// Id of the account one level up (for coordination measures), when known.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Followers (粉丝数) at crawl time.
    #[serde(default)]
    pub followers: Option<u64>,
    /// Accounts it follows (关注数).
    #[serde(default)]
    pub following: Option<u64>,
    /// Lifetime post count (微博数), from the profile.
    #[serde(default)]
    pub lifetime_posts: Option<u64>,
    /// Weibo `verified_type`: -1 none, 0 personal, 1 government, 2 enterprise, 3 media,
    /// 4 campus, 5 website, 6 app, 7 organisation, 200/220 达人.
    #[serde(default)]
    pub verified_type: Option<i32>,
    /// Verification text (认证信息), e.g. "天津市滨海新区人民政府新闻办公室官方微博".
    #[serde(default)]
    pub verified_reason: Option<String>,
    /// Account creation time.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// Other ids whose comments count as official replies of this account (affiliated accounts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliated_ids: Vec<String>,
}

impl Account {
    /// Weibo `verified_type == 1`: a government (政务) account.
    pub fn is_government(&self) -> bool {
        self.verified_type == Some(1)
    }
}

/// What a repost points at.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RepostOf {
    /// Id of the original post, when known.
    #[serde(default)]
    pub post_id: Option<String>,
    /// Author id of the original post.
    #[serde(default)]
    pub author_id: Option<String>,
    /// Author screen name of the original post.
    #[serde(default)]
    pub author_name: Option<String>,
    /// Text of the original post, when the source includes it.
    #[serde(default)]
    pub text: Option<String>,
    /// Creation time of the original post.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
}

/// Kind of media attached to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Image,
    Video,
    Article,
    Link,
    Live,
}

/// A post (微博) published by an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// Post id (numeric mid or base62 bid).
    pub id: String,
    /// Author account id.
    pub account_id: String,
    /// Author screen name, when the source gives it.
    #[serde(default)]
    pub account_name: Option<String>,
    /// Publication time with its UTC offset.
    pub created_at: Timestamp,
    /// Post text as published (may include `#话题#`, `@name`, `[表情]`, URLs).
    pub text: String,
    /// Set when the post is a repost (转发); `None` for an original post.
    #[serde(default)]
    pub repost_of: Option<RepostOf>,
    /// `Some(false)` when the source says "original", `None` when it cannot tell (e.g. a timeline
    /// crawl without a repost flag). `repost_of.is_some()` implies `true`.
    #[serde(default)]
    pub is_repost: Option<bool>,
    /// Attached media.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<MediaKind>,
    /// 转发数.
    #[serde(default)]
    pub reposts: Option<u64>,
    /// 评论数.
    #[serde(default)]
    pub comments: Option<u64>,
    /// 点赞数 (attitudes).
    #[serde(default)]
    pub likes: Option<u64>,
    /// Client (来自 …), e.g. "微博 weibo.com".
    #[serde(default)]
    pub client: Option<String>,
    /// `#话题#` hashtags, without the `#`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashtags: Vec<String>,
    /// `@name` mentions, without the `@`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// The crawler only saw a folded text ending in 展开全文.
    #[serde(default)]
    pub truncated: bool,
}

impl Post {
    /// A post with the required fields and everything else unknown.
    pub fn new(
        id: impl Into<String>,
        account_id: impl Into<String>,
        created_at: Timestamp,
        text: impl Into<String>,
    ) -> Post {
        Post {
            id: id.into(),
            account_id: account_id.into(),
            account_name: None,
            created_at,
            text: text.into(),
            repost_of: None,
            is_repost: None,
            media: Vec::new(),
            reposts: None,
            comments: None,
            likes: None,
            client: None,
            hashtags: Vec::new(),
            mentions: Vec::new(),
            truncated: false,
        }
    }

    /// True when the post is known to be a repost.
    pub fn repost(&self) -> bool {
        self.repost_of.is_some() || self.is_repost == Some(true)
    }

    /// True when the post is known to be original (not a repost).
    pub fn original(&self) -> bool {
        !self.repost() && self.is_repost == Some(false)
    }
}

/// A comment on a post, possibly a reply to another comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    /// Comment id.
    pub id: String,
    /// Id of the post commented on (may be unknown in some crawls: empty string).
    pub post_id: String,
    /// Id of the comment this one replies to, when the source records it.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Commenter's account id.
    pub author_id: String,
    /// Commenter's screen name.
    #[serde(default)]
    pub author_name: Option<String>,
    /// Time of the comment with its UTC offset.
    pub created_at: Timestamp,
    /// Comment text (may begin with `回复@name:`).
    pub text: String,
    /// Likes on the comment.
    #[serde(default)]
    pub likes: Option<u64>,
}

impl Comment {
    /// A comment with the required fields and everything else unknown.
    pub fn new(
        id: impl Into<String>,
        post_id: impl Into<String>,
        author_id: impl Into<String>,
        created_at: Timestamp,
        text: impl Into<String>,
    ) -> Comment {
        Comment {
            id: id.into(),
            post_id: post_id.into(),
            parent_id: None,
            author_id: author_id.into(),
            author_name: None,
            created_at,
            text: text.into(),
            likes: None,
        }
    }

    /// True when written by `account` or one of its affiliated accounts: an official reply.
    pub fn is_official(&self, account: &Account) -> bool {
        self.author_id == account.id || account.affiliated_ids.contains(&self.author_id)
    }
}

/// A citizen post that @-mentions the audited account (a question or complaint outside its
/// comment section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Id of the mentioning post.
    pub id: String,
    /// The account mentioned.
    pub account_id: String,
    /// Author of the mentioning post.
    pub author_id: String,
    /// Author screen name.
    #[serde(default)]
    pub author_name: Option<String>,
    /// Time of the mention.
    pub created_at: Timestamp,
    /// Text of the mentioning post.
    pub text: String,
}

/// One record of any kind, as read from a mixed source (our JSON Lines schema tags each line
/// with `"kind"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Account(Account),
    Post(Post),
    Comment(Comment),
    Mention(Mention),
}

/// Everything known about one or more accounts: the input to the analyses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub accounts: Vec<Account>,
    pub posts: Vec<Post>,
    pub comments: Vec<Comment>,
    pub mentions: Vec<Mention>,
}

impl Dataset {
    /// Adds one record to the matching list.
    pub fn push(&mut self, record: Record) {
        match record {
            Record::Account(a) => self.accounts.push(a),
            Record::Post(p) => self.posts.push(p),
            Record::Comment(c) => self.comments.push(c),
            Record::Mention(m) => self.mentions.push(m),
        }
    }

    /// Ids of every account seen: listed accounts first, then post authors, in first-seen order.
    pub fn account_ids(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut ids = Vec::new();
        for id in self
            .accounts
            .iter()
            .map(|a| &a.id)
            .chain(self.posts.iter().map(|p| &p.account_id))
        {
            if seen.insert(id.clone()) {
                ids.push(id.clone());
            }
        }
        ids
    }

    /// The account record for `id`, or a bare one built from its posts' names.
    pub fn account(&self, id: &str) -> Account {
        if let Some(a) = self.accounts.iter().find(|a| a.id == id) {
            return a.clone();
        }
        Account {
            id: id.to_string(),
            name: self
                .posts
                .iter()
                .find(|p| p.account_id == id)
                .and_then(|p| p.account_name.clone()),
            ..Account::default()
        }
    }
}
