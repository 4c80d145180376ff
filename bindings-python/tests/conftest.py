"""Shared paths and fixtures of the Python tests."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
VECTORS = REPO / "tests" / "vectors"
SAMPLE = REPO / "examples" / "data" / "sample.jsonl"


#: The evidence columns of `post_quality`, in their documented order (left out with
#: `evidence=False`).
EVIDENCE = [
    "post_type_cues",
    "officialese_phrases",
    "slogans",
    "plain_phrases",
    "reader_cues",
    "self_cues",
    "livelihood_categories",
    "livelihood_details",
    "trivia_markers",
    "keywords",
]

def shared_data_dir() -> "pathlib.Path | None":
    """Like zhengwu::testdata::shared_data_dir(): $ZHENGWU_SHARED_DATA, else ../shared/data."""
    env = os.environ.get("ZHENGWU_SHARED_DATA")
    path = pathlib.Path(env) if env else REPO.parent / "shared" / "data"
    return path if path.is_dir() else None


def vectors(name: str) -> dict:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample():
    import zhengwu

    return zhengwu.read(SAMPLE)
