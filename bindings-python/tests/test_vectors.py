"""The shared cross-language vectors (tests/vectors/*.json), checked through the Python API."""

from __future__ import annotations

import math

import pytest

import zhengwu

from conftest import vectors

QUALITY = vectors("quality.json")["cases"]
INTERACTION = vectors("interaction.json")
HEALTH = vectors("health.json")


@pytest.mark.parametrize("case", QUALITY, ids=lambda c: c["name"])
def test_quality_vector(case: dict) -> None:
    [row] = zhengwu.post_quality([case["post"]], as_frame=False)
    [full] = zhengwu.post_quality([case["post"]], detail=True)
    expect = case["expect"]
    assert row["post_id"] == case["post"]["id"]
    if "post_type" in expect:
        assert row["post_type"] == expect["post_type"]
    if "audience" in expect:
        assert row["audience"] == expect["audience"]
    for key, column in (("livelihood", "livelihood"), ("officialese", "officialese"), ("plain", "plain_language")):
        if f"{key}_min" in expect:
            assert row[column] >= expect[f"{key}_min"]
        if f"{key}_max" in expect:
            assert row[column] <= expect[f"{key}_max"]
    for phrase in expect.get("officialese_phrases", []):
        assert phrase in row["officialese_phrases"]
    for cue in expect.get("type_cues", []):
        assert cue in [c["cue"] for c in row["post_type_cues"]]
    if "trivia" in expect:
        assert row["trivia"] == expect["trivia"]
    for kind, texts in expect.get("details", {}).items():
        got = [d["text"] for d in row["livelihood_details"] if d["kind"] == kind]
        for text in texts:
            assert text in got
    assert 0.0 <= row["officialese"] <= 1.0 and 0.0 <= row["livelihood"] <= 1.0
    assert full["post_id"] == row["post_id"]


@pytest.mark.parametrize("case", INTERACTION["classify"], ids=lambda c: c["text"])
def test_classify_vector(case: dict) -> None:
    [row] = zhengwu.classify_messages([case["text"]], as_frame=False)
    if "intent" in case:
        assert row["intent"] == case["intent"]
    if "needs_reply" in case:
        assert row["needs_reply"] is case["needs_reply"]
    if "sentiment_label" in case:
        assert row["sentiment"] == case["sentiment_label"]
    assert -1.0 <= row["sentiment_score"] <= 1.0


def _close(got, want) -> bool:
    if want is None:
        return got is None
    return got is not None and math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6)


@pytest.mark.parametrize("case", INTERACTION["cases"], ids=lambda c: c["name"])
def test_interaction_vector(case: dict) -> None:
    result = zhengwu.interactions(
        case["posts"],
        case["comments"],
        mentions=case["mentions"],
        accounts=[case["account"]],
        account_id=case["account"]["id"],
        config=case["config"],
        as_frame=False,
    )
    expect = case["expect"]
    [summary] = result.summary
    for key in ("citizen_messages", "needs_reply", "answered", "official_replies"):
        if key in expect:
            assert summary[key] == expect[key], key
    for key in ("reply_rate", "broadcast_ratio", "within_1h_share", "within_24h_share"):
        if key in expect:
            column = key if key in summary else f"latency_{key}"
            assert _close(summary[column], expect[key]), key
    if "median_latency_seconds" in expect:
        want = expect["median_latency_seconds"]
        assert _close(summary["latency_median_hours"], None if want is None else want / 3600)
    if "backlog_ids" in expect:
        assert [b["id"] for b in result.backlog] == expect["backlog_ids"]
    if "backlog_age_hours" in expect:
        assert [b["age_hours"] for b in result.backlog] == pytest.approx(expect["backlog_age_hours"])
    if "crisis_episodes" in expect:
        assert len(result.crisis) == expect["crisis_episodes"]
        episodes = zhengwu.crisis(
            case["posts"], case["comments"], account_id=case["account"]["id"],
            mentions=case["mentions"], config=case["config"], as_frame=False,
        )
        assert episodes == result.crisis
    if "crisis_first_response_id" in expect:
        assert result.crisis[0]["first_response_id"] == expect["crisis_first_response_id"]
        assert result.crisis[0]["response_seconds"] == expect["crisis_response_seconds"]
        assert result.crisis[0]["peak_negative"] == expect["crisis_peak_negative"]


@pytest.mark.parametrize("case", HEALTH["cases"], ids=lambda c: c["name"])
def test_health_vector(case: dict) -> None:
    data = case["dataset"]
    rows = zhengwu.account_health(
        data["posts"], data["comments"], data["accounts"], case["config"],
        mentions=data["mentions"], as_frame=False,
    )
    expect = case["expect"]
    row = next(r for r in rows if r["account_id"] == expect["account"])
    assert row["diagnoses"] == expect["diagnoses"]
    if "primary" in expect:
        assert row["primary_diagnosis"] == expect["primary"]
    for key, want in expect.get("scores", {}).items():
        assert row[f"score_{key}"] == pytest.approx(want, abs=1e-4), key
    for key in expect.get("missing", []):
        assert row[f"score_{key}"] is None, key
    for key, want in expect.get("figures", {}).items():
        got = [e["figures"][key] for e in row["evidence"] if key in e["figures"]]
        assert got and got[0] == pytest.approx(want, abs=1e-6), key
    if "bci" in expect:
        assert row["bci"] == pytest.approx(expect["bci"], abs=1e-4)


@pytest.mark.parametrize("case", HEALTH["bci"], ids=lambda c: str(c["posts"]))
def test_bci_vector(case: dict) -> None:
    got = zhengwu.bci_from_totals(case["posts"], case["reposts"], case["comments"], case["likes"])
    for key in ("w1", "w2", "bci"):
        assert got[key] == pytest.approx(case[key], abs=1e-5), key
