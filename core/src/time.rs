//! Parsing the time formats seen in real Weibo crawls.
//!
//! Accepted, in this order:
//! - ISO 8601 / RFC 3339 with or without offset: `2020-05-31T23:54:00+08:00`, `2020-01-14T17:44`,
//!   `2020-01-14T17` (hour precision, as written by some crawlers);
//! - `2020-01-13 08:07`, `2020-01-13 08:07:30`, `2020/01/13 08:07`, date only `2020-01-13`;
//! - the Weibo API format `Tue May 31 17:46:55 +0800 2011`;
//! - unix seconds (`1347334462`) or milliseconds (13 digits);
//! - Chinese dates `2020年1月13日 08:07`, `1月20日 23:46` (year from the reference time);
//! - relative times resolved against a reference time the caller gives: `刚刚`, `5秒前`,
//!   `5分钟前`, `3小时前`, `2天前`, `今天 12:30`, `昨天 12:30`, `前天 12:30`, `01-13 08:07`, `01-13`.
//!
//! A time without an offset is taken in the default zone, **UTC+08:00** (China Standard Time),
//! unless the caller gives another. A relative time without a reference time is an error: we
//! never guess "now".

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};

use crate::error::{Error, ErrorKind};
use crate::model::Timestamp;

/// China Standard Time, the default zone for times written without an offset.
pub const DEFAULT_OFFSET_SECONDS: i32 = 8 * 3600;

/// How to read times: the zone for offset-less times and the reference for relative ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeContext {
    /// Offset applied to times written without one (default +08:00).
    pub default_offset: FixedOffset,
    /// "Now" for relative times (刚刚, 3小时前, 昨天 12:30, 01-13 08:07). `None`: such times are errors.
    pub reference: Option<Timestamp>,
}

impl Default for TimeContext {
    fn default() -> Self {
        TimeContext {
            default_offset: cst(),
            reference: None,
        }
    }
}

/// The +08:00 offset.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(DEFAULT_OFFSET_SECONDS).expect("8h is a valid offset")
}

fn invalid(s: &str, why: &str) -> Error {
    let shown: String = s.chars().take(60).collect();
    Error::new(
        ErrorKind::InvalidTime,
        format!("cannot read time {shown:?}: {why}"),
    )
}

/// Parses a time with the default context (+08:00, no reference time).
pub fn parse_time(s: &str) -> Result<Timestamp, Error> {
    parse_time_with(s, &TimeContext::default())
}

/// Parses a time in any of the formats listed in the module documentation.
pub fn parse_time_with(s: &str, ctx: &TimeContext) -> Result<Timestamp, Error> {
    let t = s.trim();
    if t.is_empty() {
        return Err(invalid(s, "empty"));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt);
    }
    // ISO with offset but without seconds, e.g. 2020-05-31T23:54+08:00.
    for f in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(t, f) {
            return Ok(dt);
        }
    }
    if let Ok(dt) = DateTime::parse_from_str(t, "%a %b %d %H:%M:%S %z %Y") {
        return Ok(dt);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return parse_unix(t, ctx);
    }
    if let Some(naive) = parse_naive_absolute(t) {
        return local(naive, ctx.default_offset, s);
    }
    parse_relative(t, ctx).ok_or_else(|| {
        if ctx.reference.is_none() && looks_relative(t) {
            invalid(
                s,
                "a relative time needs a reference time (ReadOptions::reference_time)",
            )
        } else {
            invalid(s, "unknown format")
        }
    })
}

fn parse_unix(t: &str, ctx: &TimeContext) -> Result<Timestamp, Error> {
    let n: i64 = t.parse().map_err(|_| invalid(t, "number out of range"))?;
    let secs = match t.len() {
        9 | 10 => n,
        13 => n.div_euclid(1000),
        _ => {
            return Err(invalid(
                t,
                "a bare number must be unix seconds (10 digits) or milliseconds (13)",
            ));
        }
    };
    let utc =
        DateTime::from_timestamp(secs, 0).ok_or_else(|| invalid(t, "unix time out of range"))?;
    Ok(utc.with_timezone(&ctx.default_offset))
}

fn local(naive: NaiveDateTime, offset: FixedOffset, original: &str) -> Result<Timestamp, Error> {
    offset
        .from_local_datetime(&naive)
        .single()
        .ok_or_else(|| invalid(original, "time out of range"))
}

fn parse_naive_absolute(t: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 8] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ];
    for f in FORMATS {
        if let Ok(n) = NaiveDateTime::parse_from_str(t, f) {
            return Some(n);
        }
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    // Hour precision: 2020-01-14T17 (gqt comments' time_approx).
    if t.len() == 13 && t.as_bytes().get(10) == Some(&b'T') {
        let d = NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()?;
        let h: u32 = t.get(11..)?.parse().ok()?;
        return d.and_hms_opt(h, 0, 0);
    }
    // 2020年1月13日 08:07 / 2020年1月13日
    if let Some((y, rest)) = t.split_once('年') {
        let y: i32 = y.trim().parse().ok()?;
        let (d, time) = chinese_month_day(rest)?;
        let date = NaiveDate::from_ymd_opt(y, d.0, d.1)?;
        return Some(date.and_time(time));
    }
    None
}

/// `1月20日 23:46` → ((1, 20), 23:46).
fn chinese_month_day(s: &str) -> Option<((u32, u32), NaiveTime)> {
    let (m, rest) = s.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    let m: u32 = m.trim().parse().ok()?;
    let d: u32 = d.trim().parse().ok()?;
    let time = clock(rest.trim())?;
    Some(((m, d), time))
}

/// `12:30`, `12:30:05` or empty (midnight).
fn clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.is_empty() {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

fn looks_relative(t: &str) -> bool {
    t.contains('前')
        || t.starts_with("今天")
        || t.starts_with("昨天")
        || t.starts_with('刚')
        || t.contains('月')
        || (t.len() <= 11 && t.as_bytes().get(2) == Some(&b'-'))
}

fn parse_relative(t: &str, ctx: &TimeContext) -> Option<Timestamp> {
    let now = ctx.reference?;
    if t == "刚刚" || t == "刚才" {
        return Some(now);
    }
    if let Some(n) = t.strip_suffix("前") {
        let n = n.trim();
        let (num, unit_secs) = if let Some(x) = n.strip_suffix("秒") {
            (x, 1)
        } else if let Some(x) = n.strip_suffix("分钟") {
            (x, 60)
        } else if let Some(x) = n.strip_suffix("小时") {
            (x, 3600)
        } else if let Some(x) = n.strip_suffix("天") {
            (x, 86_400)
        } else {
            return None;
        };
        let num = num.trim();
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let k: i64 = num.parse().ok()?;
        return now.checked_sub_signed(Duration::try_seconds(k.checked_mul(unit_secs)?)?);
    }
    let today = now.date_naive();
    for (prefix, back) in [("今天", 0), ("昨天", 1), ("前天", 2)] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let date = today.checked_sub_signed(Duration::days(back))?;
            return now
                .timezone()
                .from_local_datetime(&date.and_time(clock(rest)?))
                .single();
        }
    }
    // 1月20日 23:46 (this year of the reference time).
    if let Some(((m, d), time)) = chinese_month_day(t) {
        let date = NaiveDate::from_ymd_opt(today.year(), m, d)?;
        return now
            .timezone()
            .from_local_datetime(&date.and_time(time))
            .single();
    }
    // 01-13 08:07 or 01-13: month-day in the reference year.
    let (md, rest) = t.split_once(' ').unwrap_or((t, ""));
    let (m, d) = md.split_once('-')?;
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(today.year(), m.parse().ok()?, d.parse().ok()?)?;
    now.timezone()
        .from_local_datetime(&date.and_time(clock(rest)?))
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> TimeContext {
        TimeContext {
            reference: Some(parse_time("2020-01-14T18:00:00+08:00").unwrap()),
            ..TimeContext::default()
        }
    }

    #[test]
    fn absolute_formats_keep_or_assign_offsets() {
        let t = parse_time("2020-05-31T23:54:00+08:00").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 8 * 3600);
        assert_eq!(
            parse_time("2020-01-13 08:07").unwrap().to_rfc3339(),
            "2020-01-13T08:07:00+08:00"
        );
        assert_eq!(
            parse_time("2024-11-22 17:18:50").unwrap().to_rfc3339(),
            "2024-11-22T17:18:50+08:00"
        );
        assert_eq!(
            parse_time("2020-04-15").unwrap().to_rfc3339(),
            "2020-04-15T00:00:00+08:00"
        );
        assert_eq!(
            parse_time("2020-01-14T17").unwrap().to_rfc3339(),
            "2020-01-14T17:00:00+08:00"
        );
        let api = parse_time("Tue May 31 17:46:55 +0800 2011").unwrap();
        assert_eq!(api.to_rfc3339(), "2011-05-31T17:46:55+08:00");
        let utc = parse_time("2020-01-01T00:00:00Z").unwrap();
        assert_eq!(utc.offset().local_minus_utc(), 0);
        assert_eq!(
            parse_time("1347334462").unwrap().to_rfc3339(),
            "2012-09-11T11:34:22+08:00"
        );
        assert_eq!(
            parse_time("2020年1月13日 08:07").unwrap().to_rfc3339(),
            "2020-01-13T08:07:00+08:00"
        );
    }

    #[test]
    fn relative_times_resolve_against_the_reference() {
        let c = reference();
        let p = |s| parse_time_with(s, &c).unwrap().to_rfc3339();
        assert_eq!(p("刚刚"), "2020-01-14T18:00:00+08:00");
        assert_eq!(p("16分钟前"), "2020-01-14T17:44:00+08:00");
        assert_eq!(p("3小时前"), "2020-01-14T15:00:00+08:00");
        assert_eq!(p("今天 12:30"), "2020-01-14T12:30:00+08:00");
        assert_eq!(p("昨天 08:18"), "2020-01-13T08:18:00+08:00");
        assert_eq!(p("01-12 08:07"), "2020-01-12T08:07:00+08:00");
        assert_eq!(p("01-12"), "2020-01-12T00:00:00+08:00");
        assert_eq!(p("1月20日 23:46"), "2020-01-20T23:46:00+08:00");
    }

    #[test]
    fn relative_without_reference_is_a_clear_error() {
        let e = parse_time("3小时前").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidTime);
        assert!(e.reason.contains("reference time"), "{}", e.reason);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for s in [
            "",
            "yesterday",
            "2020-13-45",
            "99999999999999999999",
            "今天 25:99",
            "１２３",
            "前",
            "-5分钟前",
        ] {
            assert!(parse_time_with(s, &reference()).is_err(), "{s}");
        }
    }

    #[test]
    fn far_years_are_fine() {
        assert!(parse_time("1970-01-01 00:00").is_ok());
        assert!(parse_time("2100-12-31 23:59:59").is_ok());
    }
}
