"""The notebook tour and the Dask recipe run, so they cannot rot; real-data checks when present."""

from __future__ import annotations

import importlib.util
import os
import sys

import pytest

import zhengwu

from conftest import REPO, SAMPLE, shared_data_dir

NOTEBOOK = REPO / "examples" / "notebooks" / "zhengwu_tour.ipynb"
RECIPE = REPO / "examples" / "dask_recipe.py"


def test_notebook_tour_executes() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the tour plots quality, interaction and health"
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "gov-dormant" in text and "dormant" in text


def test_dask_recipe_matches_one_process() -> None:
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    pandas = pytest.importorskip("pandas")
    spec = importlib.util.spec_from_file_location("dask_recipe", RECIPE)
    recipe = importlib.util.module_from_spec(spec)
    sys.modules["dask_recipe"] = recipe  # workers unpickle its functions by module name
    spec.loader.exec_module(recipe)
    quality, messages = recipe.run(str(SAMPLE), workers=2, parts=3)
    single_quality, single_messages = recipe.one_process(str(SAMPLE))
    assert len(quality) == len(single_quality) > 100
    pandas.testing.assert_frame_equal(quality, single_quality)
    pandas.testing.assert_frame_equal(messages, single_messages)


def test_real_cctv_timeline() -> None:
    data = shared_data_dir()
    if data is None or not (data / "cctv-news-weibo-timeline-2020" / "timeline.csv").exists():
        print("SKIP: ../shared/data/cctv-news-weibo-timeline-2020 not present")
        return
    path = data / "cctv-news-weibo-timeline-2020" / "timeline.csv"
    posts, report = zhengwu.read_posts(path, lenient=True)
    assert report["seen"] == 7951 and report["read"] + report["rejected"] == report["seen"]
    assert len(posts) > 7900
    quality = zhengwu.post_quality(posts[:400], as_frame=False)
    assert len(quality) == 400
    assert all(0 <= q["officialese"] <= 1 and 0 <= q["livelihood"] <= 1 for q in quality)
    # A news account: most posts are news, and some carry service details.
    types = [q["post_type"] for q in quality]
    assert types.count("news") > len(types) / 3, types
    [row] = zhengwu.bci(posts, config={"run_quality": False}, as_frame=False)
    assert row["posts"] == len(posts) and row["bci"] > 2000
