"""Conversion between Python values and the JSON the native module reads and writes.

Records go to Rust as JSON text (serde validates them there); results come back as JSON text
and become dicts (``json.loads``) and, when pandas is installed, DataFrames.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

#: Naive times (no UTC offset) are taken as China time, like the core readers do.
CHINA = _dt.timezone(_dt.timedelta(hours=8))


def _is_frame(value: Any) -> bool:
    # Checked by name so that pandas is imported only when the caller already uses it.
    return type(value).__name__ == "DataFrame" and hasattr(value, "to_dict")


def _clean(value: Any) -> Any:
    """One cell of a DataFrame or record, as plain JSON-able Python."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # Counts come out of pandas as floats when a column has gaps: serde wants integers.
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, int):
        return value
    if isinstance(value, _dt.datetime):  # also pandas.Timestamp
        if value.tzinfo is None:
            value = value.replace(tzinfo=CHINA)
        return value.isoformat()
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=CHINA).isoformat()
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    # numpy scalars and arrays, pandas.NA / NaT
    if hasattr(value, "tolist"):
        return _clean(value.tolist())
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def records_of(value: Any) -> List[Dict[str, Any]]:
    """Records as a list of plain dicts, from a list of dicts or a DataFrame."""
    if value is None:
        return []
    if _is_frame(value):
        rows = value.to_dict("records")
    elif isinstance(value, Mapping):
        raise TypeError("records must be a list of dicts or a DataFrame, not one dict")
    else:
        rows = [dict(row) for row in value]
    # An empty cell (NaN, None, NaT) is an absent field: the core's default applies (None for an
    # optional value, [] for a list), and a required field is reported missing by name.
    out = []
    for row in rows:
        clean = _clean(row)
        out.append({k: v for k, v in clean.items() if v is not None})
    return out


def records_json(value: Any) -> str:
    """Records as JSON text for the native module."""
    if isinstance(value, list) and all(type(r) is dict for r in value[:1]):
        try:
            # Records straight from read_*: plain JSON already (fast path).
            return json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError):
            pass
    return json.dumps(records_of(value), ensure_ascii=False, allow_nan=False)


def dataset_json(
    posts: Any = None,
    comments: Any = None,
    accounts: Any = None,
    mentions: Any = None,
) -> str:
    """A dataset ``{accounts, posts, comments, mentions}`` as JSON text."""
    parts = [
        ('"accounts":', accounts),
        ('"posts":', posts),
        ('"comments":', comments),
        ('"mentions":', mentions),
    ]
    return "{" + ",".join(key + records_json(value) for key, value in parts) + "}"


def texts_of(values: Iterable[Any]) -> List[str]:
    """Texts from strings (a list, tuple or pandas Series)."""
    out = []
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"expected texts (str), got {type(value).__name__}")
        out.append(value)
    return out


def pandas_or_none() -> Any:
    """pandas if installed, else None (imported on first use only)."""
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def table(rows: List[Dict[str, Any]], as_frame: Optional[bool], columns: Sequence[str] = ()) -> Any:
    """``rows`` as a DataFrame when pandas is installed (or ``as_frame`` is True), else the list.

    ``as_frame=None`` means "a DataFrame if pandas is installed".
    """
    if as_frame is False:
        return rows
    pandas = pandas_or_none()
    if pandas is None:
        if as_frame:
            raise ImportError("as_frame=True needs pandas: pip install 'zhengwu[pandas]'")
        return rows
    if rows:
        return pandas.DataFrame.from_records(rows)
    return pandas.DataFrame(columns=list(columns))
