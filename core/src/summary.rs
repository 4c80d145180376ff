//! Plain facts per account straight from the records: what was read, before any analysis.
//! The audit prints these first so a reader can check the input (how many posts, over which
//! dates, how many comments and official replies) before trusting any score.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{Dataset, Timestamp};

/// Counts and dates for one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountFacts {
    pub account_id: String,
    pub name: Option<String>,
    /// Posts read for the account.
    pub posts: u64,
    /// Posts known to be original.
    pub originals: u64,
    /// Posts known to be reposts.
    pub reposts: u64,
    /// Posts whose source does not say whether they are reposts.
    pub repost_unknown: u64,
    pub first_post: Option<Timestamp>,
    pub last_post: Option<Timestamp>,
    /// Comments read on the account's posts (by anyone).
    pub comments_received: u64,
    /// Comments on its posts written by the account itself (or an affiliated account).
    pub official_comments: u64,
    /// Sum of like counts given by the source (posts whose likes are unknown are not counted).
    pub likes: u64,
    /// Lifetime post count from the profile, when known.
    pub lifetime_posts: Option<u64>,
    pub followers: Option<u64>,
}

impl AccountFacts {
    /// A few readable lines.
    pub fn to_text(&self) -> String {
        let name = self.name.as_deref().unwrap_or("(no name)");
        let when = match (self.first_post, self.last_post) {
            (Some(a), Some(b)) => format!(
                "{} → {}",
                a.format("%Y-%m-%d %H:%M"),
                b.format("%Y-%m-%d %H:%M %:z")
            ),
            _ => "no posts in the data".to_string(),
        };
        let known = |x: Option<u64>| x.map(|v| v.to_string()).unwrap_or_else(|| "unknown".into());
        format!(
            "{name} [{}]\n  posts read: {} ({} original, {} reposts, {} unknown)   {when}\n  comments on its posts: {}   official replies among them: {}\n  followers: {}   lifetime posts (profile): {}\n",
            self.account_id,
            self.posts,
            self.originals,
            self.reposts,
            self.repost_unknown,
            self.comments_received,
            self.official_comments,
            known(self.followers),
            known(self.lifetime_posts),
        )
    }
}

/// Facts for every account in the dataset (listed accounts first, then other post authors).
pub fn facts(data: &Dataset) -> Vec<AccountFacts> {
    let post_owner: HashMap<&str, &str> = data
        .posts
        .iter()
        .map(|p| (p.id.as_str(), p.account_id.as_str()))
        .collect();
    let mut out: Vec<AccountFacts> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for id in data.account_ids() {
        let a = data.account(&id);
        index.insert(id.clone(), out.len());
        out.push(AccountFacts {
            account_id: id,
            name: a.name.clone(),
            posts: 0,
            originals: 0,
            reposts: 0,
            repost_unknown: 0,
            first_post: None,
            last_post: None,
            comments_received: 0,
            official_comments: 0,
            likes: 0,
            lifetime_posts: a.lifetime_posts,
            followers: a.followers,
        });
    }
    for p in &data.posts {
        let Some(&i) = index.get(&p.account_id) else {
            continue;
        };
        let f = &mut out[i];
        f.posts += 1;
        if p.repost() {
            f.reposts += 1;
        } else if p.original() {
            f.originals += 1;
        } else {
            f.repost_unknown += 1;
        }
        f.likes += p.likes.unwrap_or(0);
        f.first_post = Some(f.first_post.map_or(p.created_at, |t| t.min(p.created_at)));
        f.last_post = Some(f.last_post.map_or(p.created_at, |t| t.max(p.created_at)));
    }
    let affiliated: HashMap<&str, HashSet<&str>> = data
        .accounts
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.affiliated_ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    for c in &data.comments {
        let Some(owner) = post_owner.get(c.post_id.as_str()) else {
            continue;
        };
        let Some(&i) = index.get(*owner) else {
            continue;
        };
        out[i].comments_received += 1;
        let official = c.author_id == *owner
            || affiliated
                .get(owner)
                .is_some_and(|s| s.contains(c.author_id.as_str()));
        if official {
            out[i].official_comments += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_facts() {
        let d = crate::sample::generate(crate::sample::DEFAULT_SEED);
        let f = super::facts(&d);
        let healthy = f.iter().find(|f| f.account_id == "gov-healthy").unwrap();
        assert!(healthy.official_comments > 0 && healthy.originals == healthy.posts);
        let mute = f.iter().find(|f| f.account_id == "gov-mute").unwrap();
        assert!(mute.comments_received > 0 && mute.official_comments == 0);
    }
}
