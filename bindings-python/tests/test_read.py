"""zhengwu.read against the shared vectors in tests/vectors/read_basic.json (one truth, three checks)."""

from __future__ import annotations

import json
import pathlib
import threading

import pytest

import zhengwu

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
CASES = json.loads((VECTORS / "read_basic.json").read_text(encoding="utf-8"))["cases"]


def _case(name: str) -> dict:
    return next(case for case in CASES if case["name"] == name)


def _read_case(case: dict, **overrides) -> zhengwu.ReadResult:
    options = {**case["options"], **overrides}
    if "input_file" in case:
        return zhengwu.read(VECTORS / case["input_file"], **options)
    return zhengwu.read(case["input_text"], **options)


def _check_expectations(result: zhengwu.ReadResult, expect: dict) -> None:
    for kind, count in expect["counts"].items():
        assert len(getattr(result, kind)) == count, kind
    for key, value in expect["report"].items():
        assert result.report[key] == value, key
    assert result.report["read"] + result.report["rejected"] == result.report["seen"]
    for key, value in expect.get("first_post", {}).items():
        assert result.posts[0][key] == value, key
    for key, value in expect.get("first_account", {}).items():
        assert result.accounts[0][key] == value, key
    for key, value in expect.get("last_comment", {}).items():
        assert result.comments[-1][key] == value, key


@pytest.mark.parametrize("case", [c for c in CASES if "expect" in c], ids=lambda c: c["name"])
def test_vector_reads_expected_records(case: dict) -> None:
    _check_expectations(_read_case(case), case["expect"])


@pytest.mark.parametrize("case", [c for c in CASES if "expect_error" in c], ids=lambda c: c["name"])
def test_vector_strict_error_names_kind_and_line(case: dict) -> None:
    with pytest.raises(zhengwu.ParseError) as caught:
        _read_case(case)
    error = caught.value
    assert isinstance(error, zhengwu.ZhengwuError)
    assert isinstance(error, ValueError)
    assert error.kind == case["expect_error"]["kind"]
    assert error.line == case["expect_error"]["line"]
    assert error.reason
    assert str(error.line) in str(error)


def test_text_str_path_and_bytes_inputs_agree() -> None:
    case = _case("basic_jsonl")
    path = VECTORS / case["input_file"]
    by_path = zhengwu.read(path, format="jsonl")
    by_str_path = zhengwu.read(str(path), format="jsonl")
    by_text = zhengwu.read(path.read_text(encoding="utf-8"), format="jsonl")
    by_bytes = zhengwu.read(path.read_bytes(), format="jsonl")
    assert by_path.posts == by_str_path.posts == by_text.posts == by_bytes.posts
    assert by_path.report["source"] == str(path)
    assert by_text.report["source"] == "<memory>"
    labelled = zhengwu.read(path.read_bytes(), format="jsonl", source="upload.jsonl")
    assert labelled.report["source"] == "upload.jsonl"


def test_missing_file_raises_io_error_that_is_an_oserror(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "no-such-file.jsonl"
    with pytest.raises(zhengwu.ZhengwuIOError) as caught:
        zhengwu.read(missing, format="jsonl")
    assert isinstance(caught.value, OSError)
    assert caught.value.kind == "io"
    assert caught.value.source == str(missing)


def test_invalid_utf8_is_a_parse_error_of_kind_encoding() -> None:
    data = b'{"kind":"post","id":"1","account_id":"a","created_at":"2020-01-13T08:07:00+08:00","text":"\xff\xfe"}\n'
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read(data, format="jsonl")
    assert caught.value.kind == "encoding"


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(zhengwu.ConfigError) as caught:
        zhengwu.read("{}\n", format="no-such-format")
    assert isinstance(caught.value, ValueError)
    assert caught.value.kind == "config"


def test_wrong_argument_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        zhengwu.read(42)  # type: ignore[arg-type]


def test_reads_from_threads_give_identical_results() -> None:
    # The GIL is released during the read: concurrent calls must not interfere.
    text = (VECTORS / "inputs" / "read_basic.jsonl").read_text(encoding="utf-8")
    results: list = []

    def work() -> None:
        results.append(zhengwu.read(text, format="jsonl").posts)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(posts == results[0] for posts in results)


def test_to_pandas_gives_one_row_per_post() -> None:
    pandas = pytest.importorskip("pandas")
    result = zhengwu.read(VECTORS / "inputs" / "read_basic.jsonl", format="jsonl")
    frame = result.to_pandas("posts")
    assert len(frame) == 3
    assert frame["id"].tolist()[0] == "4460000000000001"
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert frame["created_at"][0] == pandas.Timestamp("2020-01-13T00:07:00Z")
    with pytest.raises(ValueError):
        result.to_pandas("nope")


def test_package_ships_type_information() -> None:
    package = pathlib.Path(zhengwu.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()
    assert zhengwu.__version__
