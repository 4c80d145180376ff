"""The researcher API: readers, tables, configs, errors, the trainable classifier."""

from __future__ import annotations

import io
import json
import pickle

import pytest

import zhengwu

from conftest import SAMPLE, VECTORS

CSV = "微博id,用户id,发布时间,微博正文,转发数\n1,gov,2020-01-13 08:07,【提醒】请拨打12345咨询,3\n2,gov,2020-01-14 09:00,早上好,\n"


def test_read_posts_from_path_text_bytes_and_file_agree() -> None:
    path = VECTORS / "inputs" / "read_basic.jsonl"
    by_path = zhengwu.read_posts(path)
    assert by_path == zhengwu.read_posts(str(path))
    assert by_path == zhengwu.read_posts(path.read_text(encoding="utf-8"))
    assert by_path == zhengwu.read_posts(path.read_bytes())
    with open(path, "rb") as f:
        assert by_path == zhengwu.read_posts(f)
    assert by_path == zhengwu.read_posts(io.StringIO(path.read_text(encoding="utf-8")))
    assert len(by_path) == 3
    assert zhengwu.read_comments(path) and zhengwu.read_accounts(path)


def test_read_posts_with_a_mapping_and_lenient_report() -> None:
    mapping = {"id": "微博id", "account_id": "用户id", "created_at": "发布时间", "text": "微博正文", "reposts": "转发数"}
    posts = zhengwu.read_posts(CSV, format="csv", mapping=mapping)
    assert [p["id"] for p in posts] == ["1", "2"]
    assert posts[0]["created_at"] == "2020-01-13T08:07:00+08:00"
    assert posts[0]["reposts"] == 3 and posts[1]["reposts"] is None
    bad = CSV + "3,gov,not a time,坏行,1\n"
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.read_posts(bad, format="csv", mapping=mapping)
    assert caught.value.line == 4 and caught.value.field
    records, report = zhengwu.read_posts(bad, format="csv", mapping=mapping, lenient=True)
    assert len(records) == 2
    assert report["rejected"] == 1 and report["seen"] == 3


def test_read_posts_from_a_dataframe_with_a_mapping() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(CSV), dtype=str)
    frame = frame.rename(columns={"微博正文": "content", "发布时间": "time"})
    posts = zhengwu.read_posts(frame, mapping={"id": "微博id", "account_id": "用户id", "created_at": "time", "text": "content"})
    assert [p["text"] for p in posts] == ["【提醒】请拨打12345咨询", "早上好"]
    # Without a mapping, the built-in aliases of the record kind apply.
    assert len(zhengwu.read_posts(pandas.read_csv(io.StringIO(CSV), dtype=str))) == 2


def test_relative_times_need_a_reference_time() -> None:
    import datetime

    text = "id,account_id,created_at,text\n1,gov,3小时前,你好\n"
    with pytest.raises(zhengwu.ParseError):
        zhengwu.read_posts(text, format="csv")
    now = datetime.datetime(2024, 5, 6, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    [post] = zhengwu.read_posts(text, format="csv", reference_time=now)
    assert post["created_at"].startswith("2024-05-06T09:00")


def test_post_quality_of_texts_has_the_promised_columns() -> None:
    rows = zhengwu.post_quality(
        ["【消费提示】您好！网购遇到退款难，请拨打12315投诉举报。", "深入贯彻落实会议精神，进一步提高政治站位。"],
        as_frame=False,
    )
    assert [r["post_id"] for r in rows] == ["0", "1"]
    for column in ("post_type", "officialese", "audience", "form", "livelihood", "chars_per_sentence", "fog_index",
                   "officialese_phrases", "livelihood_details", "keywords"):
        assert column in rows[0], column
    assert rows[0]["post_type"] == "service"
    assert "12315" in [d["text"] for d in rows[0]["livelihood_details"]]
    assert rows[1]["officialese"] > rows[0]["officialese"]
    assert rows[1]["officialese_phrases"]


def test_post_quality_frame_from_posts_and_dataframe(sample) -> None:
    pandas = pytest.importorskip("pandas")
    posts = sample.posts[:50]
    frame = zhengwu.post_quality(posts)
    assert isinstance(frame, pandas.DataFrame)
    assert frame["post_id"].tolist() == [p["id"] for p in posts]
    assert frame["officialese"].between(0, 1).all() and frame["livelihood"].between(0, 1).all()
    again = zhengwu.post_quality(pandas.DataFrame(posts))
    assert again["post_type"].tolist() == frame["post_type"].tolist()
    via_to_pandas = zhengwu.post_quality(sample.to_pandas("posts").head(50))
    assert via_to_pandas["officialese"].tolist() == frame["officialese"].tolist()


def test_progress_bar_chunks_give_the_same_rows(sample) -> None:
    pytest.importorskip("tqdm")
    from zhengwu import _progress

    texts = [p["text"] for p in sample.posts[:30]]
    old = _progress.CHUNK
    _progress.CHUNK = 7
    try:
        chunked = zhengwu.post_quality(texts, as_frame=False, progress=True)
        messages = zhengwu.classify_messages(texts, as_frame=False, progress=True)
    finally:
        _progress.CHUNK = old
    assert chunked == zhengwu.post_quality(texts, as_frame=False, progress=False)
    assert [r["post_id"] for r in chunked] == [str(i) for i in range(30)]
    assert messages == zhengwu.classify_messages(texts, as_frame=False)


def test_classify_messages_columns() -> None:
    rows = zhengwu.classify_messages(["请问身份证在哪里办理？", "点赞！民警辛苦了[赞]"], as_frame=False)
    assert rows[0]["intent"] == "inquiry" and rows[0]["needs_reply"] is True
    assert rows[1]["sentiment"] == "positive" and rows[1]["sentiment_score"] > 0
    assert rows[0]["intent_evidence"]
    with pytest.raises(TypeError):
        zhengwu.classify_messages([1, 2])  # type: ignore[list-item]


def test_interactions_and_health_on_the_sample(sample) -> None:
    result = zhengwu.interactions(sample.posts, sample.comments, account_id="gov-healthy", accounts=sample.accounts,
                                  as_frame=False)
    [summary] = result.summary
    assert summary["citizen_messages"] > 0 and 0 <= summary["reply_rate"] <= 1
    assert {r["intent"] for r in result.by_class} >= {"inquiry", "complaint"}
    mute = zhengwu.interactions(sample.posts, sample.comments, account_id="gov-mute", as_frame=False)
    assert mute.backlog and mute.summary[0]["reply_rate"] < summary["reply_rate"]

    rows = zhengwu.account_health(sample.posts, sample.comments, sample.accounts, as_frame=False)
    by_id = {r["account_id"]: r for r in rows}
    assert by_id["gov-healthy"]["primary_diagnosis"] == "healthy"
    assert by_id["gov-dormant"]["primary_diagnosis"] == "dormant"
    assert "mute" in by_id["gov-mute"]["diagnoses"]
    assert by_id["gov-mute"]["recommendations"] and by_id["gov-mute"]["evidence"]
    assert by_id["gov-healthy"]["overall"] > by_id["gov-dormant"]["overall"]

    league = zhengwu.cohort(sample.posts, sample.comments, sample.accounts, by="all", as_frame=False)
    assert [r["rank"] for r in league][0] == 1 and {r["cohort"] for r in league} == {"all"}
    indices = zhengwu.bci(sample.posts, sample.comments, sample.accounts, as_frame=False)
    assert all(r["bci"] >= 0 for r in indices) and "chengdu" in indices[0]


def test_config_is_validated_printable_and_round_trips() -> None:
    default = zhengwu.Config("audit")
    assert default["run_quality"] is True
    custom = default.updated({"run_quality": False, "scores": {}})
    assert custom["run_quality"] is False and default["run_quality"] is True
    assert zhengwu.Config.from_json("audit", custom.to_json()) == custom
    assert "run_quality" in repr(custom)
    assert pickle.loads(pickle.dumps(custom)) == custom
    with pytest.raises(AttributeError):
        custom.kind = "x"  # type: ignore[misc]
    with pytest.raises(zhengwu.ConfigError):
        zhengwu.Config("audit", {"run_quality": "yes"})
    with pytest.raises(zhengwu.ConfigError):
        zhengwu.Config("no-such-kind")
    with pytest.raises(zhengwu.ConfigError):
        zhengwu.classify_messages(["你好"], config=zhengwu.Config("quality"))
    for kind in ("quality", "message", "interaction", "audit", "read", "train"):
        assert zhengwu.Config(kind).to_dict()


def test_lexicon_extension_through_a_config_changes_the_result() -> None:
    text = "这个新规定真是蓝瘦香菇"
    base = zhengwu.classify_messages([text], as_frame=False)[0]
    cfg = zhengwu.Config("message", {"sentiment": {"extra_negative": [{"phrase": "蓝瘦香菇", "weight": 3.0}]}})
    extended = zhengwu.classify_messages([text], config=cfg, as_frame=False)[0]
    assert extended["sentiment"] == "negative"
    assert extended["sentiment_score"] < base["sentiment_score"]
    assert "蓝瘦香菇" in json.dumps(extended["sentiment_evidence"], ensure_ascii=False)


def test_classifier_fit_save_load_predict_and_pickle(tmp_path) -> None:
    texts = ["请问怎么办理居住证", "请问在哪里领取", "投诉小区噪音扰民", "举报工地夜间施工", "请问几点上班", "投诉垃圾没人清理"]
    labels = ["ask", "ask", "complain", "complain", "ask", "complain"]
    model = zhengwu.TextClassifier.fit(texts, labels)
    assert model.labels == ["ask", "complain"]
    assert model.predict_labels(["请问怎么预约", "投诉噪音"]) == ["ask", "complain"]
    rows = model.predict(["请问怎么预约"], as_frame=False)
    assert rows[0]["label"] == "ask" and rows[0]["p_ask"] + rows[0]["p_complain"] == pytest.approx(1.0)
    path = tmp_path / "model.json"
    model.save(path)
    probe = ["请问怎么预约", "投诉噪音", "举报", "你好"]
    expected = model.predict(probe, as_frame=False)
    # serde_json reads floats to within one ulp, not bit-exactly: compare predictions.
    for clone in (zhengwu.TextClassifier.load(path), pickle.loads(pickle.dumps(model))):
        assert clone.labels == model.labels
        got = clone.predict(probe, as_frame=False)
        assert [r["label"] for r in got] == [r["label"] for r in expected]
        assert [r["p_ask"] for r in got] == pytest.approx([r["p_ask"] for r in expected], abs=1e-9)
    with pytest.raises(AttributeError):
        model.x = 1  # type: ignore[attr-defined]
    with pytest.raises(zhengwu.ModelError):
        zhengwu.TextClassifier.from_json('{"format": "something-else"}')
    with pytest.raises(zhengwu.ZhengwuError):
        zhengwu.TextClassifier.fit(["a"], ["x", "y"])


def test_bad_records_raise_parse_errors_naming_the_input() -> None:
    good = {"id": "1", "account_id": "gov", "created_at": "2024-05-06T09:00:00+08:00", "text": "你好"}
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.post_quality([good, {"id": "2", "account_id": "gov", "text": "缺少时间"}])
    assert isinstance(caught.value, ValueError)
    assert caught.value.source == "posts"
    assert caught.value.line == 2  # the record's position in the list
    assert caught.value.field == "created_at"
    with pytest.raises(zhengwu.ParseError) as caught:
        zhengwu.account_health([good], comments=[{"id": "c1", "text": "没有帖子"}])
    assert caught.value.source == "comments" and caught.value.line == 1


def test_results_pickle(sample) -> None:
    audit = zhengwu.audit(sample.posts[:40], config={"run_interaction": False})
    assert pickle.loads(pickle.dumps(audit)).report == audit.report
    assert pickle.loads(pickle.dumps(sample)).posts == sample.posts


def test_json_output_is_plain(sample) -> None:
    # Everything returned is plain JSON data: a study can dump it as is.
    json.dumps(zhengwu.post_quality(sample.posts[:5], as_frame=False), ensure_ascii=False)
    json.dumps(zhengwu.audit(sample.posts[:5]).report)
