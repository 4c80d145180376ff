"""Threads, fork and pickling: the objects are immutable and the GIL is released for the work."""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import threading
import time

import pytest

import zhengwu


def test_eight_threads_share_objects_and_get_identical_results(sample) -> None:
    texts = [p["text"] for p in sample.posts[:60]]
    model = zhengwu.TextClassifier.fit(texts[:20], ["a", "b"] * 10)
    config = zhengwu.Config("quality")
    expected = (
        zhengwu.post_quality(texts, config=config, as_frame=False),
        zhengwu.classify_messages(texts, as_frame=False),
        model.predict_labels(texts),
    )
    results: list = []
    errors: list = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(3):
                results.append(
                    (
                        zhengwu.post_quality(texts, config=config, as_frame=False),
                        zhengwu.classify_messages(texts, as_frame=False),
                        model.predict_labels(texts),
                    )
                )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 24
    assert all(r == expected for r in results)


def test_gil_is_released_during_native_work(sample) -> None:
    # While a long batch runs in one thread, another Python thread keeps running. The batch is
    # sized to last well over the ticker's 1 ms period however fast the analysis gets (the pass
    # is ~30 µs a post), and the bar is relative to how long it ran: a call holding the GIL
    # throughout would let the ticker in once or twice at most.
    texts = [p["text"] for p in sample.posts] * 20
    ticks = []
    done = threading.Event()

    def ticker() -> None:
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    start = time.perf_counter()
    try:
        zhengwu.post_quality(texts, as_frame=False, progress=False)
    finally:
        elapsed_ms = (time.perf_counter() - start) * 1000
        done.set()
        thread.join()
    assert len(ticks) >= 10, f"{len(ticks)} ticks in {elapsed_ms:.0f} ms"


def _classify_in_child(texts):  # top level: picklable for multiprocessing
    return zhengwu.classify_messages(texts, as_frame=False)


def _predict_in_child(model):
    return model.predict_labels(["请问怎么办", "投诉噪音"])


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method is Linux-only here")
def test_fork_after_use_in_the_parent(sample) -> None:
    texts = [p["text"] for p in sample.posts[:40]]
    # Use the native state (dictionary, rayon pool) in the parent first, then fork.
    expected = zhengwu.classify_messages(texts, as_frame=False)
    zhengwu.post_quality(texts[:10], as_frame=False)
    model = zhengwu.TextClassifier.fit(["请问怎么办理", "投诉噪音扰民"], ["ask", "complain"])
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        results = pool.map(_classify_in_child, [texts, texts])
        labels = pool.map(_predict_in_child, [model, model])
    assert results == [expected, expected]
    assert labels == [["ask", "complain"]] * 2


def test_objects_pickle(sample) -> None:
    model = zhengwu.TextClassifier.fit(["请问", "投诉"], ["ask", "complain"])
    for value in (zhengwu.Config("interaction"), model, sample):
        clone = pickle.loads(pickle.dumps(value))
        assert type(clone) is type(value)
    assert pickle.loads(pickle.dumps(model)).labels == model.labels
