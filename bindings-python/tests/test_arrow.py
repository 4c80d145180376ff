"""Arrow-backed columns (pyarrow installed, a DataFrame asked for): the same cells as the
Python-object path (``arrow=False``), on the shared vectors and the sample, and on the CCTV
timeline when ../shared/data is there; the fallback without pyarrow; exports and pickling."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys

import pytest

import zhengwu
from zhengwu import _arrow

from conftest import EVIDENCE, shared_data_dir, vectors

pandas = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
if int(pandas.__version__.split(".")[0]) < 2:
    pytest.skip("Arrow columns need pandas >= 2", allow_module_level=True)

MESSAGE_EVIDENCE = ["intent_evidence", "sentiment_evidence"]
QUALITY_POSTS = [case["post"] for case in vectors("quality.json")["cases"]]
MESSAGES = [case["text"] for case in vectors("interaction.json")["classify"]]


def same_cells(arrow_frame, object_frame) -> None:
    """Every cell of the Arrow-backed frame reads back as the object frame's: the same lists of
    dicts (keys in the same order: compared by repr), strings, numbers and booleans."""
    assert list(arrow_frame.columns) == list(object_frame.columns)
    assert len(arrow_frame) == len(object_frame)
    got, want = arrow_frame.to_dict("records"), object_frame.to_dict("records")
    assert got == want
    assert repr(got) == repr(want)  # key order and value types (1 vs 1.0, None) too
    for column in arrow_frame.columns:
        assert repr(arrow_frame[column].tolist()) == repr(object_frame[column].tolist()), column
    for i in (0, len(arrow_frame) - 1):
        assert repr(arrow_frame.iloc[i].to_dict()) == repr(object_frame.iloc[i].to_dict())


def test_quality_vectors_read_back_as_the_object_path() -> None:
    frame = zhengwu.post_quality(QUALITY_POSTS)
    objects = zhengwu.post_quality(QUALITY_POSTS, arrow=False)
    for column in EVIDENCE:
        assert isinstance(frame[column].dtype, pandas.ArrowDtype), column
        assert objects[column].dtype == object
        item = frame[column].dtype.pyarrow_dtype.value_type
        dicts = [d for cell in objects[column] for d in cell if isinstance(d, dict)]
        if pa.types.is_struct(item):  # the struct's fields are the dicts' keys, in order
            assert dicts and [f.name for f in item] == list(dicts[0]), column
        else:
            assert not dicts, column
    assert pa.types.is_struct(frame["post_type_cues"].dtype.pyarrow_dtype.value_type)
    assert pa.types.is_large_string(frame["keywords"].dtype.pyarrow_dtype.value_type)
    assert frame["officialese"].dtype == "float64" and frame["chars"].dtype == "int64"
    assert frame["trivia"].dtype == "bool"
    assert frame["post_type"].dtype == objects["post_type"].dtype  # what pandas makes of str
    same_cells(frame, objects)
    cell = frame.officialese_phrases[0]
    assert isinstance(cell, list) and cell == objects.officialese_phrases[0]
    # Bare texts take the same path.
    texts = [p["text"] for p in QUALITY_POSTS]
    same_cells(zhengwu.post_quality(texts), zhengwu.post_quality(texts, arrow=False))


def test_message_vectors_read_back_as_the_object_path() -> None:
    frame = zhengwu.classify_messages(MESSAGES)
    objects = zhengwu.classify_messages(MESSAGES, arrow=False)
    for column in MESSAGE_EVIDENCE:
        assert isinstance(frame[column].dtype, pandas.ArrowDtype)
    assert frame["sentiment_score"].dtype == "float64" and frame["needs_reply"].dtype == "bool"
    same_cells(frame, objects)
    assert any(frame.intent_evidence.tolist()) and any(frame.sentiment_evidence.tolist())


def test_sample_reads_back_as_the_object_path_and_rows(sample) -> None:
    frame = zhengwu.post_quality(sample.posts)
    same_cells(frame, zhengwu.post_quality(sample.posts, arrow=False))
    # The rows path (no DataFrame) never builds Arrow columns: lists of dicts as before.
    rows = zhengwu.post_quality(sample.posts, as_frame=False)
    assert type(rows[0]["keywords"]) is list and frame.to_dict("records") == rows
    messages = [c["text"] for c in sample.comments]
    same_cells(zhengwu.classify_messages(messages), zhengwu.classify_messages(messages, arrow=False))


def test_non_finite_weights_are_none_in_both_paths() -> None:
    # The float fields of evidence structs carry a validity bitmap: null reads back as None.
    spec = ("list", 2, (b"\0\0\0\0" b"\1\0\0\0" b"\2\0\0\0"),
            ("struct", 2, (("weight", ("f64", 2, b"\0" * 16, bytes([0b01]))),)))
    array = _arrow.array(pa, spec)
    assert array.to_pylist() == [[{"weight": 0.0}], [{"weight": None}]]


def test_without_pyarrow_the_object_path_is_used(monkeypatch) -> None:
    monkeypatch.setattr(_arrow, "_pyarrow", lambda: None)
    frame = zhengwu.post_quality(QUALITY_POSTS)
    assert all(frame[c].dtype == object for c in EVIDENCE)
    assert isinstance(frame.keywords[0], list)
    messages = zhengwu.classify_messages(MESSAGES)
    assert all(messages[c].dtype == object for c in MESSAGE_EVIDENCE)
    with pytest.raises(ImportError, match="pyarrow"):
        zhengwu.post_quality(QUALITY_POSTS, arrow=True)
    monkeypatch.undo()
    same_cells(zhengwu.post_quality(QUALITY_POSTS, arrow=True), frame)


def test_progress_chunks_and_empty_batches_keep_python_lists(monkeypatch) -> None:
    # A batch split for a progress bar is joined as lists (no Arrow), as its numbers are.
    texts = [p["text"] for p in QUALITY_POSTS] * 3
    monkeypatch.setattr(zhengwu._progress, "CHUNK", 5)
    split = zhengwu.post_quality(texts, progress=True)
    assert split["keywords"].dtype == object
    same_cells(zhengwu.post_quality(texts), split)
    empty = zhengwu.post_quality([])
    assert len(empty) == 0 and "keywords" in empty.columns


def test_exports_and_pickle_keep_the_cells(tmp_path) -> None:
    frame = zhengwu.post_quality(QUALITY_POSTS)
    objects = zhengwu.post_quality(QUALITY_POSTS, arrow=False)
    # JSON: the same text as the object path.
    assert frame.to_json(force_ascii=False) == objects.to_json(force_ascii=False)
    assert frame.to_json(orient="records", lines=True) == objects.to_json(orient="records", lines=True)
    # Pickle (multiprocessing, Dask): the same frame back.
    again = pickle.loads(pickle.dumps(frame))
    assert again.equals(frame) and again.dtypes.equals(frame.dtypes)
    # Parquet: written natively, read back with Arrow dtypes (pandas cannot rebuild nested Arrow
    # dtypes from the file's pandas metadata yet: pandas-dev/pandas#57411).
    path = tmp_path / "quality.parquet"
    frame.to_parquet(path)
    back = pandas.read_parquet(path, dtype_backend="pyarrow")
    assert back.to_dict("records") == objects.to_dict("records")
    messages = zhengwu.classify_messages(MESSAGES)
    buffer = io.BytesIO()
    messages.to_parquet(buffer)
    buffer.seek(0)
    assert pandas.read_parquet(buffer, dtype_backend="pyarrow").to_dict("records") == messages.to_dict("records")


def test_import_does_not_load_pyarrow() -> None:
    code = "import sys, zhengwu; print('pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cctv_timeline_reads_back_as_the_object_path() -> None:
    base = shared_data_dir()
    path = base / "cctv-news-weibo-timeline-2020" / "timeline.csv" if base else None
    if path is None or not path.exists():
        pytest.skip("SKIP: ../shared/data/cctv-news-weibo-timeline-2020 is not here")
    posts = zhengwu.read_posts(path)
    same_cells(zhengwu.post_quality(posts), zhengwu.post_quality(posts, arrow=False))
    texts = [p["text"] for p in posts]
    same_cells(zhengwu.classify_messages(texts), zhengwu.classify_messages(texts, arrow=False))
