//! Time parsing: every absolute format, unix times, Chinese dates and relative times, with and
//! without a reference time, in two default zones. A failure must be `InvalidTime`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhengwu::ErrorKind;
use zhengwu::time::{TimeContext, cst, parse_time_with};
use zhengwu_fuzz::reference;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let utc = chrono::FixedOffset::east_opt(0).expect("0 is a valid offset");
    for (offset, reference) in [
        (cst(), None),
        (cst(), Some(reference())),
        (utc, Some(reference())),
    ] {
        let ctx = TimeContext {
            default_offset: offset,
            reference,
        };
        match parse_time_with(text, &ctx) {
            Ok(t) => {
                // Formatting the result must work too (it is what the bindings hand out).
                let _ = t.to_rfc3339();
            }
            Err(e) => assert_eq!(e.kind, ErrorKind::InvalidTime, "{e}"),
        }
    }
});
