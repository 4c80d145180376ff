//! Reader: crawler JSON Lines through every preset and the auto mapping.
//! The first byte picks preset, reference time, default zone and a fallback account id.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[allow(unused_imports)]
use zhengwu::read::Format;
use zhengwu_fuzz::{check_read, options};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    check_read(input, &options(Some(Format::MappedJson), selector, true));
});
