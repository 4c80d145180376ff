"""Tables built natively (columns, evidence on request), records handed over without JSON, and
the functions that reuse an earlier result instead of analysing again."""

from __future__ import annotations

import datetime
import math

import pytest

import zhengwu

from conftest import EVIDENCE


def test_evidence_false_leaves_only_the_evidence_columns_out(sample) -> None:
    posts = sample.posts[:40]
    full = zhengwu.post_quality(posts, as_frame=False)
    lean = zhengwu.post_quality(posts, as_frame=False, evidence=False)
    assert list(full[0])[:3] == ["post_id", "account_id", "created_at"]
    assert list(full[0])[-len(EVIDENCE):] == EVIDENCE
    assert [{k: v for k, v in row.items() if k not in EVIDENCE} for row in full] == lean
    messages = [c["text"] for c in sample.comments[:40]]
    rows = zhengwu.classify_messages(messages, as_frame=False)
    bare = zhengwu.classify_messages(messages, as_frame=False, evidence=False)
    assert list(rows[0]) == ["text", "intent", "sentiment", "sentiment_score", "needs_reply",
                             "intent_evidence", "sentiment_evidence"]
    assert [{k: r[k] for k in bare[0]} for r in rows] == bare


def test_frames_and_rows_hold_the_same_values(sample) -> None:
    pandas = pytest.importorskip("pandas")
    posts = sample.posts[:30]
    frame = zhengwu.post_quality(posts)
    rows = zhengwu.post_quality(posts, as_frame=False)
    assert list(frame.columns) == list(rows[0])
    assert frame.to_dict("records") == rows
    assert frame["officialese"].dtype == "float64" and frame["chars"].dtype == "int64"
    assert frame["trivia"].dtype == "bool" and pandas.api.types.is_string_dtype(frame["post_type"])
    assert isinstance(frame["keywords"].iloc[0], list)
    assert isinstance(zhengwu.classify_messages(["你好"]), pandas.DataFrame)


def test_empty_batches_have_every_column() -> None:
    pandas = pytest.importorskip("pandas")
    frame = zhengwu.post_quality([])
    assert len(frame) == 0 and "officialese" in frame.columns and "keywords" in frame.columns
    assert isinstance(frame, pandas.DataFrame)
    assert list(zhengwu.classify_messages([]).columns)[:2] == ["text", "intent"]
    assert zhengwu.post_quality([], as_frame=False) == []


def test_equal_evidence_strings_are_shared_not_copied() -> None:
    rows = zhengwu.post_quality(["请拨打12345热线咨询。", "请拨打12345热线咨询办理。"], as_frame=False)
    first, second = (row["livelihood_details"] for row in rows)
    assert first and first[0]["text"] == second[0]["text"]
    # One string object per distinct text: cheaper to build, and strings are immutable.
    assert first[0]["text"] is second[0]["text"]
    # Dicts are not shared: changing one row's evidence leaves the other alone.
    first[0]["text"] = "changed"
    assert second[0]["text"] != "changed"


def test_records_with_values_json_lacks_are_cleaned_then_read() -> None:
    china = datetime.timezone(datetime.timedelta(hours=8))
    plain = {"id": "1", "account_id": "gov", "created_at": "2024-05-06T09:00:00+08:00", "text": "请拨打12345咨询"}
    rich = dict(plain, created_at=datetime.datetime(2024, 5, 6, 9, 0, tzinfo=china), likes=math.nan)
    got = zhengwu.post_quality([rich], as_frame=False)
    want = zhengwu.post_quality([plain], as_frame=False)
    assert [{k: v for k, v in r.items() if k != "created_at"} for r in got] == [
        {k: v for k, v in r.items() if k != "created_at"} for r in want
    ]
    health = zhengwu.account_health([rich], as_frame=False)
    assert health[0]["account_id"] == "gov"
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.post_quality([plain, dict(plain, id=None)])
    assert caught.value.line == 2 and caught.value.source == "posts"
    assert "null" in caught.value.reason


def test_reading_across_many_hand_overs_keeps_order_and_errors() -> None:
    lines = [
        '{"kind":"post","id":"%d","account_id":"gov","created_at":"2024-05-06T09:00:00+08:00","text":"第%d条"}' % (i, i)
        for i in range(1000)
    ]
    posts = zhengwu.read_posts("\n".join(lines) + "\n", format="jsonl")
    assert [p["id"] for p in posts] == [str(i) for i in range(1000)]
    lines[700] = '{"kind":"post","id":"700","account_id":"gov","text":"缺少时间"}'
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read_posts("\n".join(lines) + "\n", format="jsonl")
    assert caught.value.line == 701 and caught.value.field == "created_at"
    records, report = zhengwu.read_posts("\n".join(lines) + "\n", format="jsonl", lenient=True)
    assert len(records) == 999 and report["rejected"] == 1 and report["seen"] == 1000


def test_crisis_of_an_interactions_result_is_the_same_table(sample) -> None:
    for account in ("gov-healthy", "gov-mute"):
        result = zhengwu.interactions(sample.posts, sample.comments, account_id=account, as_frame=False)
        again = zhengwu.crisis(sample.posts, sample.comments, account_id=account, as_frame=False)
        assert zhengwu.crisis(result, as_frame=False) == again == result.crisis
    with pytest.raises(TypeError):
        zhengwu.crisis(result, sample.comments)


@pytest.mark.parametrize("by", ["all", "level", "system", "level_and_system"])
def test_cohort_of_an_audit_equals_a_fresh_audit(sample, by: str) -> None:
    report = zhengwu.audit(sample.posts, sample.comments, sample.accounts)
    fresh = zhengwu.cohort(sample.posts, sample.comments, sample.accounts, by=by, as_frame=False)
    assert zhengwu.cohort(report, by=by, as_frame=False) == fresh


def test_bci_and_health_of_an_audit_equal_fresh_calls(sample) -> None:
    report = zhengwu.audit(sample.posts, sample.comments, sample.accounts)
    args = (sample.posts, sample.comments, sample.accounts)
    assert zhengwu.bci(report, as_frame=False) == zhengwu.bci(*args, as_frame=False)
    assert zhengwu.account_health(report, as_frame=False) == zhengwu.account_health(*args, as_frame=False)
    with pytest.raises(TypeError):
        zhengwu.bci(report, config={"run_quality": False})
    with pytest.raises(zhengwu.ConfigError):
        report.league(by="province")


def test_progress_bar_is_off_by_default_unless_interactive(monkeypatch, capsys) -> None:
    from zhengwu import _progress

    monkeypatch.setattr(_progress.sys.stderr, "isatty", lambda: False, raising=False)
    assert not _progress._wanted(None, 100_000)  # scripts, CI, captured notebook output
    assert _progress._wanted(True, 1) and not _progress._wanted(False, 100_000)
    monkeypatch.setattr(_progress.sys.stderr, "isatty", lambda: True, raising=False)
    assert _progress._wanted(None, _progress.LONG_BATCH) and not _progress._wanted(None, 10)
    monkeypatch.setattr(_progress.sys.stderr, "isatty", lambda: False, raising=False)
    zhengwu.classify_messages(["请问怎么办理"] * (_progress.LONG_BATCH + 1), as_frame=False)
    assert "it/s" not in capsys.readouterr().err and "item/s" not in capsys.readouterr().err


def test_a_bad_record_in_a_later_chunk_names_its_position() -> None:
    good = {"id": "1", "account_id": "gov", "created_at": "2024-05-06T09:00:00+08:00", "text": "请拨打12345咨询"}
    posts = [dict(good, id=str(i)) for i in range(1200)]  # several native chunks
    posts[1100] = {"id": "x", "account_id": "gov", "text": "缺少时间"}
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.post_quality(posts)
    assert caught.value.line == 1101 and caught.value.field == "created_at"
    del posts[1100]
    rows = zhengwu.post_quality(posts, as_frame=False)
    assert [r["post_id"] for r in rows] == [p["id"] for p in posts]


def test_evidence_records_have_the_serde_shape(sample) -> None:
    # The table's evidence dicts are built by dedicated converters; `detail=True` goes through
    # the serde converter. Same keys, same order, same values.
    posts = sample.posts[:60]
    rows = zhengwu.post_quality(posts, as_frame=False)
    detail = zhengwu.post_quality(posts, detail=True)
    pairs = [
        ("post_type_cues", lambda d: d["post_type"]["cues"]),
        ("livelihood_categories", lambda d: d["livelihood"]["categories"]),
        ("livelihood_details", lambda d: d["livelihood"]["details"]),
    ]
    seen = {column: 0 for column, _ in pairs}
    for row, nested in zip(rows, detail):
        for column, part in pairs:
            assert repr(row[column]) == repr(part(nested))  # repr: key order too
            seen[column] += len(row[column])
    assert all(seen.values()), seen  # the sample exercises every kind
    [message] = zhengwu.classify_messages(["请问热线电话是多少？办事太慢了，不满意！"], as_frame=False)
    assert [list(e) for e in message["intent_evidence"]][:1] == [["intent", "phrase", "offset", "weight"]]
    assert [list(e) for e in message["sentiment_evidence"]][:1] == [["phrase", "offset", "weight", "negated"]]


def test_rows_hold_python_values_and_frames_numpy_columns(sample) -> None:
    rows = zhengwu.post_quality(sample.posts[:20], as_frame=False)
    assert type(rows[0]["officialese"]) is float and type(rows[0]["chars"]) is int
    assert type(rows[0]["trivia"]) is bool
    [message] = zhengwu.classify_messages(["谢谢，很满意"], as_frame=False)
    assert type(message["sentiment_score"]) is float and type(message["needs_reply"]) is bool
    pandas = pytest.importorskip("pandas")
    frame = zhengwu.classify_messages(["谢谢，很满意", "怎么还没有人回复？"])
    assert frame["sentiment_score"].dtype == "float64" and frame["needs_reply"].dtype == "bool"
    # The arrays are the frame's own: changing the frame leaves a second result alone.
    frame.loc[0, "sentiment_score"] = 5.0
    assert zhengwu.classify_messages(["谢谢，很满意"])["sentiment_score"][0] != 5.0
    assert isinstance(zhengwu.post_quality(sample.posts[:3]), pandas.DataFrame)


def test_scores_keep_their_shortest_decimal_in_arrays_and_rows() -> None:
    texts = ["谢谢，很满意", "太差了！", "一般般吧", "请问在哪里办理？"]
    pytest.importorskip("pandas")
    numpy = pytest.importorskip("numpy")
    frame = zhengwu.classify_messages(texts)
    rows = zhengwu.classify_messages(texts, as_frame=False)
    scores = [r["sentiment_score"] for r in rows]
    assert list(frame["sentiment_score"]) == scores and any(scores)
    # f32 scores come out as the short decimal JSON writes (0.35, not 0.3499999940395355).
    assert all(s == float(str(numpy.float32(s))) for s in scores)
