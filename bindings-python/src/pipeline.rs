//! Batch calls in chunks, so that converting overlaps with analysing: while the rayon pool
//! analyses one chunk (GIL released), the calling thread, holding the GIL, reads the next
//! chunk's records out of their Python objects and builds the Python results of the chunks
//! already done. The analysis is per item, so chunking does not change any result.

use std::ops::Range;
use std::sync::mpsc;

use pyo3::prelude::*;
use pyo3::types::PyList;

/// Items per chunk: enough that each chunk keeps both pool threads busy, few enough that
/// converting starts early and the last chunk's conversion (not overlapped) is short.
pub const CHUNK: usize = 512;

/// Runs `work` over `len` items in chunks on a thread of its own (inside this process's rayon
/// pool), feeding it `input(range)` of each chunk and handing each result, in order, to
/// `output`. `input` and `output` run here with the GIL; `work` without it.
pub fn run<I: Send, O: Send>(
    py: Python<'_>,
    len: usize,
    mut input: impl FnMut(Range<usize>) -> PyResult<I>,
    work: impl Fn(I) -> Result<O, zhengwu::Error> + Send + Sync,
    mut output: impl FnMut(O) -> PyResult<()>,
) -> PyResult<()> {
    let (to_work, inputs) = mpsc::channel::<I>();
    let (to_main, mut results) = mpsc::channel::<Result<O, zhengwu::Error>>();
    std::thread::scope(|scope| -> PyResult<()> {
        let work = &work;
        scope.spawn(move || {
            // The pool only ever runs the analysis of a chunk: its threads never wait on the
            // channel (a pool thread blocked there could hold up other callers' batches).
            let pool = crate::pool();
            for chunk in inputs {
                let result = match &pool {
                    Some(pool) => pool.install(|| work(chunk)),
                    None => work(chunk),
                };
                // A closed channel: the calling side failed and reports its own error.
                if to_main.send(result).is_err() {
                    break;
                }
            }
        });
        let mut pending = 0usize;
        let mut take = |result: Result<O, zhengwu::Error>| -> PyResult<()> {
            output(result.map_err(|e| crate::to_py_err(py, e))?)?;
            let_others_run(py);
            Ok(())
        };
        for start in (0..len).step_by(CHUNK) {
            let chunk = input(start..(start + CHUNK).min(len))?;
            if to_work.send(chunk).is_err() {
                break; // the worker is gone: its result says why
            }
            let_others_run(py);
            pending += 1;
            // Results already done are converted while the next chunks are analysed.
            while let Ok(result) = results.try_recv() {
                pending -= 1;
                take(result)?;
            }
        }
        drop(to_work);
        while pending > 0 {
            // The GIL is released while this thread waits for the pool.
            let (back, next) = py.detach(move || {
                let next = results.recv();
                (results, next)
            });
            results = back;
            let Ok(result) = next else { break };
            pending -= 1;
            take(result)?;
        }
        Ok(())
    })
}

/// Releases the GIL for a moment between chunks, so that other Python threads are not held up
/// for the whole conversion of a long batch (conversion never returns to the interpreter, which
/// is where Python would otherwise switch threads).
fn let_others_run(py: Python<'_>) {
    py.detach(std::thread::yield_now);
}

/// Appends the items of `part` to `whole`.
pub fn extend_list<'py>(whole: &Bound<'py, PyList>, part: Bound<'py, PyAny>) -> PyResult<()> {
    whole.call_method1(pyo3::intern!(whole.py(), "extend"), (part,))?;
    Ok(())
}
