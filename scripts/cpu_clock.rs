//! CPU-time clocks for the benchmark programs (included with `#[path]`, not a crate module).
//!
//! On a shared machine the wall clock also counts the time a process waited for a core; CPU time
//! does not, so the benchmarks report both. `clock_gettime` rather than /proc's schedstat because
//! it includes the running time slice.

#![allow(dead_code)] // each benchmark uses one of the two clocks

/// CPU time used so far by the calling thread, in seconds (`CLOCK_THREAD_CPUTIME_ID`); NaN where
/// unavailable, which the reports show as missing.
pub fn thread_seconds() -> f64 {
    clock_seconds(3)
}

/// CPU time used so far by this process, all threads, in seconds (`CLOCK_PROCESS_CPUTIME_ID`, the
/// clock Python's `time.process_time()` reads on Linux, so both sides of a comparison are timed
/// alike); NaN where unavailable.
pub fn process_seconds() -> f64 {
    clock_seconds(2)
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn clock_seconds(clock: i32) -> f64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    let mut time = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid Linux clock id and a pointer to a timespec (two i64 on 64-bit Linux) that
    // lives across the call.
    if unsafe { clock_gettime(clock, &mut time) } != 0 {
        return f64::NAN;
    }
    time.tv_sec as f64 + time.tv_nsec as f64 * 1e-9
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn clock_seconds(_clock: i32) -> f64 {
    f64::NAN
}
