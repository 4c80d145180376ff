//! Checks shared by the fuzz targets. Each target feeds raw bytes to one entry point and then
//! asserts the library's promises, not only "no panic":
//! - lenient reads account for every record (`read + rejected == seen`), and the records
//!   handed out equal `read + derived`;
//! - every per-record error names its source and line, and has a kind a binding can map;
//! - strict mode agrees with lenient mode (it fails exactly when lenient rejected something);
//! - text functions keep their documented invariants (lossless sentence spans, no zero-width
//!   characters left in normalised prose, tokens that concatenate back to the input).

use chrono::DateTime;
use zhengwu::read::{Format, IngestReport, Mode, PRESETS, ReadOptions, Records, read_bytes};
use zhengwu::{Dataset, Error, ErrorKind, Timestamp};

/// The reference time used when a target resolves relative times (刚刚, 3小时前, 01-13 08:07).
pub fn reference() -> Timestamp {
    DateTime::parse_from_rfc3339("2020-01-14T18:00:00+08:00").expect("constant")
}

/// A preset name chosen by one input byte; `None` (auto mapping) for some values.
pub fn preset_for(selector: u8) -> Option<String> {
    let n = PRESETS.len() + 1;
    let i = selector as usize % n;
    PRESETS.get(i).map(|(name, _)| (*name).to_string())
}

/// Options for a fuzzed read: the first input byte picks preset, reference time and offset.
pub fn options(format: Option<Format>, selector: u8, with_preset: bool) -> ReadOptions {
    ReadOptions {
        format,
        mode: Mode::Lenient,
        preset: if with_preset {
            preset_for(selector >> 2)
        } else {
            None
        },
        source: "fuzz".into(),
        reference_time: (selector & 1 == 1).then(reference),
        default_offset_seconds: if selector & 2 == 2 { 0 } else { 8 * 3600 },
        account_id: (selector & 0x80 != 0).then(|| "fuzz-account".to_string()),
        ..ReadOptions::default()
    }
}

fn records_len(d: &Dataset) -> u64 {
    (d.accounts.len() + d.posts.len() + d.comments.len() + d.mentions.len()) as u64
}

fn check_error(e: &Error, per_record: bool) {
    // Kinds a read can produce; `Config` only for a bad preset or mapping, which the targets
    // never pass.
    assert!(
        matches!(
            e.kind,
            ErrorKind::Io
                | ErrorKind::Encoding
                | ErrorKind::Syntax
                | ErrorKind::MissingField
                | ErrorKind::InvalidValue
                | ErrorKind::InvalidTime
        ),
        "unexpected kind: {e}"
    );
    assert_eq!(e.location.source, "fuzz", "{e}");
    if per_record {
        assert!(
            e.location.line.is_some_and(|l| l >= 1),
            "record error without a line: {e}"
        );
    }
    assert!(!e.reason.is_empty());
    // Display must not panic either.
    let _ = e.to_string();
}

/// Reads `bytes` leniently, strictly and through the streaming iterator, and checks they agree.
pub fn check_read(bytes: &[u8], opts: &ReadOptions) -> Option<IngestReport> {
    let mut lenient = opts.clone();
    lenient.mode = Mode::Lenient;
    let got = read_bytes(bytes, &lenient);
    let (data, report) = match got {
        Ok(x) => x,
        Err(e) => {
            // Only a whole-document failure (a JSON array that does not parse, an unreadable
            // CSV header) may fail a lenient read; then strict must fail too.
            check_error(&e, false);
            let mut strict = opts.clone();
            strict.mode = Mode::Strict;
            assert!(read_bytes(bytes, &strict).is_err());
            return None;
        }
    };
    assert!(report.balanced(), "{report:?}");
    assert_eq!(
        records_len(&data),
        report.read + report.derived,
        "{report:?}"
    );
    assert_eq!(
        report.reasons.values().sum::<u64>(),
        report.rejected,
        "{report:?}"
    );
    assert!(report.examples.len() as u64 <= report.rejected.min(20));

    // Strict: fails exactly when lenient rejected something, else reads the same records.
    let mut strict = opts.clone();
    strict.mode = Mode::Strict;
    match read_bytes(bytes, &strict) {
        Ok((d, _)) => {
            assert_eq!(
                report.rejected, 0,
                "strict read succeeded, lenient rejected"
            );
            assert_eq!(d, data);
        }
        Err(e) => {
            assert!(report.rejected > 0, "strict failed, lenient did not: {e}");
            check_error(&e, true);
        }
    }

    // The streaming iterator yields the same records and errors, one at a time.
    if let Ok(records) = Records::new(bytes, None, &lenient) {
        let (mut ok, mut err) = (0u64, 0u64);
        for item in records {
            match item {
                Ok(_) => ok += 1,
                Err(e) => {
                    check_error(&e, true);
                    err += 1;
                }
            }
        }
        assert_eq!((ok, err), (report.read + report.derived, report.rejected));
    }
    Some(report)
}
