//! Conversations rebuilt from comments and mentions: parent pointers first; else a `回复@name:`
//! prefix or a `//@name:` repost chain resolved to the latest earlier message by `name` under the
//! same post; else a comment on a mentioning post hangs under that mention. Official messages
//! are those of the account or its affiliated accounts ([`Comment::is_official`]).

use crate::model::{Account, Comment, Mention, Post, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Where a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A comment (index into the `comments` input).
    Comment,
    /// An @-mention of the account (index into the `mentions` input).
    Mention,
}

/// How a message was attached to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentLink {
    /// The source's `parent_id`.
    Pointer,
    /// A `回复@name:` prefix.
    ReplyPrefix,
    /// A `//@name:` repost chain.
    RepostChain,
    /// A comment on a mentioning post.
    MentionPost,
}

/// One message in a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadNode {
    pub kind: NodeKind,
    /// Index into the `comments` or `mentions` input.
    pub index: usize,
    pub id: String,
    /// The post (or mention) the conversation hangs under.
    pub post_id: String,
    pub author_id: String,
    pub created_at: Timestamp,
    /// Written by the account or an affiliated account.
    pub official: bool,
    /// Parent node (index into [`Threads::nodes`]).
    pub parent: Option<usize>,
    pub link: Option<ParentLink>,
    /// Top-level node of its sub-thread (itself when top-level).
    pub root: usize,
    /// 0 for top-level messages.
    pub depth: u32,
}

/// Settings of thread building.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThreadConfig {
    /// Resolve `回复@name:` prefixes when there is no parent pointer. Default true.
    pub resolve_reply_prefix: bool,
    /// Resolve `//@name:` repost chains when there is no parent pointer. Default true.
    pub resolve_repost_chain: bool,
    /// More ids whose messages count as official, besides the account's `affiliated_ids`.
    /// Default empty.
    pub affiliated_ids: Vec<String>,
    /// Keep only comments on the given posts and mentions (plus official comments). Default
    /// true; when no posts and no mentions are given every comment is kept.
    pub only_given_posts: bool,
}

impl Default for ThreadConfig {
    fn default() -> Self {
        ThreadConfig {
            resolve_reply_prefix: true,
            resolve_repost_chain: true,
            affiliated_ids: Vec::new(),
            only_given_posts: true,
        }
    }
}

/// All conversations around one account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Threads {
    /// Messages in time order (ties keep input order, comments before mentions).
    pub nodes: Vec<ThreadNode>,
    /// Comments dropped because they are on other accounts' posts.
    pub skipped_comments: usize,
    /// Messages whose parent pointer names an id not in the input.
    pub orphans: usize,
    /// Parent links found, by kind: pointer, reply prefix, repost chain, mention post.
    pub links: [usize; 4],
}

impl Threads {
    /// Official messages that answer another message (have a parent).
    pub fn official_replies(&self) -> impl Iterator<Item = &ThreadNode> {
        self.nodes
            .iter()
            .filter(|n| n.official && n.parent.is_some())
    }

    /// Official comments written at top level (not answering anyone).
    pub fn official_top_level(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| n.official && n.parent.is_none())
            .count()
    }
}

/// `回复@name:` at the start of a comment → `name`.
pub fn reply_prefix_name(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let rest = t.strip_prefix("回复")?.trim_start();
    let rest = rest.strip_prefix('@')?;
    handle_until_colon(rest)
}

/// The first `//@name:` of a repost chain → `name`.
pub fn repost_chain_name(text: &str) -> Option<&str> {
    let i = text.find("//@")?;
    handle_until_colon(&text[i + 3..])
}

fn handle_until_colon(rest: &str) -> Option<&str> {
    let end = rest.find([':', '：', ' ']).unwrap_or(rest.len());
    let name = rest[..end].trim();
    (!name.is_empty() && name.chars().count() <= 30).then_some(name)
}

fn link_index(l: ParentLink) -> usize {
    match l {
        ParentLink::Pointer => 0,
        ParentLink::ReplyPrefix => 1,
        ParentLink::RepostChain => 2,
        ParentLink::MentionPost => 3,
    }
}

/// Builds the conversations around `account`.
pub fn build(
    account: &Account,
    posts: &[Post],
    comments: &[Comment],
    mentions: &[Mention],
    config: &ThreadConfig,
) -> Threads {
    let official = |author: &str| {
        author == account.id
            || account.affiliated_ids.iter().any(|a| a == author)
            || config.affiliated_ids.iter().any(|a| a == author)
    };
    let post_ids: HashSet<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    let mention_ids: HashSet<&str> = mentions.iter().map(|m| m.id.as_str()).collect();
    let filter = config.only_given_posts && !(post_ids.is_empty() && mention_ids.is_empty());

    // (kind, index, time) sorted by time; stable so ties keep input order.
    let mut order: Vec<(NodeKind, usize, Timestamp)> = Vec::new();
    let mut skipped = 0;
    for (i, c) in comments.iter().enumerate() {
        if filter
            && !post_ids.contains(c.post_id.as_str())
            && !mention_ids.contains(c.post_id.as_str())
            && !official(&c.author_id)
        {
            skipped += 1;
            continue;
        }
        order.push((NodeKind::Comment, i, c.created_at));
    }
    for (i, m) in mentions.iter().enumerate() {
        order.push((NodeKind::Mention, i, m.created_at));
    }
    order.sort_by_key(|o| o.2);

    let mut nodes: Vec<ThreadNode> = Vec::with_capacity(order.len());
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(order.len());
    // (post id, author name) → latest node so far, for 回复@name: and //@name:.
    let mut by_name: HashMap<(&str, &str), usize> = HashMap::new();
    let mut pending_pointer: Vec<(usize, &str)> = Vec::new();
    let mut threads = Threads {
        skipped_comments: skipped,
        ..Threads::default()
    };
    for (kind, i, at) in order {
        let node_index = nodes.len();
        let (id, post_id, author_id, author_name, text, parent_id) = match kind {
            NodeKind::Comment => {
                let c = &comments[i];
                (
                    c.id.as_str(),
                    c.post_id.as_str(),
                    c.author_id.as_str(),
                    c.author_name.as_deref(),
                    c.text.as_str(),
                    c.parent_id.as_deref().filter(|p| !p.is_empty()),
                )
            }
            NodeKind::Mention => {
                let m = &mentions[i];
                (
                    m.id.as_str(),
                    m.id.as_str(),
                    m.author_id.as_str(),
                    m.author_name.as_deref(),
                    m.text.as_str(),
                    None,
                )
            }
        };
        let mut parent = None;
        let mut link = None;
        if let Some(pid) = parent_id {
            match by_id.get(pid) {
                Some(&p) => {
                    parent = Some(p);
                    link = Some(ParentLink::Pointer);
                }
                // The parent may come later in time order only with broken clocks; try again
                // after the pass.
                None => pending_pointer.push((node_index, pid)),
            }
        } else if kind == NodeKind::Comment {
            let named = |name: &str| by_name.get(&(post_id, name)).copied();
            if config.resolve_reply_prefix {
                if let Some(p) = reply_prefix_name(text).and_then(named) {
                    parent = Some(p);
                    link = Some(ParentLink::ReplyPrefix);
                }
            }
            if parent.is_none() && config.resolve_repost_chain {
                if let Some(p) = repost_chain_name(text).and_then(named) {
                    parent = Some(p);
                    link = Some(ParentLink::RepostChain);
                }
            }
            if parent.is_none() && mention_ids.contains(post_id) {
                if let Some(&p) = by_id.get(post_id) {
                    parent = Some(p);
                    link = Some(ParentLink::MentionPost);
                }
            }
        }
        nodes.push(ThreadNode {
            kind,
            index: i,
            id: id.to_string(),
            post_id: post_id.to_string(),
            author_id: author_id.to_string(),
            created_at: at,
            official: kind == NodeKind::Comment && official(author_id),
            parent,
            link,
            root: node_index,
            depth: 0,
        });
        by_id.entry(id).or_insert(node_index);
        if let Some(name) = author_name.filter(|n| !n.is_empty()) {
            by_name.insert((post_id, name), node_index);
        }
    }
    for (n, pid) in pending_pointer {
        match by_id.get(pid) {
            Some(&p) if p != n => {
                nodes[n].parent = Some(p);
                nodes[n].link = Some(ParentLink::Pointer);
            }
            _ => threads.orphans += 1,
        }
    }
    // Roots and depths; a bounded walk guards against cycles in bad input.
    for n in 0..nodes.len() {
        let mut cur = n;
        let mut depth = 0u32;
        while let Some(p) = nodes[cur].parent {
            if p == n || depth as usize > nodes.len() {
                nodes[n].parent = None;
                nodes[n].link = None;
                cur = n;
                depth = 0;
                break;
            }
            cur = p;
            depth += 1;
        }
        nodes[n].root = cur;
        nodes[n].depth = depth;
        if let Some(l) = nodes[n].link {
            threads.links[link_index(l)] += 1;
        }
    }
    threads.nodes = nodes;
    threads
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn t(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn comment(id: &str, author: &str, name: &str, at: &str, text: &str) -> Comment {
        let mut c = Comment::new(id, "p1", author, t(at), text);
        c.author_name = Some(name.to_string());
        c
    }

    #[test]
    fn reply_prefix_chain_resolves_to_latest_earlier_message_by_name() {
        let account = Account {
            id: "gov".into(),
            ..Account::default()
        };
        let posts = vec![Post::new(
            "p1",
            "gov",
            t("2024-01-01T08:00:00+08:00"),
            "通知",
        )];
        let comments = vec![
            comment(
                "c1",
                "u1",
                "小王",
                "2024-01-01T09:00:00+08:00",
                "请问几点开门？",
            ),
            comment("c2", "u1", "小王", "2024-01-01T09:30:00+08:00", "还有人吗"),
            comment(
                "c3",
                "gov",
                "某市发布",
                "2024-01-01T10:00:00+08:00",
                "回复@小王:九点开门",
            ),
            comment(
                "c4",
                "u1",
                "小王",
                "2024-01-01T10:05:00+08:00",
                "回复@某市发布:谢谢",
            ),
        ];
        let th = build(&account, &posts, &comments, &[], &ThreadConfig::default());
        let by = |id: &str| th.nodes.iter().position(|n| n.id == id).unwrap();
        assert_eq!(th.nodes[by("c3")].parent, Some(by("c2")));
        assert_eq!(th.nodes[by("c3")].link, Some(ParentLink::ReplyPrefix));
        assert!(th.nodes[by("c3")].official);
        assert_eq!(th.nodes[by("c4")].parent, Some(by("c3")));
        assert_eq!(th.nodes[by("c4")].depth, 2);
        assert_eq!(th.nodes[by("c4")].root, by("c2"));
        assert_eq!(th.official_replies().count(), 1);
    }

    #[test]
    fn prefixes_parse() {
        assert_eq!(reply_prefix_name("回复@小王:九点"), Some("小王"));
        assert_eq!(reply_prefix_name("回复 @小王：九点"), Some("小王"));
        assert_eq!(reply_prefix_name("小王"), None);
        assert_eq!(repost_chain_name("顶//@甲:转发//@乙:原文"), Some("甲"));
        assert_eq!(repost_chain_name("//@"), None);
    }

    #[test]
    fn cycles_and_missing_parents_do_not_hang() {
        let account = Account::default();
        let mut a = comment("a", "u1", "x", "2024-01-01T09:00:00+08:00", "");
        let mut b = comment("b", "u2", "y", "2024-01-01T09:00:00+08:00", "");
        a.parent_id = Some("b".into());
        b.parent_id = Some("a".into());
        let mut c = comment("c", "u3", "z", "2024-01-01T09:00:00+08:00", "");
        c.parent_id = Some("missing".into());
        let th = build(&account, &[], &[a, b, c], &[], &ThreadConfig::default());
        assert_eq!(th.nodes.len(), 3);
        assert_eq!(th.orphans, 1);
    }
}
