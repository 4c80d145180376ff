"""Conversion between Python values and the JSON the native module reads and writes.

Records go to Rust as lists of plain dicts (serde reads and validates them there). Results come back as Python
objects the native module builds: batch tables as columns (``{name: list}``), which become one
DataFrame when pandas is installed, or rows (a list of dicts) otherwise.
"""

from __future__ import annotations

import datetime as _dt
import gc
import math
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, TypeVar

R = TypeVar("R")

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


def plain_records(value: Any) -> List[Any]:
    """Records for the native module: a list of dicts as it is (what ``read_*`` returns), anything
    else (a DataFrame, other mappings) as cleaned dicts."""
    if value is None:
        return []
    if isinstance(value, list) and all(type(r) is dict for r in value[:1]):
        return value
    return records_of(value)


def call_with_records(call: Callable[..., R], **records: Any) -> R:
    """``call(**lists)``, each value given as plain records. When a record holds a value JSON has
    no form for (a ``datetime``, NaN, a numpy number), the native module raises ``TypeError``:
    then every list is cleaned (:func:`records_of`) and the call repeated."""
    try:
        return call(**{name: plain_records(value) for name, value in records.items()})
    except TypeError:
        return call(**{name: records_of(value) for name, value in records.items()})


def texts_of(values: Iterable[Any]) -> List[str]:
    """Texts from strings (a list, tuple or pandas Series)."""
    out = list(values)
    # The types checked in C first (one pass, no Python call per text); item by item only when
    # something else is among them (a str subclass passes, anything else is named).
    if set(map(type, out)) <= {str}:
        return out
    for value in out:
        if not isinstance(value, str):
            raise TypeError(f"expected texts (str), got {type(value).__name__}")
    return out


def pandas_or_none() -> Any:
    """pandas if installed, else None (imported on first use only)."""
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def wants_frame(as_frame: Optional[bool]) -> bool:
    """Whether a table will be a DataFrame: pandas is installed and ``as_frame`` is not False."""
    return as_frame is not False and pandas_or_none() is not None


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


#: A table as columns: lists, or NumPy arrays for numbers and booleans when the native call was
#: asked for arrays (the table then becomes a DataFrame).
Columns = Dict[str, Any]


def join_columns(parts: Sequence[Columns]) -> Columns:
    """The columns of consecutive chunks of one batch, as one table's columns."""
    if len(parts) == 1:
        return parts[0]
    joined: Columns = {name: [] for name in parts[0]} if parts else {}
    for part in parts:
        for name, values in part.items():
            joined[name].extend(values)
    return joined


def rows_of(columns: Columns) -> List[Dict[str, Any]]:
    """Columns as rows (one dict per row, keys in column order)."""
    names = list(columns)
    # Many new dicts and no cycles among them: the cyclic collector would only walk them again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return [dict(zip(names, values)) for values in zip(*columns.values())]
    finally:
        if enabled:
            gc.enable()


def column_table(columns: Columns, as_frame: Optional[bool], arrow: Any = None) -> Any:
    """A table given as columns: a DataFrame when pandas is installed (or ``as_frame`` is True),
    else a list of row dicts. Every column is present even when there are no rows. ``arrow``:
    the :class:`zhengwu._arrow.Plan` the native call built Arrow columns by, if any."""
    if as_frame is False:
        return rows_of(columns)
    pandas = pandas_or_none()
    if pandas is None:
        if as_frame:
            raise ImportError("as_frame=True needs pandas: pip install 'zhengwu[pandas]'")
        return rows_of(columns)
    if arrow is not None:
        from ._arrow import frame_columns

        columns = frame_columns(columns, arrow)
    return pandas.DataFrame(columns)
