//! Hostile inputs (issue 8), each with a clear outcome: a typed error naming source, line, field
//! and reason, or a documented reading. Nothing here may panic, abort, hang or grow memory
//! without bound. The outcomes are listed in `docs/evaluation/robustness.md`.

use std::io::Read;
use std::sync::Mutex;

use zhengwu::read::{Format, ReadOptions, Records, read_bytes, read_str};
use zhengwu::text::normalize::is_zero_width;
use zhengwu::text::{normalize, split_sentences, tokenizer};
use zhengwu::time::{TimeContext, parse_time, parse_time_with};
use zhengwu::{ErrorKind, Record};

/// Tests that allocate a lot, or measure memory, take this lock so they do not overlap.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

fn opts(format: Format) -> ReadOptions {
    ReadOptions {
        format: Some(format),
        source: "hostile".into(),
        ..ReadOptions::default()
    }
}

fn lenient(format: Format) -> ReadOptions {
    ReadOptions {
        mode: zhengwu::read::Mode::Lenient,
        ..opts(format)
    }
}

const POST: &str = r#"{"kind":"post","id":"p1","account_id":"gov","created_at":"2020-01-13T08:07:00+08:00","text":"TEXT"}"#;

fn post_line(text: &str) -> String {
    POST.replace("TEXT", text)
}

// --- size -----------------------------------------------------------------------------------

#[test]
fn a_10_mb_single_post_is_read_whole_and_analysed() {
    let _g = heavy();
    // 10 MB of Chinese prose with sentence ends, as one JSONL line and as one CSV cell.
    let unit = "市场监管局提醒您注意食品安全，投诉请拨打12315。";
    let text = unit.repeat(10 * 1024 * 1024 / unit.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let (d, r) = read_str(&post_line(&text), &opts(Format::Jsonl)).expect("10 MB post");
    assert_eq!((r.seen, r.read), (1, 1));
    assert_eq!(d.posts[0].text.len(), text.len());
    // Detection parses the whole first line, however long (regression, issue 8: it parsed the
    // first 64 KiB only and took our JSONL for crawler JSON).
    let (d, r) = read_str(&post_line(&text), &ReadOptions::default()).expect("detected");
    assert_eq!((r.format, d.posts.len()), (Some(Format::Jsonl), 1));

    let csv = format!("id,uid,created_at,text\np1,gov,2020-01-13 08:07,\"{text}\"\n");
    let (d, _) = read_str(&csv, &opts(Format::Csv)).expect("10 MB CSV cell");
    assert_eq!(d.posts[0].text, text);

    let n = normalize(&text);
    assert_eq!(n.clean.len(), text.len());
    let sentences = split_sentences(&text);
    assert_eq!(sentences.len(), text.len() / unit.len());
    assert_eq!(sentences.concat(), text);
    // The tokenizer is the slowest step: a 100 KB slice keeps the debug-build test quick; the
    // throughput on large inputs is measured by the benches.
    let slice: String = text.chars().take(40_000).collect();
    assert_eq!(tokenizer().cut(&slice).concat(), slice);
}

/// Generates a JSONL file line by line without holding it: every tenth line is corrupt, in
/// rotating ways (truncated JSON, invalid UTF-8, a bad time, a negative count, a missing id).
struct CorruptFeed {
    line: u64,
    lines: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl CorruptFeed {
    fn new(lines: u64) -> CorruptFeed {
        CorruptFeed {
            line: 0,
            lines,
            buf: Vec::new(),
            pos: 0,
        }
    }

    fn make_line(&mut self) {
        self.buf.clear();
        self.pos = 0;
        let n = self.line;
        let good = format!(
            r#"{{"kind":"post","id":"{n}","account_id":"a{}","created_at":"2020-01-13T08:07:00+08:00","text":"第{n}条","likes":{}}}"#,
            n % 97,
            n % 1000
        );
        if n % 10 != 9 {
            self.buf.extend_from_slice(good.as_bytes());
        } else {
            match (n / 10) % 5 {
                0 => self
                    .buf
                    .extend_from_slice(&good.as_bytes()[..good.len() / 2]),
                1 => {
                    self.buf.extend_from_slice(good.as_bytes());
                    let at = self.buf.len() - 5;
                    self.buf[at] = 0xff;
                }
                2 => self
                    .buf
                    .extend_from_slice(good.replace("2020-01-13", "2020-13-45").as_bytes()),
                3 => self
                    .buf
                    .extend_from_slice(good.replace("\"likes\":", "\"likes\":-").as_bytes()),
                _ => self
                    .buf
                    .extend_from_slice(good.replace("\"id\"", "\"xid\"").as_bytes()),
            }
        }
        self.buf.push(b'\n');
        self.line += 1;
    }
}

impl Read for CorruptFeed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.buf.len() {
            if self.line == self.lines {
                return Ok(0);
            }
            self.make_line();
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Resident set size in KiB (Linux); `None` elsewhere.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_million_lines_with_every_tenth_corrupt_stream_in_bounded_memory() {
    let _g = heavy();
    const LINES: u64 = 1_000_000;
    let records = Records::new(CorruptFeed::new(LINES), None, &lenient(Format::Jsonl))
        .expect("open the feed");
    let (mut ok, mut bad) = (0u64, 0u64);
    let mut kinds = std::collections::BTreeMap::<&str, u64>::new();
    let start_rss = rss_kib();
    let mut max_rss = start_rss;
    for (i, item) in records.enumerate() {
        match item {
            Ok(loc) => {
                ok += 1;
                // The record knows its line: ids were written as line - 1.
                if let Record::Post(p) = &loc.record {
                    assert_eq!(p.id, (loc.line - 1).to_string());
                }
            }
            Err(e) => {
                bad += 1;
                let line = e.location.line.expect("every error names its line");
                assert_eq!(line % 10, 0, "only every tenth line is corrupt: {e}");
                assert_eq!(e.location.source, "hostile");
                *kinds.entry(e.kind.as_str()).or_default() += 1;
            }
        }
        if i % 100_000 == 0 {
            max_rss = max_rss.max(rss_kib());
        }
    }
    assert_eq!((ok, bad), (900_000, 100_000));
    // Each corruption gives its own kind of error: a typed reason for every rejected line.
    assert_eq!(kinds.get("syntax"), Some(&20_000));
    assert_eq!(kinds.get("encoding"), Some(&20_000));
    assert_eq!(kinds.get("invalid_time"), Some(&20_000));
    assert_eq!(kinds.get("invalid_value"), Some(&20_000));
    assert_eq!(kinds.get("missing_field"), Some(&20_000));
    // Streaming: memory does not grow with the input. Collecting the 900,000 posts would take
    // hundreds of MB; the iterator holds one line at a time.
    if let (Some(a), Some(b)) = (start_rss, max_rss) {
        assert!(
            b.saturating_sub(a) < 64 * 1024,
            "RSS grew from {a} KiB to {b} KiB while streaming"
        );
    }
}

// --- encoding and line endings ----------------------------------------------------------------

#[test]
fn invalid_utf8_is_an_encoding_error_naming_line_or_column() {
    let mut jsonl = post_line("好").into_bytes();
    jsonl.push(b'\n');
    let mut bad = post_line("坏").into_bytes();
    let at = bad.len() - 4; // inside 坏 (3 bytes) → broken sequence
    bad[at] = 0xC3;
    jsonl.extend_from_slice(&bad);
    let e = read_bytes(&jsonl, &opts(Format::Jsonl)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert_eq!(e.location.line, Some(2));
    let (d, r) = read_bytes(&jsonl, &lenient(Format::Jsonl)).unwrap();
    assert_eq!((d.posts.len(), r.rejected, r.balanced()), (1, 1, true));

    let csv = b"id,uid,created_at,text\np1,gov,2020-01-13 08:07,\xff\xfe bad\n";
    let e = read_bytes(csv, &opts(Format::Csv)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encoding);
    assert_eq!(e.location.line, Some(2));
    assert_eq!(e.location.field.as_deref(), Some("text"));

    // A whole Weibo API document that is not UTF-8: one error for the document.
    let doc = b"{\"statuses\":[{\"idstr\":\"1\",\"text\":\"\xff\"}]}";
    let e = read_bytes(doc, &opts(Format::WeiboApi)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Encoding);
}

#[test]
fn a_bom_is_skipped_in_every_format() {
    let mut jsonl = b"\xef\xbb\xbf".to_vec();
    jsonl.extend_from_slice(post_line("有BOM").as_bytes());
    let (d, _) = read_bytes(&jsonl, &ReadOptions::default()).expect("BOM + JSONL, detected");
    assert_eq!(d.posts[0].text, "有BOM");

    let csv = "\u{feff}id,uid,created_at,text\np1,gov,2020-01-13 08:07,有BOM\n";
    let (d, _) = read_str(csv, &opts(Format::Csv)).expect("BOM + CSV");
    assert_eq!(
        d.posts[0].id, "p1",
        "the BOM is not part of the first header"
    );

    let doc = "\u{feff}{\"statuses\":[{\"idstr\":\"1\",\"created_at\":\"Tue May 31 17:46:55 +0800 2011\",\"text\":\"有BOM\",\"user\":{\"idstr\":\"u\"}}]}";
    let (d, _) = read_str(doc, &ReadOptions::default()).expect("BOM + API document");
    assert_eq!(d.posts[0].text, "有BOM");

    // A file that is only a BOM holds no records.
    let (d, r) = read_bytes(b"\xef\xbb\xbf", &lenient(Format::Jsonl)).unwrap();
    assert_eq!((r.seen, d.posts.len()), (0, 0));
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let lf = format!("{}\n{}\n", post_line("一"), post_line("二"));
    let crlf = lf.replace('\n', "\r\n");
    let (a, _) = read_str(&lf, &opts(Format::Jsonl)).unwrap();
    let (b, _) = read_str(&crlf, &opts(Format::Jsonl)).unwrap();
    assert_eq!(a, b);

    let csv_lf = "id,uid,created_at,text\np1,gov,2020-01-13 08:07,一\np2,gov,2020-01-13 09:07,二\n";
    let (a, _) = read_str(csv_lf, &opts(Format::Csv)).unwrap();
    let (b, _) = read_str(&csv_lf.replace('\n', "\r\n"), &opts(Format::Csv)).unwrap();
    assert_eq!(a, b);
    assert_eq!(b.posts[1].text, "二", "no stray \\r in the last column");
}

#[test]
fn nul_bytes_are_kept_in_text_or_rejected_as_bad_json() {
    // Escaped NUL inside a JSON string is valid JSON: kept as text.
    let (d, _) = read_str(&post_line(r"a\u0000b"), &opts(Format::Jsonl)).unwrap();
    assert_eq!(d.posts[0].text, "a\0b");
    // A raw NUL byte is a control character JSON forbids inside strings: a syntax error.
    let raw = post_line("a\0b");
    let e = read_str(&raw, &opts(Format::Jsonl)).unwrap_err();
    assert_eq!((e.kind, e.location.line), (ErrorKind::Syntax, Some(1)));
    // CSV has no such rule: the NUL stays in the cell.
    let csv = "id,uid,created_at,text\np1,gov,2020-01-13 08:07,a\0b\n";
    let (d, _) = read_str(csv, &opts(Format::Csv)).unwrap();
    assert_eq!(d.posts[0].text, "a\0b");
    // Text analyses take it as an ordinary character.
    assert_eq!(split_sentences("a\0b。c").concat(), "a\0b。c");
    assert_eq!(normalize("a\0b").clean, "a\0b");
    assert_eq!(tokenizer().cut("a\0b").concat(), "a\0b");
    // A NUL in a time is an invalid time, not a crash.
    assert_eq!(
        parse_time("2020-01-13\0 08:07").unwrap_err().kind,
        ErrorKind::InvalidTime
    );
}

// --- characters --------------------------------------------------------------------------------

#[test]
fn emoji_zwj_sequences_and_zero_width_characters() {
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    let text = format!("\u{200b}通知\u{feff}：{family}👍🏽 明天\u{2060}停水\u{00ad}。");
    let n = normalize(&text);
    // Zero-width characters are dropped from the prose, ZWJ included: a family emoji becomes
    // its four members (what the analyses read is the people, not the glyph).
    assert!(!n.clean.chars().any(is_zero_width), "{:?}", n.clean);
    assert_eq!(n.clean, "通知：👨👩👧👦👍🏽 明天停水。");
    // Sentence splitting and tokenising keep every character, ZWJ and all.
    assert_eq!(split_sentences(&text).concat(), text);
    assert_eq!(tokenizer().cut(&text).concat(), text);
    let (d, _) = read_str(&post_line(&text), &opts(Format::Jsonl)).unwrap();
    assert_eq!(
        d.posts[0].text, text,
        "the reader keeps the text as written"
    );
    // Emoji in a time or a count is a typed error.
    assert_eq!(
        parse_time("2020-01-13 08:07👍").unwrap_err().kind,
        ErrorKind::InvalidTime
    );
    assert!(zhengwu::read::parse_count("12👍").is_err());
}

#[test]
fn traditional_characters_read_and_analyse() {
    let text = "請問在哪裡辦理？市場監管局回覆：請撥打12315。";
    let (d, _) = read_str(&post_line(text), &opts(Format::Jsonl)).unwrap();
    assert_eq!(d.posts[0].text, text);
    assert_eq!(split_sentences(text).len(), 2);
    assert_eq!(normalize(text).clean, text);
    assert_eq!(tokenizer().cut(text).concat(), text);
    // Chinese dates use the same characters in both scripts.
    assert_eq!(
        parse_time("2020年1月13日 08:07").unwrap().to_rfc3339(),
        "2020-01-13T08:07:00+08:00"
    );
    // Traditional relative units (小時前, 分鐘前) are not among the formats read: a clear
    // InvalidTime error, never a guess.
    let ctx = TimeContext {
        reference: Some(parse_time("2020-01-14T18:00:00+08:00").unwrap()),
        ..TimeContext::default()
    };
    for s in ["3小時前", "5分鐘前"] {
        let e = parse_time_with(s, &ctx).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidTime, "{s}");
    }
}

// --- values ------------------------------------------------------------------------------------

#[test]
fn timestamps_in_1970_and_2100() {
    for (s, rfc) in [
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00"),
        ("1970-01-01 08:00", "1970-01-01T08:00:00+08:00"),
        ("2100-12-31 23:59:59", "2100-12-31T23:59:59+08:00"),
        ("4102444800", "2100-01-01T08:00:00+08:00"),
        ("4102444800000", "2100-01-01T08:00:00+08:00"),
        (
            "Fri Dec 31 23:59:59 +0800 2100",
            "2100-12-31T23:59:59+08:00",
        ),
    ] {
        assert_eq!(parse_time(s).unwrap().to_rfc3339(), rfc, "{s}");
    }
    // Unix time 0 written as one digit is not a unix time (10 or 13 digits): an error.
    assert_eq!(parse_time("0").unwrap_err().kind, ErrorKind::InvalidTime);
    // Years chrono cannot represent, and unix times past them, are errors, not panics.
    for s in [
        "+999999-01-01T00:00:00Z",
        "999999-01-01 00:00",
        "9999999999999999",
    ] {
        assert_eq!(
            parse_time(s).unwrap_err().kind,
            ErrorKind::InvalidTime,
            "{s}"
        );
    }

    // Posts in 1970 and 2100 in one dataset: the audit's window spans 130 years and every
    // score stays in range.
    let jsonl = format!(
        "{}\n{}\n",
        post_line("旧").replace("2020-01-13T08:07:00+08:00", "1970-01-01T00:00:00Z"),
        post_line("新")
            .replace("2020-01-13T08:07:00+08:00", "2100-12-31T23:59:59+08:00")
            .replace("\"p1\"", "\"p2\"")
    );
    let (d, _) = read_str(&jsonl, &opts(Format::Jsonl)).unwrap();
    let report = zhengwu::health::audit(&d, &Default::default()).expect("audit");
    let acc = report.account("gov").expect("gov");
    assert!(acc.scores.overall.is_finite() && (0.0..=100.0).contains(&acc.scores.overall));
    for c in &acc.scores.components {
        if let Some(s) = c.score {
            assert!(s.is_finite() && (0.0..=100.0).contains(&s), "{c:?}");
        }
    }
}

#[test]
fn negative_and_overflowing_counts_are_invalid_values_naming_the_field() {
    for (value, why) in [
        ("-5", "negative"),
        ("\"-5\"", "negative"),
        ("18446744073709551616", "overflows"),
        ("\"99999999999999999999999\"", "overflows"),
        ("\"1e400万\"", "out of range"),
        ("\"NaN万\"", "out of range"),
        ("1.5", "expected a count"),
        ("1e30", "overflows"),
    ] {
        let line = POST.replace("\"text\"", &format!("\"likes\":{value},\"text\""));
        let e = read_str(&line, &opts(Format::Jsonl)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidValue, "{value}: {e}");
        assert_eq!(e.location.field.as_deref(), Some("likes"), "{value}");
        assert!(e.reason.contains(why), "{value}: {}", e.reason);
    }
    // The largest count that fits is read exactly.
    let line = POST.replace("\"text\"", "\"likes\":18446744073709551615,\"text\"");
    let (d, _) = read_str(&line, &opts(Format::Jsonl)).unwrap();
    assert_eq!(d.posts[0].likes, Some(u64::MAX));
    // And it does not overflow the audit's sums.
    let two = format!(
        "{line}\n{}\n",
        line.replace("\"p1\"", "\"p2\"").replace(
            "\"text\"",
            "\"reposts\":18446744073709551615,\"comments\":18446744073709551615,\"text\""
        )
    );
    let (d, _) = read_str(&two, &opts(Format::Jsonl)).unwrap();
    let report = zhengwu::health::audit(&d, &Default::default()).expect("audit");
    let acc = report.account("gov").expect("gov");
    assert!((0.0..=100.0).contains(&acc.scores.overall));
}

// --- structure ---------------------------------------------------------------------------------

#[test]
fn deeply_nested_json_is_a_syntax_error_not_a_stack_overflow() {
    let _g = heavy();
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    // Inside a JSONL record.
    let line = POST.replace("\"TEXT\"", &format!("\"x\",\"extra\":{nested}"));
    let e = read_str(&line, &opts(Format::Jsonl)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.reason.contains("recursion limit"), "{}", e.reason);
    // As a whole Weibo API document, a mapped-JSON line and under auto-detection.
    for (input, format) in [
        (nested.clone(), Some(Format::WeiboApi)),
        (format!("{{\"statuses\":{nested}}}"), Some(Format::WeiboApi)),
        (deep_obj.clone(), Some(Format::MappedJson)),
        (nested.clone(), None),
        (deep_obj.clone(), None),
    ] {
        let o = ReadOptions {
            format,
            ..lenient(Format::Jsonl)
        };
        match read_str(&input, &o) {
            Err(e) => assert_eq!(e.kind, ErrorKind::Syntax, "{format:?}: {e}"),
            Ok((_, r)) => {
                assert!(r.balanced());
                assert_eq!(r.read, 0, "{format:?}: {r:?}");
                assert!(r.reasons.contains_key("syntax"), "{format:?}: {r:?}");
            }
        }
    }
    // 127 levels (inside serde_json's limit of 128) are fine: an extra field is ignored.
    let ok = POST.replace(
        "\"TEXT\"",
        &format!("\"x\",\"extra\":{}{}", "[".repeat(120), "]".repeat(120)),
    );
    assert!(read_str(&ok, &opts(Format::Jsonl)).is_ok());
}

#[test]
fn a_csv_with_a_quoted_newline_is_one_record_at_its_start_line() {
    let csv = "id,uid,created_at,text\n\
               p1,gov,2020-01-13 08:07,\"第一行\n第二行，\"\"引号\"\"\r\n第三行\"\n\
               p2,gov,2020-01-13 09:07,bad-count-follows\n\
               p3,gov,nonsense,x\n";
    let (d, r) = read_str(csv, &lenient(Format::Csv)).unwrap();
    assert_eq!((r.seen, r.read, r.rejected), (3, 2, 1));
    assert_eq!(d.posts[0].text, "第一行\n第二行，\"引号\"\r\n第三行");
    assert_eq!(d.posts[1].id, "p2");
    // The bad row is named by the physical line it starts on (6), not its row number (3).
    let e = read_str(csv, &opts(Format::Csv)).unwrap_err();
    assert_eq!(
        (e.kind, e.location.line, e.location.field.as_deref()),
        (ErrorKind::InvalidTime, Some(6), Some("created_at"))
    );
    // An unterminated quote swallows the rest of the file into one field: the row is short
    // of columns, reported as a truncated last line.
    let open = "id,uid,created_at,text\np1,gov,\"2020-01-13 08:07,x\np2,gov,2020-01-13 09:07,y\n";
    let (_, r) = read_str(open, &lenient(Format::Csv)).unwrap();
    assert!(r.balanced());
    assert_eq!((r.seen, r.rejected), (1, 1), "{r:?}");
}

#[test]
fn empty_and_whitespace_inputs_hold_no_records() {
    for input in ["", "\n\n\n", "   \r\n\t\n", "\u{feff}\n"] {
        for format in [
            Format::Jsonl,
            Format::WeiboApi,
            Format::Csv,
            Format::MappedJson,
        ] {
            let (d, r) = read_str(input, &lenient(format))
                .unwrap_or_else(|e| panic!("{format:?} {input:?}: {e}"));
            assert_eq!(
                (r.seen, d.posts.len() + d.comments.len() + d.accounts.len()),
                (0, 0),
                "{format:?} {input:?}"
            );
        }
    }
}

/// A reader that hands out one byte per `read` call, as a slow pipe or a decompressor may.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), out.first_mut()) {
            (Some((b, rest)), Some(o)) => {
                *o = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn format_detection_does_not_depend_on_how_the_reader_chunks_its_bytes() {
    // Regression (issue 8): the format was sniffed from whatever the first `read` returned, so
    // a reader giving one byte at a time turned our JSONL into "mapped JSON" and a
    // pretty-printed API document into per-line garbage.
    let jsonl = format!(
        "{}\n{}\n",
        post_line("一"),
        r#"{"kind":"comment","id":"c1","post_id":"p1","author_id":"u","created_at":"2020-01-13 09:00","text":"请问"}"#
    );
    let api = "\u{feff}{\n  \"statuses\": [\n    {\"idstr\": \"1\", \"created_at\": \"Tue May 31 17:46:55 +0800 2011\",\n     \"text\": \"好\", \"user\": {\"idstr\": \"u\"}}\n  ]\n}\n";
    for (input, format) in [
        (jsonl.as_str(), None),
        (api, None),
        (api, Some(Format::WeiboApi)),
    ] {
        let o = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        let whole = zhengwu::read::read_reader(input.as_bytes(), None, &o).expect("whole");
        let trickled =
            zhengwu::read::read_reader(Trickle(input.as_bytes()), None, &o).expect("trickled");
        assert_eq!(whole, trickled, "{format:?}");
        assert_eq!(whole.1.rejected, 0);
    }
}
