"""Zhengwu (政务): how well a government social-media account serves the public.

Account health, post quality and interaction, computed by the Rust library ``zhengwu``. This
package is a thin layer over its native module ``zhengwu._native``: records come back as plain
``dict``s with the field names of the core data model (times as ISO 8601 strings that keep their
UTC offset; a count the source does not give is ``None``, never ``0``); analyses return pandas
DataFrames when pandas is installed, lists of dicts otherwise.

    import zhengwu
    posts = zhengwu.read_posts("timeline.csv")
    zhengwu.post_quality(posts)            # one row per post
    zhengwu.classify_messages(["请问..."])  # intent, sentiment, needs_reply
    zhengwu.account_health(posts, comments, accounts)

Importing is cheap: the dictionary and lexicons are built on first use, once per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Union

from . import _native
from ._api import (
    Audit,
    Interactions,
    account_health,
    audit,
    bci,
    bci_from_totals,
    classify_messages,
    cohort,
    crisis,
    interactions,
    post_quality,
    read_accounts,
    read_comments,
    read_mentions,
    read_posts,
    reference_indices,
)
from ._classifier import TextClassifier
from ._config import Config
from ._errors import ConfigError, ModelError, ParseError, ZhengwuError, ZhengwuIOError

__all__ = [
    "Audit",
    "Config",
    "ConfigError",
    "Interactions",
    "ModelError",
    "ParseError",
    "ReadResult",
    "TextClassifier",
    "ZhengwuError",
    "ZhengwuIOError",
    "account_health",
    "audit",
    "bci",
    "bci_from_totals",
    "classify_messages",
    "cohort",
    "crisis",
    "interactions",
    "post_quality",
    "read",
    "read_accounts",
    "read_comments",
    "read_mentions",
    "read_posts",
    "reference_indices",
]

__version__: str = _native.__version__

#: One record (account, post, comment or mention) as a plain dict.
Record = Dict[str, Any]

_KINDS = ("accounts", "posts", "comments", "mentions")


@dataclass(frozen=True)
class ReadResult:
    """What :func:`read` returns: the records by kind and the ingest report.

    ``report`` has ``source``, ``seen``, ``read``, ``rejected`` (``read + rejected == seen``),
    ``reasons`` (rejections counted by reason) and ``examples`` (a few rejected lines, explained).
    """

    accounts: List[Record]
    posts: List[Record]
    comments: List[Record]
    mentions: List[Record]
    report: Dict[str, Any]

    def to_pandas(self, kind: str = "posts") -> Any:
        """The records of one kind (``"posts"``, ``"comments"``, ...) as a pandas DataFrame.

        Needs pandas (``pip install zhengwu[pandas]``). ``created_at`` becomes a timezone-aware
        datetime column in UTC (pandas keeps one zone per column; the original offsets are in
        the records).
        """
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}")
        import pandas

        frame = pandas.DataFrame.from_records(getattr(self, kind))
        if "created_at" in frame.columns:
            frame["created_at"] = pandas.to_datetime(frame["created_at"], utc=True)
        return frame


def _looks_like_text(value: str) -> bool:
    # A path never spans lines, and no records file is named "{...".
    return "\n" in value or value.lstrip().startswith(("{", "["))


def read(
    path_or_text: Union[str, bytes, "os.PathLike[str]"],
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
) -> ReadResult:
    """Reads accounts, posts, comments and mentions from a file or from text.

    ``path_or_text`` is a path (``pathlib.Path`` or any ``os.PathLike``; a ``str`` on one line
    that does not start with ``{`` or ``[``), the text itself (a ``str`` spanning lines or
    starting with ``{``/``[``), or ``bytes`` holding the file's content.

    ``format`` is ``"jsonl"`` (our JSON Lines schema), ``"weibo_api"``, ``"csv"`` or
    ``"mapped_json"``; ``None`` detects it. ``preset`` names a column mapping for crawler CSV
    exports. Strict (the default) raises :class:`ParseError` at the first bad record, naming its
    source, line and field; ``lenient=True`` skips bad records and counts them in ``report``.
    ``source`` labels the input in errors and in the report (default: the path).

    The work runs with the GIL released.
    """
    options: Dict[str, Any] = {
        "format": format,
        "preset": preset,
        "lenient": lenient,
        "source": source,
    }
    if isinstance(path_or_text, os.PathLike):
        raw = _native.read_path(os.fspath(path_or_text), **options)
    elif isinstance(path_or_text, (bytes, bytearray, memoryview)):
        raw = _native.read_bytes(bytes(path_or_text), **options)
    elif isinstance(path_or_text, str):
        if _looks_like_text(path_or_text):
            raw = _native.read_text(path_or_text, **options)
        else:
            raw = _native.read_path(path_or_text, **options)
    else:
        raise TypeError(
            f"read() takes a path, text or bytes, not {type(path_or_text).__name__}"
        )
    parsed = raw
    return ReadResult(
        accounts=parsed["accounts"],
        posts=parsed["posts"],
        comments=parsed["comments"],
        mentions=parsed["mentions"],
        report=parsed["report"],
    )
