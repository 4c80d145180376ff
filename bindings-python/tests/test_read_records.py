"""The record dicts the readers build (bindings-python/src/records.rs) against the core's own
serde_json text of the same read (`_native.read_bytes_json`): equal values and the same key
order, for every record kind, strict and lenient, on the vectors, odd times and the real data."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, List

import pytest

import zhengwu
from zhengwu import _native

from conftest import SAMPLE, VECTORS, shared_data_dir

KINDS = ("accounts", "posts", "comments", "mentions")


def _same(built: Dict[str, Any], reference: Dict[str, Any]) -> None:
    for kind in KINDS:
        assert len(built[kind]) == len(reference[kind]), kind
        for i, (record, expected) in enumerate(zip(built[kind], reference[kind])):
            # Key order too: DataFrame columns and json.dumps follow it.
            assert list(record) == list(expected), (kind, i)
            assert record == expected, (kind, i)
            for key, value in record.items():
                assert type(value) is type(expected[key]), (kind, i, key)
    assert built["report"] == reference["report"]
    assert list(built) == list(reference)


def _check_path(path: pathlib.Path, **options: Any) -> Dict[str, Any]:
    data = path.read_bytes()
    reference = json.loads(_native.read_bytes_json(data, source=str(path), **options))
    _same(_native.read_path(str(path), **options), reference)
    _same(_native.read_bytes(data, source=str(path), **options), reference)
    return reference


def _check_text(text: str, **options: Any) -> Dict[str, Any]:
    reference = json.loads(_native.read_bytes_json(text.encode("utf-8"), **options))
    _same(_native.read_text(text, **options), reference)
    return reference


@pytest.mark.parametrize("lenient", [False, True])
def test_vector_records_of_every_kind_equal_the_core_serialisation(lenient: bool) -> None:
    reference = _check_path(VECTORS / "inputs" / "read_basic.jsonl", format="jsonl", lenient=lenient)
    assert all(reference[kind] for kind in KINDS)
    # The shapes serde varies: a repost, media and hashtags present, skipped when empty.
    posts = reference["posts"]
    assert any(p["repost_of"] for p in posts) and any("media" in p for p in posts)
    assert any("hashtags" not in p for p in posts)


def test_bundled_sample_equals_the_core_serialisation() -> None:
    _check_path(SAMPLE, lenient=True)


def _post(i: int, created_at: str, **fields: Any) -> str:
    record = {"kind": "post", "id": str(i), "account_id": "a", "created_at": created_at, "text": f"第{i}条"}
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def test_times_texts_and_lists_in_every_form_equal_the_core_serialisation() -> None:
    # Every branch of the hand-written time writer (fractions of 3, 6 and 9 digits, UTC as
    # "Z", negative and odd offsets, the first and last years it writes, leap seconds, which it
    # leaves to chrono) and of the string maker (ASCII, short and long Chinese, characters outside
    # the BMP, a NUL, Latin-1 only).
    times = [
        "2020-01-13T08:07:00+08:00",
        "2020-01-13T08:07:00.5+08:00",
        "2020-01-13T08:07:00.123456+08:00",
        "2020-01-13T08:07:00.123456789+08:00",
        "2020-01-13T08:07:00.000000001-05:30",
        "2020-01-13T00:00:00Z",
        "2020-01-13T00:00:00+00:00",
        "2020-02-29T23:59:59+14:00",
        "1999-12-31T23:59:59-12:45",
        "0000-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2016-12-31T23:59:60Z",
        "2016-12-31T23:59:60.5+08:00",
    ]
    texts = [
        "plain ascii text that is longer than thirty-two bytes",
        "短",
        "市场监管局提醒：购买散装食品请认准生产日期和保质期，遇到问题请拨打12315。" * 3,
        "表情 😀🎉 与 𠮷 字，超出基本多文种平面的字符" * 2,
        "含有\u0000空字符的一段比较长的文字内容内容内容内容内容",
        "café crème brûlée à la française, naïve façade",
        "",
    ]
    lines = [_post(i, t) for i, t in enumerate(times)]
    lines += [_post(100 + i, times[0], text=text) for i, text in enumerate(texts)]
    lines.append(_post(200, times[0], media=["image", "video"], hashtags=["年货", "春节"], mentions=["某某"],
                       client="微博 weibo.com", account_name="示例", reposts=0, comments=2**40, likes=None,
                       is_repost=True, truncated=True))
    lines.append(json.dumps({"kind": "account", "id": "a", "admin_level": "county", "created_at": times[5],
                             "affiliated_ids": ["b", "c"], "verified_type": -1}, ensure_ascii=False))
    lines.append(json.dumps({"kind": "comment", "id": "c1", "post_id": "1", "parent_id": "c0", "author_id": "u",
                             "created_at": times[3], "text": texts[2], "likes": 0}, ensure_ascii=False))
    lines.append(json.dumps({"kind": "mention", "id": "m1", "account_id": "a", "author_id": "u",
                             "author_name": "某人", "created_at": times[4], "text": texts[3]}, ensure_ascii=False))
    reference = _check_text("\n".join(lines) + "\n", format="jsonl")
    assert [p["created_at"] for p in reference["posts"][: len(times)]] == [
        "2020-01-13T08:07:00+08:00",
        "2020-01-13T08:07:00.500+08:00",
        "2020-01-13T08:07:00.123456+08:00",
        "2020-01-13T08:07:00.123456789+08:00",
        "2020-01-13T08:07:00.000000001-05:30",
        "2020-01-13T00:00:00Z",
        "2020-01-13T00:00:00Z",
        "2020-02-29T23:59:59+14:00",
        "1999-12-31T23:59:59-12:45",
        "0000-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2016-12-31T23:59:60Z",
        "2016-12-31T23:59:60.500+08:00",
    ]


def test_lenient_read_with_rejected_lines_equals_the_core_serialisation() -> None:
    good = _post(1, "2020-01-13T08:07:00+08:00")
    text = "\n".join([good, "{not json", _post(2, "not a time"), good.replace('"1"', '"3"')]) + "\n"
    reference = _check_text(text, format="jsonl", lenient=True)
    assert reference["report"]["rejected"] == 2 and len(reference["posts"]) == 2


def _shared(relative: str) -> pathlib.Path:
    data = shared_data_dir()
    if data is None or not (data / relative).is_file():
        pytest.skip(f"SKIP: {relative} not in the shared data")
    return data / relative


@pytest.mark.parametrize(
    "relative",
    [
        "cctv-news-weibo-timeline-2020/timeline.csv",  # the benchmark's timeline
        "weibo-accounts-activity-2024-11/posts.jsonl",  # reposts, media, hashtags, mentions
        "weibo-accounts-activity-2024-11/accounts.csv",
        "gqt-weibo-timeline-comments-2020-01/comments.csv",
    ],
)
@pytest.mark.parametrize("lenient", [False, True])
def test_real_data_records_equal_the_core_serialisation(relative: str, lenient: bool) -> None:
    reference = _check_path(_shared(relative), lenient=lenient)
    assert sum(len(reference[kind]) for kind in KINDS) > 0


def test_read_posts_returns_the_same_records() -> None:
    path = _shared("cctv-news-weibo-timeline-2020/timeline.csv")
    posts: List[Dict[str, Any]]
    posts, report = zhengwu.read_posts(path, lenient=True)
    reference = json.loads(_native.read_bytes_json(path.read_bytes(), source=str(path), lenient=True))
    assert posts == reference["posts"] and len(posts) == 7951
    assert report == reference["report"]


def test_random_times_equal_the_core_serialisation() -> None:
    # The hand-written time writer against chrono over 3,000 random times: every year it writes,
    # every month length, fractions of every width, offsets to ±23:59 (and odd seconds, which
    # chrono rounds to the minute).
    import random

    rng = random.Random(20261126)
    lines = []
    for i in range(3000):
        fraction = rng.choice(["", f".{rng.randrange(10**3):03d}", f".{rng.randrange(10**6):06d}",
                               f".{rng.randrange(10**9):09d}", f".{rng.randrange(10)}"])
        offset = rng.choice(["Z", "+00:00", "-00:00", "+08:00", "-05:30",
                             f"{rng.choice('+-')}{rng.randrange(24):02d}:{rng.randrange(60):02d}"])
        time = (f"{rng.randrange(10000):04d}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T"
                f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}{fraction}{offset}")
        lines.append(_post(i, time))
    reference = _check_text("\n".join(lines) + "\n", format="jsonl", lenient=True)
    assert len(reference["posts"]) > 2900
