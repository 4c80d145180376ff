//! Turning one input row (a CSV record or a JSON object) into a model record through a
//! [`ColumnMapping`], with errors that name the field and the reason.

use std::borrow::Cow;

use serde_json::Value;

use super::mapping::{ColumnMapping, RecordKind};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    Account, AdminLevel, Comment, MediaKind, Mention, Post, Record, RepostOf, Timestamp,
};
use crate::time::{TimeContext, parse_time_with};

/// A source of named values: a CSV row or a JSON object.
pub(crate) trait Row {
    /// The value of `column` (a header, or a dotted JSON path); `None` when absent or null.
    fn get(&self, column: &str) -> Option<Cow<'_, str>>;
    /// True when the column exists in the input (even if empty in this row).
    fn has(&self, column: &str) -> bool;
    /// The value as a list, when the input holds a JSON array there.
    fn list(&self, _column: &str) -> Option<Vec<String>> {
        None
    }
}

/// A JSON object as a [`Row`].
pub(crate) struct JsonRow<'a>(pub &'a serde_json::Map<String, Value>);

impl JsonRow<'_> {
    fn lookup(&self, path: &str) -> Option<&Value> {
        if let Some(v) = self.0.get(path) {
            return Some(v);
        }
        let mut parts = path.split('.');
        let mut cur = self.0.get(parts.next()?)?;
        for p in parts {
            cur = cur.as_object()?.get(p)?;
        }
        Some(cur)
    }
}

impl Row for JsonRow<'_> {
    fn get(&self, column: &str) -> Option<Cow<'_, str>> {
        match self.lookup(column)? {
            Value::Null => None,
            Value::String(s) => Some(Cow::Borrowed(s.as_str())),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Value::Number(n) => Some(Cow::Owned(n.to_string())),
            Value::Array(a) => Some(Cow::Owned(a.len().to_string())),
            Value::Object(_) => Some(Cow::Borrowed("{}")),
        }
    }
    fn has(&self, column: &str) -> bool {
        self.lookup(column).is_some()
    }
    fn list(&self, column: &str) -> Option<Vec<String>> {
        match self.lookup(column)? {
            Value::Array(a) => Some(
                a.iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// Reads fields of one row through a mapping.
pub(crate) struct Fields<'a, R: Row> {
    pub row: &'a R,
    pub mapping: &'a ColumnMapping,
    pub time: &'a TimeContext,
}

impl<R: Row> Fields<'_, R> {
    /// The first candidate column present in the row, and its non-empty trimmed value.
    fn raw(&self, field: &str) -> Option<(String, Cow<'_, str>)> {
        if let Some(cands) = self.mapping.columns.get(field) {
            for c in cands {
                if let Some(v) = self.row.get(c) {
                    if !v.trim().is_empty() {
                        return Some((c.clone(), v));
                    }
                    // Present but empty: stop at the first column the input has, so an empty
                    // cell does not silently fall through to a less specific column.
                    if self.row.has(c) {
                        break;
                    }
                } else if self.row.has(c) {
                    break;
                }
            }
        }
        self.mapping
            .constants
            .get(field)
            .map(|v| (field.to_string(), Cow::Owned(v.clone())))
    }

    pub fn opt_str(&self, field: &str) -> Option<String> {
        self.raw(field).map(|(_, v)| clean_cell(&v))
    }

    pub fn req_str(&self, field: &str) -> Result<String> {
        self.opt_str(field).ok_or_else(|| self.missing(field))
    }

    fn missing(&self, field: &str) -> Error {
        let cands = self
            .mapping
            .columns
            .get(field)
            .map(|c| c.join(" / "))
            .unwrap_or_default();
        Error::new(
            ErrorKind::MissingField,
            format!("required field `{field}` is missing or empty (looked for: {cands})"),
        )
        .field(field)
    }

    pub fn opt_count(&self, field: &str) -> Result<Option<u64>> {
        match self.raw(field) {
            None => Ok(None),
            Some((col, v)) => {
                parse_count(&v).map_err(|r| Error::new(ErrorKind::InvalidValue, r).field(col))
            }
        }
    }

    pub fn opt_i32(&self, field: &str) -> Result<Option<i32>> {
        match self.raw(field) {
            None => Ok(None),
            Some((col, v)) => {
                let t = v.trim();
                // Some exports write floats for integer codes ("1.0").
                let t = t.strip_suffix(".0").unwrap_or(t);
                t.parse::<i32>().map(Some).map_err(|_| {
                    Error::new(
                        ErrorKind::InvalidValue,
                        format!("expected an integer, found {:?}", short(t)),
                    )
                    .field(col)
                })
            }
        }
    }

    pub fn opt_bool(&self, field: &str) -> Result<Option<bool>> {
        match self.raw(field) {
            None => Ok(None),
            Some((col, v)) => parse_bool(&v).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidValue,
                    format!("expected a yes/no value, found {:?}", short(&v)),
                )
                .field(col)
            }),
        }
    }

    pub fn opt_time(&self, field: &str) -> Result<Option<Timestamp>> {
        match self.raw(field) {
            None => Ok(None),
            Some((col, v)) => parse_time_with(&v, self.time)
                .map(Some)
                .map_err(|e| e.field(col)),
        }
    }

    pub fn req_time(&self, field: &str) -> Result<Timestamp> {
        self.opt_time(field)?.ok_or_else(|| self.missing(field))
    }

    /// A list field: a JSON array, or a comma/space separated cell (`a,b` or `#a##b#`).
    pub fn list(&self, field: &str) -> Vec<String> {
        if let Some(cands) = self.mapping.columns.get(field) {
            for c in cands {
                if let Some(l) = self.row.list(c) {
                    return l
                        .into_iter()
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                }
            }
        }
        match self.opt_str(field) {
            None => Vec::new(),
            Some(s) => s
                .split([',', '，', '#', ' '])
                .map(|t| t.trim().trim_start_matches('@').to_string())
                .filter(|t| !t.is_empty() && t != "无")
                .collect(),
        }
    }

    /// A media indicator: a count, a flag, a URL or a list → present or not.
    fn media_present(&self, field: &str) -> Result<bool> {
        Ok(match self.raw(field) {
            None => false,
            Some((_, v)) => {
                let t = v.trim();
                match parse_bool(t) {
                    Some(b) => b,
                    None => match t.parse::<i64>() {
                        Ok(n) => n > 0,
                        Err(_) => !matches!(t, "" | "无" | "[]" | "null" | "None"),
                    },
                }
            }
        })
    }
}

/// Strips a spreadsheet-style "无" placeholder and surrounding whitespace.
fn clean_cell(v: &str) -> String {
    let t = v.trim();
    if t == "无" {
        String::new()
    } else {
        t.to_string()
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Parses a count: `123`, `1,234`, `1.2万`, `3亿`, `100万+`. Negative, fractional-without-unit,
/// or overflowing values are errors.
pub fn parse_count(s: &str) -> std::result::Result<Option<u64>, String> {
    let t = s.trim().trim_end_matches('+').replace([',', '，'], "");
    if t.is_empty() || t == "无" || t.eq_ignore_ascii_case("null") || t.eq_ignore_ascii_case("nan")
    {
        return Ok(None);
    }
    if t.starts_with('-') {
        return Err(format!("negative count {:?}", short(s)));
    }
    let (num, mult) = if let Some(n) = t.strip_suffix('万') {
        (n, 10_000.0)
    } else if let Some(n) = t.strip_suffix('亿') {
        (n, 100_000_000.0)
    } else if let Some(n) = t.strip_suffix(".0") {
        (n, 1.0)
    } else {
        (t.as_str(), 1.0)
    };
    if mult == 1.0 {
        return num.parse::<u64>().map(Some).map_err(|e| match e.kind() {
            std::num::IntErrorKind::PosOverflow => format!("count {:?} overflows", short(s)),
            // JSON numbers beyond u64 arrive as floats (`1.8446744073709552e19`): say so.
            _ if num.parse::<f64>().is_ok_and(|x| x >= u64::MAX as f64) => {
                format!("count {:?} overflows", short(s))
            }
            _ => format!("expected a count, found {:?}", short(s)),
        });
    }
    let x: f64 = num
        .parse()
        .map_err(|_| format!("expected a count, found {:?}", short(s)))?;
    let v = x * mult;
    if !v.is_finite() || v < 0.0 || v > u64::MAX as f64 {
        return Err(format!("count {:?} out of range", short(s)));
    }
    Ok(Some(v.round() as u64))
}

/// Parses yes/no values: 1/0, true/false, True/False, 是/否, yes/no.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim() {
        "1" | "true" | "True" | "TRUE" | "yes" | "y" | "是" | "t" => Some(true),
        "0" | "false" | "False" | "FALSE" | "no" | "n" | "否" | "f" => Some(false),
        _ => None,
    }
}

/// Builds one record of the mapping's kind from a row. `line` is used to synthesise ids for
/// inputs that have none (comment exports often lack a comment id).
pub(crate) fn build_record<R: Row>(f: &Fields<'_, R>, line: u64) -> Result<Record> {
    Ok(match f.mapping.kind {
        RecordKind::Post => Record::Post(build_post(f)?),
        RecordKind::Comment => Record::Comment(build_comment(f, line)?),
        RecordKind::Account => Record::Account(build_account(f)?),
        RecordKind::Mention => Record::Mention(build_mention(f)?),
    })
}

fn build_post<R: Row>(f: &Fields<'_, R>) -> Result<Post> {
    let id = f.req_str("id")?;
    let account_id = f.req_str("account_id")?;
    let created_at = f.req_time("created_at")?;
    let text = f.opt_str("text").unwrap_or_default();
    let mut post = Post::new(id, account_id, created_at, text);
    post.account_name = f.opt_str("account_name");
    post.reposts = f.opt_count("reposts")?;
    post.comments = f.opt_count("comments")?;
    post.likes = f.opt_count("likes")?;
    post.client = f.opt_str("client");
    post.hashtags = f.list("hashtags");
    post.mentions = f.list("mentions");
    post.truncated =
        f.opt_bool("truncated")?.unwrap_or(false) || post.text.trim_end().ends_with("展开全文");
    let repost_flag = match (f.opt_bool("is_repost")?, f.opt_bool("is_original")?) {
        (Some(r), _) => Some(r),
        (None, Some(o)) => Some(!o),
        (None, None) => None,
    };
    let repost = RepostOf {
        post_id: f.opt_str("repost.post_id"),
        author_id: f.opt_str("repost.author_id"),
        author_name: f.opt_str("repost.author_name"),
        text: f.opt_str("repost.text"),
        created_at: f.opt_time("repost.created_at")?,
    };
    let has_repost_data = repost != RepostOf::default();
    if has_repost_data && repost_flag != Some(false) {
        post.repost_of = Some(repost);
        post.is_repost = Some(true);
    } else {
        post.is_repost = repost_flag;
    }
    for (field, kind) in [
        ("images", MediaKind::Image),
        ("video", MediaKind::Video),
        ("article", MediaKind::Article),
    ] {
        if f.media_present(field)? {
            post.media.push(kind);
        }
    }
    Ok(post)
}

fn build_comment<R: Row>(f: &Fields<'_, R>, line: u64) -> Result<Comment> {
    let id = f.opt_str("id").unwrap_or_else(|| format!("line-{line}"));
    let post_id = f.req_str("post_id")?;
    let author_id = f.req_str("author_id")?;
    let created_at = f.req_time("created_at")?;
    let mut c = Comment::new(
        id,
        post_id,
        author_id,
        created_at,
        f.opt_str("text").unwrap_or_default(),
    );
    c.parent_id = f.opt_str("parent_id");
    c.author_name = f.opt_str("author_name");
    c.likes = f.opt_count("likes")?;
    Ok(c)
}

fn build_account<R: Row>(f: &Fields<'_, R>) -> Result<Account> {
    let admin_level = match f.opt_str("admin_level") {
        None => None,
        Some(s) => Some(AdminLevel::parse(&s).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "unknown admin level {:?} (province/city/county/station or 省/市/县/所)",
                    short(&s)
                ),
            )
            .field("admin_level")
        })?),
    };
    Ok(Account {
        id: f.req_str("id")?,
        name: f.opt_str("name"),
        admin_level,
        system: f.opt_str("system"),
        parent_id: f.opt_str("parent_id"),
        followers: f.opt_count("followers")?,
        following: f.opt_count("following")?,
        lifetime_posts: f.opt_count("lifetime_posts")?,
        verified_type: f.opt_i32("verified_type")?,
        verified_reason: f.opt_str("verified_reason"),
        created_at: f.opt_time("created_at")?,
        affiliated_ids: Vec::new(),
    })
}

fn build_mention<R: Row>(f: &Fields<'_, R>) -> Result<Mention> {
    Ok(Mention {
        id: f.req_str("id")?,
        account_id: f.req_str("account_id")?,
        author_id: f.req_str("author_id")?,
        author_name: f.opt_str("author_name"),
        created_at: f.req_time("created_at")?,
        text: f.opt_str("text").unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_weibo_styles_and_reject_bad_values() {
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count("1.2万"), Ok(Some(12_000)));
        assert_eq!(parse_count("100万+"), Ok(Some(1_000_000)));
        assert_eq!(parse_count(""), Ok(None));
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert!(parse_count("-5").unwrap_err().contains("negative"));
        assert!(
            parse_count("99999999999999999999999")
                .unwrap_err()
                .contains("overflows")
        );
        assert!(parse_count("abc").is_err());
        // Regression (issue 8): a JSON number past u64 reaches us as a float.
        assert!(
            parse_count("1.8446744073709552e19")
                .unwrap_err()
                .contains("overflows")
        );
        assert!(parse_count("1e30").unwrap_err().contains("overflows"));
        assert!(parse_count("1.5").unwrap_err().contains("expected a count"));
    }
}
