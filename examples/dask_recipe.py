"""Zhengwu on data that outgrows one machine: Dask over partitioned files.

Post quality and message classification are per-record, so each partition is analysed on its
own (`dask.dataframe.map_partitions`) and the results are exactly those of one process. Run it
on a `LocalCluster` here; point `Client(...)` at a real cluster for more machines.

    python examples/dask_recipe.py [POSTS.jsonl]     # default: examples/data/sample.jsonl

What it does: writes the posts and comments into partition files (CSV, 4 of each), reads them
back with `dask.dataframe.read_csv`, runs `zhengwu.post_quality` and
`zhengwu.classify_messages` per partition on 2 workers, and checks the result against one
process. Account health needs all of an account's posts together: partition the files by
account (and set the audit window explicitly) and map `zhengwu.account_health` the same way.
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
from typing import List, Tuple

import pandas as pd

import zhengwu

#: The columns kept from post quality (scalars; the evidence lists stay in one-process use).
QUALITY_META = {
    "post_id": "object",
    "account_id": "object",
    "post_type": "object",
    "officialese": "float64",
    "livelihood": "float64",
    "plain_language": "float64",
    "audience": "object",
    "form": "object",
    "chars_per_sentence": "float64",
    "fog_index": "float64",
}
MESSAGE_META = {
    "id": "object",
    "intent": "object",
    "sentiment": "object",
    "sentiment_score": "float64",
    "needs_reply": "bool",
}


def quality_partition(frame: pd.DataFrame) -> pd.DataFrame:
    """Post quality of one partition (runs on a worker)."""
    if frame.empty:
        return pd.DataFrame({k: pd.Series(dtype=v) for k, v in QUALITY_META.items()})
    result = zhengwu.post_quality(frame, as_frame=True, progress=False)
    return result[list(QUALITY_META)].astype(QUALITY_META).reset_index(drop=True)


def messages_partition(frame: pd.DataFrame) -> pd.DataFrame:
    """Intent and sentiment of one partition of comments (runs on a worker)."""
    if frame.empty:
        return pd.DataFrame({k: pd.Series(dtype=v) for k, v in MESSAGE_META.items()})
    result = zhengwu.classify_messages(frame["text"].tolist(), as_frame=True, progress=False)
    result.insert(0, "id", frame["id"].tolist())
    return result[list(MESSAGE_META)].astype(MESSAGE_META).reset_index(drop=True)


def write_partitions(records: List[dict], columns: List[str], directory: pathlib.Path, name: str, parts: int) -> List[str]:
    """Splits records into `parts` CSV files (what a crawl or a data lake would hand over)."""
    frame = pd.DataFrame(records)[columns]
    paths = []
    size = -(-len(frame) // parts)
    for i in range(parts):
        path = directory / f"{name}-{i:03d}.csv"
        frame.iloc[i * size : (i + 1) * size].to_csv(path, index=False)
        paths.append(str(path))
    return paths


def run(posts_path: str, workers: int = 2, parts: int = 4) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Both analyses on a LocalCluster; returns (quality, messages) in input order."""
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    data = zhengwu.read(posts_path)
    with tempfile.TemporaryDirectory() as tmp:
        directory = pathlib.Path(tmp)
        post_files = write_partitions(data.posts, ["id", "account_id", "created_at", "text"], directory, "posts", parts)
        comment_files = write_partitions(data.comments, ["id", "text"], directory, "comments", parts)
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(
            cluster
        ) as client:
            # The workers import this file's functions by module name: ship it to them.
            client.upload_file(__file__)
            posts = dd.read_csv(post_files, dtype=str, keep_default_na=False)
            comments = dd.read_csv(comment_files, dtype=str, keep_default_na=False)
            quality = posts.map_partitions(quality_partition, meta=QUALITY_META).compute()
            messages = comments.map_partitions(messages_partition, meta=MESSAGE_META).compute()
    return quality.reset_index(drop=True), messages.reset_index(drop=True)


def one_process(posts_path: str) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """The same analyses in this process, for comparison."""
    data = zhengwu.read(posts_path)
    quality = zhengwu.post_quality(data.posts, as_frame=True)[list(QUALITY_META)].astype(QUALITY_META)
    messages = zhengwu.classify_messages([c["text"] for c in data.comments], as_frame=True)
    messages.insert(0, "id", [c["id"] for c in data.comments])
    return quality, messages[list(MESSAGE_META)].astype(MESSAGE_META)


def main() -> None:
    default = pathlib.Path(__file__).resolve().parent / "data" / "sample.jsonl"
    path = sys.argv[1] if len(sys.argv) > 1 else str(default)
    quality, messages = run(path)
    single_quality, single_messages = one_process(path)
    pd.testing.assert_frame_equal(quality, single_quality)
    pd.testing.assert_frame_equal(messages, single_messages)
    print(f"{len(quality)} posts and {len(messages)} comments on 2 Dask workers: identical to one process")
    print(quality.groupby("account_id")[["officialese", "livelihood"]].mean().round(3))


if __name__ == "__main__":
    main()
