"""Hostile inputs and concurrency across the Python boundary (issue 8).

Every bad input raises one of the documented exceptions (``zhengwu.ParseError``, a ``ValueError``
carrying ``kind``, ``source``, ``line``, ``field`` and ``reason``; ``ConfigError``;
``ZhengwuIOError``, an ``OSError``), never a crash of the interpreter; the module keeps working
after an error; calls from 8 threads at once and from processes forked after the module was used
give the same results as calls made one at a time.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading

import pytest

import zhengwu

POST = (
    '{"kind":"post","id":"p1","account_id":"gov","created_at":"2020-01-13T08:07:00+08:00",'
    '"text":"TEXT"LIKES}'
)


def post(text: str = "好", likes: str = "") -> str:
    return POST.replace("TEXT", text).replace("LIKES", likes)


def good_jsonl(n: int = 50) -> str:
    return "".join(post(f"第{i}条").replace('"p1"', f'"p{i}"') + "\n" for i in range(n))


def check_parse_error(error: BaseException, kind: str, line, field=None, source="<memory>") -> None:
    assert isinstance(error, zhengwu.ParseError)
    assert isinstance(error, zhengwu.ZhengwuError)
    assert isinstance(error, ValueError)
    assert error.kind == kind, error
    assert error.line == line, error
    assert error.field == field, error
    assert error.source == source, error
    assert error.reason and error.reason in str(error)


# --- hostile inputs ----------------------------------------------------------------------------


def test_invalid_utf8_names_line_and_column() -> None:
    data = (post("好") + "\n").encode() + post("坏").encode().replace("坏".encode(), b"\xc3\x28")
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(data, format="jsonl", source="upload.jsonl")
    check_parse_error(caught.value, "encoding", 2, source="upload.jsonl")
    lenient = zhengwu.read(data, format="jsonl", lenient=True)
    assert (len(lenient.posts), lenient.report["rejected"]) == (1, 1)
    csv = b"id,uid,created_at,text\np1,gov,2020-01-13 08:07,\xff\xfe\n"
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(csv, format="csv")
    check_parse_error(caught.value, "encoding", 2, field="text")


def test_lone_surrogates_in_a_str_are_a_value_error() -> None:
    # A Python str that is not valid Unicode cannot cross into Rust: UnicodeEncodeError (a
    # ValueError), raised before the library runs.
    with pytest.raises(ValueError):
        zhengwu.read(post("\ud800") + "\n", format="jsonl")


def test_bom_crlf_and_nul() -> None:
    bom = zhengwu.read(("\ufeff" + post("有BOM") + "\n").encode(), format="jsonl")
    assert bom.posts[0]["text"] == "有BOM"
    crlf = zhengwu.read(good_jsonl(3).replace("\n", "\r\n"), format="jsonl")
    assert [p["text"] for p in crlf.posts] == ["第0条", "第1条", "第2条"]
    escaped_nul = zhengwu.read(post("a\\u0000b") + "\n", format="jsonl")
    assert escaped_nul.posts[0]["text"] == "a\x00b"
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(post("a\x00b") + "\n", format="jsonl")
    check_parse_error(caught.value, "syntax", 1)


def test_emoji_zero_width_and_traditional_text_survive_the_round_trip() -> None:
    text = "\u200b請問👨\u200d👩\u200d👧在哪裡辦理？\ufeff"
    result = zhengwu.read(post(text) + "\n", format="jsonl")
    assert result.posts[0]["text"] == text


def test_negative_and_overflowing_counts() -> None:
    for likes, why in [
        (',"likes":-5', "negative"),
        (',"likes":18446744073709551616', "overflows"),
        (',"likes":"1e400万"', "out of range"),
    ]:
        with pytest.raises(zhengwu.ParseError) as caught:
            zhengwu.read(post(likes=likes) + "\n", format="jsonl")
        check_parse_error(caught.value, "invalid_value", 1, field="likes")
        assert why in caught.value.reason
    biggest = zhengwu.read(post(likes=',"likes":18446744073709551615') + "\n", format="jsonl")
    assert biggest.posts[0]["likes"] == 2**64 - 1


def test_timestamps_in_1970_and_2100() -> None:
    old = post().replace("2020-01-13T08:07:00+08:00", "1970-01-01T00:00:00Z")
    new = post().replace("2020-01-13T08:07:00+08:00", "2100-12-31T23:59:59+08:00")
    result = zhengwu.read(old + "\n" + new.replace('"p1"', '"p2"') + "\n", format="jsonl")
    assert [p["created_at"] for p in result.posts] == [
        "1970-01-01T00:00:00Z",
        "2100-12-31T23:59:59+08:00",
    ]
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(post().replace("2020-01-13T08:07:00+08:00", "2020-13-45") + "\n", format="jsonl")
    check_parse_error(caught.value, "invalid_time", 1, field="created_at")


def test_deeply_nested_json_is_a_parse_error_not_a_crash() -> None:
    depth = 100_000
    nested = "[" * depth + "]" * depth
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(post('x","extra":' + nested + ',"y":"') + "\n", format="jsonl")
    check_parse_error(caught.value, "syntax", 1)
    assert "recursion limit" in caught.value.reason
    with pytest.raises(zhengwu.ParseError):
        zhengwu.read(nested, format="weibo_api")


def test_a_10_mb_post_and_a_quoted_newline() -> None:
    text = "市场监管局提醒您注意食品安全。" * (10 * 1024 * 1024 // 45 + 1)
    result = zhengwu.read(post(text) + "\n")
    assert result.report["format"] == "jsonl"
    assert result.posts[0]["text"] == text
    csv = 'id,uid,created_at,text\np1,gov,2020-01-13 08:07,"第一行\n第二行"\np2,gov,nonsense,x\n'
    lenient = zhengwu.read(csv, format="csv", lenient=True)
    assert lenient.posts[0]["text"] == "第一行\n第二行"
    assert (lenient.report["seen"], lenient.report["rejected"]) == (2, 1)
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(csv, format="csv")
    check_parse_error(caught.value, "invalid_time", 4, field="created_at")


def test_every_tenth_line_corrupt_is_counted_with_reasons() -> None:
    lines = good_jsonl(10_000).splitlines()
    for i in range(9, len(lines), 10):
        lines[i] = lines[i][: len(lines[i]) // 2]
    result = zhengwu.read("\n".join(lines) + "\n", format="jsonl", lenient=True)
    report = result.report
    assert (report["seen"], report["read"], report["rejected"]) == (10_000, 9_000, 1_000)
    assert report["reasons"] == {"syntax": 1_000}
    assert len(report["examples"]) == 20


def test_unknown_preset_and_format_are_config_errors_and_missing_files_io_errors(tmp_path) -> None:
    with pytest.raises(zhengwu.ConfigError) as caught:
        zhengwu.read("a,b\n1,2\n", format="csv", preset="no-such-preset")
    assert caught.value.kind == "config" and isinstance(caught.value, ValueError)
    with pytest.raises(zhengwu.ZhengwuIOError) as caught:
        zhengwu.read(tmp_path / "missing.csv")
    assert caught.value.kind == "io" and isinstance(caught.value, OSError)


def test_the_module_works_after_every_kind_of_error() -> None:
    bad_inputs = [
        (b"\xff\n", {"format": "jsonl"}),
        ("{\n", {"format": "jsonl"}),
        ("[" * 10_000, {"format": "weibo_api"}),
        ("x", {"format": "no-such-format"}),
    ]
    for data, options in bad_inputs:
        with pytest.raises(zhengwu.ZhengwuError):
            zhengwu.read(data, **options)
        assert len(zhengwu.read(good_jsonl(2), format="jsonl").posts) == 2


# --- concurrency -------------------------------------------------------------------------------


def _work(i: int):
    """One unit of work: a good read, a lenient read with rejects, a strict failure."""
    good = zhengwu.read(good_jsonl(20 + i % 7), format="jsonl")
    mixed = zhengwu.read(good_jsonl(30) + "{broken\n" + post() + "\n", format="jsonl", lenient=True)
    try:
        zhengwu.read(post(likes=f',"likes":-{i + 1}') + "\n", format="jsonl", source=f"t{i}")
        error = None
    except zhengwu.ParseError as e:
        error = (e.kind, e.line, e.field, e.source)
    return (
        [p["id"] for p in good.posts],
        (mixed.report["seen"], mixed.report["read"], mixed.report["rejected"]),
        error,
    )


def test_eight_threads_at_once_give_the_sequential_results() -> None:
    expected = [_work(i) for i in range(64)]
    results: dict = {}
    errors: list = []
    barrier = threading.Barrier(8)

    def run(t: int) -> None:
        try:
            barrier.wait()
            for i in range(t, 64, 8):
                results[i] = _work(i)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert errors == []
    assert [results[i] for i in range(64)] == expected
    assert expected[0][2] == ("invalid_value", 1, "likes", "t0")


@pytest.mark.skipif(
    sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs the fork start method",
)
def test_use_after_fork() -> None:
    # Use the module in the parent first (any lazily built state exists before the fork), and
    # from threads too, then fork workers that use it again.
    expected = [_work(i) for i in range(16)]
    warm = threading.Thread(target=_work, args=(99,))
    warm.start()
    warm.join()
    context = multiprocessing.get_context("fork")
    with context.Pool(4) as pool:
        got = pool.map_async(_work, range(16)).get(timeout=120)
    assert got == expected
    # And the parent still works after its children are gone.
    assert _work(3) == expected[3]
