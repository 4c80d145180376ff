//! Weibo API v2 objects: statuses (posts, with `user` and `retweeted_status`) and comments
//! (with `status` and `reply_comment`).

use serde_json::{Map, Value};

use super::fields::{Fields, JsonRow, build_record};
use super::mapping::{ColumnMapping, RecordKind};
use crate::error::Result;
use crate::model::Record;
use crate::time::TimeContext;

/// Mappings for the two object kinds, built once per reader.
pub(crate) struct ApiMappings {
    status: ColumnMapping,
    comment: ColumnMapping,
    user: ColumnMapping,
}

impl ApiMappings {
    pub fn new() -> ApiMappings {
        let mut status = ColumnMapping::auto(RecordKind::Post);
        // API objects: prefer the string id (idstr) over the float-unsafe numeric id.
        status.set("id", &["idstr", "mid", "id"]);
        status.set("account_id", &["user.idstr", "user.id", "uid"]);
        status.set("account_name", &["user.screen_name"]);
        status.set("client", &["source"]);
        status.set("images", &["pic_ids", "pic_urls", "original_pic"]);
        status.set("video", &["page_info.media_info"]);
        let mut comment = ColumnMapping::auto(RecordKind::Comment);
        comment.set("id", &["idstr", "mid", "id"]);
        comment.set("author_id", &["user.idstr", "user.id"]);
        comment.set("author_name", &["user.screen_name"]);
        comment.set("likes", &["like_count", "like_counts"]);
        let mut user = ColumnMapping::auto(RecordKind::Account);
        user.set("id", &["idstr", "id"]);
        ApiMappings {
            status,
            comment,
            user,
        }
    }

    /// Converts one API object. Returns the record and, for statuses with a `user` object, the
    /// author's account as a derived record.
    pub fn convert(
        &self,
        obj: &Map<String, Value>,
        time: &TimeContext,
        line: u64,
    ) -> Result<(Record, Option<Record>)> {
        let row = JsonRow(obj);
        let is_comment =
            obj.get("status").is_some_and(Value::is_object) || obj.contains_key("reply_comment");
        if is_comment {
            let f = Fields {
                row: &row,
                mapping: &self.comment,
                time,
            };
            return Ok((build_record(&f, line)?, None));
        }
        let f = Fields {
            row: &row,
            mapping: &self.status,
            time,
        };
        let mut rec = build_record(&f, line)?;
        if let Record::Post(p) = &mut rec {
            if let Some(c) = &p.client {
                p.client = Some(strip_tags(c));
            }
        }
        let account = match obj.get("user") {
            Some(Value::Object(u)) => {
                let urow = JsonRow(u);
                let uf = Fields {
                    row: &urow,
                    mapping: &self.user,
                    time,
                };
                // A malformed user object must not reject the post: the account is extra.
                build_record(&uf, line).ok()
            }
            _ => None,
        };
        Ok((rec, account))
    }
}

/// `<a href="…" rel="nofollow">微博 weibo.com</a>` → `微博 weibo.com`.
pub(crate) fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}
