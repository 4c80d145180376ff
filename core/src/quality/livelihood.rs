//! Livelihood / public-service relevance (P1): which daily-life topics a post touches
//! (`core/lexicons/livelihood.tsv`) and which actionable details it gives — hotlines and phone
//! numbers, addresses, opening hours, dates and deadlines, links, numbered steps.
//!
//! `score = 1 - exp(-(topic weight + detail_weight × detail kinds) / scale)` (dates, deadlines
//! and links count as detail kinds only when a topic is present): a post about a topic
//! that also tells the reader where to call or when to go scores higher than one that only
//! mentions the topic. Details count once per kind, so a list of ten phone numbers is not ten
//! times as useful as one.

use serde::{Deserialize, Serialize};

use super::markers::{self, Marks, mark};
use super::officialese::aggregate;
use super::{Context, PhraseMatch, round4, saturate};
use crate::text::frequency::is_han;

/// Settings of the livelihood score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LivelihoodConfig {
    /// Summed evidence at which the score reaches 0.63. Default 2.0.
    pub scale: f64,
    /// Weight of each distinct kind of actionable detail. Default 0.75.
    pub detail_weight: f64,
}

impl Default for LivelihoodConfig {
    fn default() -> Self {
        LivelihoodConfig {
            scale: 2.0,
            detail_weight: 0.75,
        }
    }
}

/// Kind of actionable detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailKind {
    /// A public service hotline: 12315, 12345, 12320, 110, 119, 120, 122…
    Hotline,
    /// A landline (area code) or mobile or 400/800 number.
    Phone,
    /// A street address (…路12号, 地址：…).
    Address,
    /// Opening or office hours (9:00-17:00, 工作日, 办公时间).
    Hours,
    /// A date, with or without a deadline word (截至3月1日, 5月20日前).
    Date,
    /// A deadline (截止, 截至, …前, 逾期).
    Deadline,
    /// A URL or link card.
    Link,
    /// Numbered steps or items (①②, 1. 2., 第一步, 一是…二是).
    Steps,
}

impl DetailKind {
    /// Hotlines, phones, addresses, hours and steps are useful on their own; dates, deadlines
    /// and links only with a daily-life topic.
    pub fn always_actionable(self) -> bool {
        matches!(
            self,
            DetailKind::Hotline
                | DetailKind::Phone
                | DetailKind::Address
                | DetailKind::Hours
                | DetailKind::Steps
        )
    }
}

/// One actionable detail found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionableDetail {
    pub kind: DetailKind,
    /// The detail as written (the number, the address, the time range…).
    pub text: String,
}

/// One livelihood category with the phrases that signalled it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryHit {
    pub category: String,
    /// Summed weight of the category's phrases.
    pub weight: f64,
    pub phrases: Vec<PhraseMatch>,
}

/// Public-service relevance of a post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Livelihood {
    /// In [0, 1).
    pub score: f64,
    /// Categories touched, strongest first.
    pub categories: Vec<CategoryHit>,
    /// Actionable details, in text order.
    pub details: Vec<ActionableDetail>,
}

pub(crate) fn analyze(ctx: &Context<'_>) -> Livelihood {
    let cfg = &ctx.config.livelihood;
    let mut categories: Vec<CategoryHit> = Vec::new();
    for m in aggregate(&ctx.hits.livelihood) {
        if let Some(c) = categories.iter_mut().find(|c| c.category == m.category) {
            c.weight += m.weight;
            c.phrases.push(m);
        } else {
            categories.push(CategoryHit {
                category: m.category.clone(),
                weight: m.weight,
                phrases: vec![m],
            });
        }
    }
    for c in &mut categories {
        c.weight = round4(c.weight);
    }
    categories.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let mut details = details_marked(ctx.clean, ctx.marks);
    for u in &ctx.norm.urls {
        details.push(ActionableDetail {
            kind: DetailKind::Link,
            text: u.clone(),
        });
    }
    for c in ctx
        .norm
        .link_cards
        .iter()
        .filter(|c| c.contains("网页链接"))
    {
        details.push(ActionableDetail {
            kind: DetailKind::Link,
            text: c.clone(),
        });
    }
    let topic: f64 = categories.iter().map(|c| c.weight).sum();
    // Dates, deadlines and links are everywhere in news; they make a post actionable only when
    // it is about a daily-life topic. Contact details, addresses, hours and steps always count.
    let mut kinds: Vec<DetailKind> = details
        .iter()
        .map(|d| d.kind)
        .filter(|k| topic > 0.0 || k.always_actionable())
        .collect();
    kinds.sort();
    kinds.dedup();
    let evidence = topic + cfg.detail_weight * kinds.len() as f64;
    Livelihood {
        score: round4(saturate(evidence, cfg.scale)),
        categories,
        details,
    }
}

/// Public hotlines that are 3 digits (need a call word nearby to count).
const SHORT_HOTLINES: [&str; 5] = ["110", "119", "120", "122", "999"];
/// 121xx numbers that are service hotlines (SMS alarm, weather, highway, traffic police).
const HOTLINES_121: [&str; 6] = ["12110", "12117", "12121", "12122", "12123", "12125"];
/// Characters that make a number a quantity.
const UNITS: &str = "人元万个名家件吨亿余多年次户所份台辆套米例只头";
#[cfg(test)]
const CALL_WORDS: [&str; 7] = ["拨打", "电话", "热线", "报警", "急救", "致电", "联系"];

/// `CALL_WORDS.iter().any(|w| before.contains(w))`, by one walk over the characters of
/// `before` (at most eight) comparing adjacent pairs: a substring search per word built a
/// searcher each time, about a sixth of the detail scan.
fn has_call_word(before: &str) -> bool {
    let mut prev = '\0';
    before.chars().any(|c| {
        let pair = (prev, c);
        prev = c;
        matches!(
            pair,
            ('拨', '打')
                | ('电', '话')
                | ('热', '线')
                | ('报', '警')
                | ('急', '救')
                | ('致', '电')
                | ('联', '系')
        )
    })
}

/// Scans `text` for actionable details (no regular-expression engine: one pass over digit runs
/// plus keyword checks).
pub fn actionable_details(text: &str) -> Vec<ActionableDetail> {
    details_marked(
        text,
        super::lexicon::CompiledLexicons::shared_default().marks(text),
    )
}

/// [`actionable_details`] with the text's structural markers already found.
///
/// Walks byte offsets: only digit runs and the few characters around them are decoded (the
/// text's characters used to be collected into a vector first).
pub(crate) fn details_marked(text: &str, marks: Marks) -> Vec<ActionableDetail> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(start) = next_digit(b, i) {
        // A run of digits, allowing one separator (-, —) inside for phone numbers.
        // Read on the bytes: `-` is one byte, `—` (U+2014) and `－` (U+FF0D) three.
        let mut j = start;
        loop {
            let sep = match b.get(j..) {
                Some([x, ..]) if x.is_ascii_digit() => {
                    j += 1;
                    continue;
                }
                Some([b'-', ..]) => 1,
                Some([0xE2, 0x80, 0x94, ..] | [0xEF, 0xBC, 0x8D, ..]) => 3,
                _ => break,
            };
            if j > start && b.get(j + sep).is_some_and(u8::is_ascii_digit) {
                j += sep;
            } else {
                break;
            }
        }
        let run = &text[start..j];
        let digits: std::borrow::Cow<'_, str> = if run.bytes().all(|x| x.is_ascii_digit()) {
            std::borrow::Cow::Borrowed(run)
        } else {
            std::borrow::Cow::Owned(run.chars().filter(char::is_ascii_digit).collect())
        };
        let prev = text[..start].chars().next_back();
        let next = char_at(text, j);
        // The eight characters before the number, asked for only by the 3-, 7- and 8-digit
        // numbers.
        let before = || &text[chars_back(text, start, 8)..start];
        let kind = classify_number(&digits, run, prev, next, before);
        if let Some(kind) = kind {
            out.push(ActionableDetail {
                kind,
                text: run.to_string(),
            });
        } else if let Some(d) = date_or_time(text, start, j) {
            out.push(d.0);
            j = d.1;
        }
        i = j;
    }
    keyword_details(text, marks, &mut out);
    out
}

/// The offset of the first ASCII digit at or after `from` in `b`. Sixteen bytes at a time with
/// SSE2; else (and for the rest) eight at a time: words without a byte of 0x30–0x3F are skipped
/// (most of a Chinese text), the others checked byte by byte.
pub(crate) fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    use crate::text::normalize::{LOW_BYTES, zero_bytes};
    let mut i = from;
    // Sixteen bytes at a time where SSE2 is there (every x86_64), the digits found exactly.
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while let Some(chunk) = b.get(i..i + 16).and_then(|c| <&[u8; 16]>::try_from(c).ok()) {
        let m = digit_mask(chunk);
        if m != 0 {
            return Some(i + m.trailing_zeros() as usize);
        }
        i += 16;
    }
    while let Some(word) = b.get(i..i + 8) {
        let w = word.try_into().map_or(0, u64::from_le_bytes);
        if zero_bytes((w & (0xF0 * LOW_BYTES)) ^ (0x30 * LOW_BYTES)) != 0 {
            if let Some(p) = word.iter().position(u8::is_ascii_digit) {
                return Some(i + p);
            }
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
}

/// Bit `k` set for each ASCII digit at byte `k` of `chunk`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn digit_mask(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8,
        _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is enabled for this target (the `cfg` above), and the load reads exactly the
    // sixteen bytes `chunk` borrows (an unaligned load).
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        // '0' <= x <= '9' as unsigned bytes: max(x, '0') == x and min(x, '9') == x.
        let ge = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(b'0' as i8)), v);
        let le = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(b'9' as i8)), v);
        _mm_movemask_epi8(_mm_and_si128(ge, le)) as u32
    }
}

/// The character starting at byte `at` of `text`, if any.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|t| t.chars().next())
}

/// The byte offset `n` characters before byte `at` (0 when the text is shorter).
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after byte `at` (the text's end when it is shorter).
fn chars_ahead(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

fn classify_number<'t>(
    digits: &str,
    run: &str,
    prev: Option<char>,
    next: Option<char>,
    before: impl Fn() -> &'t str,
) -> Option<DetailKind> {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
    if glued(prev) || glued(next) {
        return None;
    }
    let len = digits.len();
    // 123xx are all public-service hotlines (12315, 12345, 12333…); 121xx only those listed;
    // 96xxx are local service lines. A unit after the number makes it a quantity (12000人).
    let quantity = || next.is_some_and(|c| UNITS.contains(c));
    if len == 5
        && !quantity()
        && (digits.starts_with("123") || HOTLINES_121.contains(&digits) || digits.starts_with("96"))
    {
        return Some(DetailKind::Hotline);
    }
    if SHORT_HOTLINES.contains(&digits) && has_call_word(before()) {
        return Some(DetailKind::Hotline);
    }
    if len == 11 && digits.starts_with('1') && !run.contains(['-', '—', '－']) {
        return Some(DetailKind::Phone);
    }
    if (len == 10 || len == 11 || len == 12) && digits.starts_with('0')
        || (len == 10 && (digits.starts_with("400") || digits.starts_with("800")))
    {
        return Some(DetailKind::Phone);
    }
    if (7..=8).contains(&len) && has_call_word(before()) {
        return Some(DetailKind::Phone);
    }
    None
}

/// Dates (`3月1日`, `2020年3月1日`), time ranges (`9:00-17:00`) and clock times at `start..end`
/// (a digit run, byte offsets). Returns the detail and the byte offset where it ends.
fn date_or_time(text: &str, start: usize, end: usize) -> Option<(ActionableDetail, usize)> {
    let at = |p: usize| char_at(text, p);
    // The offset of the character after the one at `p`.
    let step = |p: usize| p + at(p).map_or(0, char::len_utf8);
    // Clock time hh:mm, optionally a range hh:mm-hh:mm.
    if matches!(at(end), Some(':' | '：')) && at(step(end)).is_some_and(|c| c.is_ascii_digit()) {
        let mut k = step(end);
        while at(k).is_some_and(|c| c.is_ascii_digit()) {
            k += 1;
        }
        if matches!(at(k), Some('-' | '—' | '－' | '~' | '至' | '到')) {
            let mut m = step(k);
            let digit_start = m;
            while at(m).is_some_and(|c| c.is_ascii_digit() || c == ':' || c == '：') {
                m = step(m);
            }
            if m > digit_start {
                return Some((
                    ActionableDetail {
                        kind: DetailKind::Hours,
                        text: text[start..m].to_string(),
                    },
                    m,
                ));
            }
        }
        return None;
    }
    // Dates: [yyyy年]m月d日 / m月d号.
    let mut k = end;
    if at(k) == Some('年') {
        k = step(k);
        let s = k;
        while at(k).is_some_and(|c| c.is_ascii_digit()) {
            k += 1;
        }
        if k == s {
            return None;
        }
    }
    if at(k) != Some('月') {
        return None;
    }
    k = step(k);
    let s = k;
    while at(k).is_some_and(|c| c.is_ascii_digit()) {
        k += 1;
    }
    if k == s || !matches!(at(k), Some('日' | '号')) {
        return None;
    }
    k = step(k);
    let date = &text[start..k];
    let before = &text[chars_back(text, start, 4)..start];
    let after = &text[k..chars_ahead(text, k, 3)];
    // 截至 (as of) opens statistics (截至5月14日24时，累计…): not a deadline.
    // Any of 截止 之前 前 止 为止 逾期 in `before` (截止, 之前 and 为止 hold 前 or 止), or at the
    // start of `after`.
    let deadline = before.contains(['前', '止'])
        || (before.contains('逾') && before.contains("逾期"))
        || ["截止", "之前", "前", "止", "为止", "逾期"]
            .iter()
            .any(|w| after.starts_with(w));
    Some((
        ActionableDetail {
            kind: if deadline {
                DetailKind::Deadline
            } else {
                DetailKind::Date
            },
            text: date.to_string(),
        },
        k,
    ))
}

/// Details signalled by words: addresses, office hours, numbered steps. `marks` says which of
/// the words occur, so only those are searched for.
fn keyword_details(text: &str, marks: Marks, out: &mut Vec<ActionableDetail>) {
    // Address: 地址：… up to the clause end, or a …路/街/道 + number + 号.
    if let Some(p) = marks
        .has(mark!("地址"))
        .then(|| text.find("地址"))
        .flatten()
    {
        let rest = &text[p..];
        let end = rest
            .char_indices()
            .skip(3)
            .find(|&(_, c)| matches!(c, '，' | '。' | '；' | '！' | '？' | '\n' | ' '))
            .map_or(rest.len(), |(i, _)| i);
        out.push(ActionableDetail {
            kind: DetailKind::Address,
            text: rest[..end].to_string(),
        });
    } else {
        for suffix in [mark!("路"), mark!("街"), mark!("大道"), mark!("巷")] {
            if !marks.has(suffix) {
                continue;
            }
            let suffix = markers::text(suffix);
            let mut from = 0;
            while let Some(p) = text[from..].find(suffix) {
                let at = from + p + suffix.len();
                let tail = &text[at..];
                let digits = tail.chars().take_while(char::is_ascii_digit).count();
                if digits > 0 && tail[digits..].starts_with('号') {
                    let start = text[..from + p]
                        .char_indices()
                        .rev()
                        .take(6)
                        .take_while(|&(_, c)| is_han(c))
                        .last()
                        .map_or(from + p, |(i, _)| i);
                    out.push(ActionableDetail {
                        kind: DetailKind::Address,
                        text: text[start..at + digits + '号'.len_utf8()].to_string(),
                    });
                    break;
                }
                from = at;
            }
        }
    }
    for w in [
        mark!("办公时间"),
        mark!("开放时间"),
        mark!("营业时间"),
        mark!("受理时间"),
        mark!("工作日"),
        mark!("服务时间"),
    ] {
        if marks.has(w) {
            out.push(ActionableDetail {
                kind: DetailKind::Hours,
                text: markers::text(w).to_string(),
            });
            break;
        }
    }
    for w in [mark!("截止日期"), mark!("截止时间"), mark!("逾期")] {
        if marks.has(w) {
            out.push(ActionableDetail {
                kind: DetailKind::Deadline,
                text: markers::text(w).to_string(),
            });
            break;
        }
    }
    // Numbered steps: at least two markers of one style.
    let styles: [[usize; 3]; 4] = [
        [mark!("①"), mark!("②"), mark!("③")],
        [mark!("第一步"), mark!("第二步"), mark!("第三步")],
        [mark!("一是"), mark!("二是"), mark!("三是")],
        [mark!("1."), mark!("2."), mark!("3.")],
    ];
    for style in styles {
        let found: Vec<&str> = style
            .iter()
            .filter(|&&m| marks.has(m))
            .map(|&m| markers::text(m))
            .collect();
        if found.len() >= 2 && found[0] == markers::text(style[0]) {
            out.push(ActionableDetail {
                kind: DetailKind::Steps,
                text: found.join(" "),
            });
            break;
        }
    }
    if marks.has(mark!("1、")) && marks.has(mark!("2、")) {
        out.push(ActionableDetail {
            kind: DetailKind::Steps,
            text: "1、 2、".to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_search_finds_the_first_digit_at_every_offset() {
        // Every byte value at every offset of texts long enough for a sixteen-byte chunk, an
        // eight-byte word and a tail, among bytes on both sides of the digit range.
        let filler = [0xE4u8, b'/', b':', 0x80, b'a', 0xB9, 0x2F, 0x3A];
        for len in [5usize, 12, 20, 37] {
            for at in 0..len {
                for x in 0..=255u8 {
                    let mut buf: Vec<u8> = (0..len).map(|k| filler[k % filler.len()]).collect();
                    buf[at] = x;
                    for from in [0, 1, 3] {
                        let want = buf
                            .iter()
                            .enumerate()
                            .skip(from)
                            .find(|(_, b)| b.is_ascii_digit())
                            .map(|(k, _)| k);
                        assert_eq!(next_digit(&buf, from), want, "{buf:?} from {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn call_word_walk_matches_the_substring_search() {
        let pieces = [
            "拨", "打", "电", "话", "热", "线", "报", "警", "急", "救", "致", "联", "系", "1", "a",
            "，",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..50_000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let want = CALL_WORDS.iter().any(|w| text.contains(w));
            assert_eq!(has_call_word(&text), want, "{text:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(DetailKind, String)> {
        actionable_details(text)
            .into_iter()
            .map(|d| (d.kind, d.text))
            .collect()
    }

    #[test]
    fn hotlines_phones_and_counts_are_told_apart() {
        let k = kinds(
            "请拨打12315或12345，急救请拨打120，咨询电话0311-86688888，手机13812345678。共有12000人。",
        );
        assert!(k.contains(&(DetailKind::Hotline, "12315".into())), "{k:?}");
        assert!(k.contains(&(DetailKind::Hotline, "12345".into())));
        assert!(k.contains(&(DetailKind::Hotline, "120".into())));
        assert!(k.contains(&(DetailKind::Phone, "0311-86688888".into())));
        assert!(k.contains(&(DetailKind::Phone, "13812345678".into())));
        assert!(!k.iter().any(|(_, t)| t == "12000"));
        // 120 without a call word is a number, not a hotline.
        assert!(kinds("共120人参加").is_empty());
    }

    #[test]
    fn dates_deadlines_hours_addresses_steps() {
        let k = kinds(
            "申请截止2020年3月31日，5月20日起施行。办公时间9:00-17:00，地址：石家庄市裕华路123号。①带身份证②填表",
        );
        assert!(
            k.contains(&(DetailKind::Deadline, "2020年3月31日".into())),
            "{k:?}"
        );
        assert!(k.contains(&(DetailKind::Date, "5月20日".into())), "{k:?}");
        assert!(
            k.contains(&(DetailKind::Hours, "9:00-17:00".into())),
            "{k:?}"
        );
        assert!(
            k.iter()
                .any(|(d, t)| *d == DetailKind::Address && t.contains("裕华路123号"))
        );
        assert!(k.iter().any(|(d, _)| *d == DetailKind::Steps));
        assert!(kinds("").is_empty());
        let _ = kinds("12-");
        let _ = kinds("1月");
        let _ = kinds("9:");
        let _ = kinds("路1");
    }
}
