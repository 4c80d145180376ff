"""Arrow-backed DataFrame columns, built natively without a Python object per cell.

When a batch table becomes a DataFrame and pyarrow >= 10 is installed (with pandas >= 2), the native
module writes its text and evidence columns as Arrow buffers (``bytes``: validity bits, offsets,
values) described by nested tuples (see ``bindings-python/src/arrow.rs``); this module hands them
to ``pyarrow.Array.from_buffers``, which wraps the ``bytes`` without copying, and to pandas:

- id and label columns (``post_id``, ``post_type``, ``intent``, ...) as the string dtype pandas
  itself infers for text, when that dtype is Arrow-backed (pandas 3's default ``str``, or pandas 2
  with ``pd.options.future.infer_string``); otherwise they stay Python ``str`` objects, so the
  dtype a caller sees does not depend on pyarrow being installed;
- evidence columns as ``pd.ArrowDtype(pa.list_(pa.struct([...])))`` (lists of dicts: the struct
  fields are the dict keys) or ``pd.ArrowDtype(pa.list_(pa.large_string()))`` (lists of strings).
  A cell reads back as the same list of dicts or strings (``df.keywords[0]``, ``df.iloc[0]``,
  ``to_dict("records")``, ``to_json``); ``.astype(object)`` or ``.tolist()`` give plain lists.

pyarrow is imported only when such a frame is built, never by ``import zhengwu``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional


@dataclass(frozen=True)
class Plan:
    """How one table is built: which columns come as Arrow arrays, and the modules to use."""

    pa: Any
    pd: Any
    #: The string dtype of id and label columns, or None: they stay Python ``str`` objects.
    string_dtype: Any

    @property
    def strings(self) -> bool:
        return self.string_dtype is not None


def _pyarrow() -> Any:
    """pyarrow if installed, else None (a separate function so tests can hide it)."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow


def plan(pandas: Any, frame: bool, arrow: Optional[bool]) -> Optional[Plan]:
    """The Arrow plan for a table that becomes a DataFrame (``frame``) with ``pandas``, or None
    for the Python-object path: no frame, ``arrow=False``, pandas < 2 or no pyarrow.
    ``arrow=True`` raises ImportError when the Arrow path is not available."""
    if not frame or arrow is False or pandas is None:
        return None
    pa = _pyarrow() if _major(pandas) >= 2 else None
    if pa is None or _major(pa) < 10 or not hasattr(pandas, "ArrowDtype"):
        if arrow:
            raise ImportError("arrow=True needs pandas >= 2 and pyarrow: pip install pyarrow")
        return None
    return Plan(pa=pa, pd=pandas, string_dtype=_arrow_string_dtype(pandas))


def _major(module: Any) -> int:
    """The major version of a module (0 when it does not say)."""
    head = str(getattr(module, "__version__", "0")).split(".")[0]
    return int(head) if head.isdigit() else 0


def _arrow_string_dtype(pandas: Any) -> Any:
    """The dtype pandas gives a column of Python strings, if it is stored in Arrow."""
    dtype = pandas.Series(["a"]).dtype
    if getattr(dtype, "storage", None) in ("pyarrow", "pyarrow_numpy"):
        return dtype
    return None


def array(pa: Any, spec: Any) -> Any:
    """The pyarrow array a native description stands for (layouts: ``src/arrow.rs``)."""
    kind, length = spec[0], spec[1]
    buffer = pa.py_buffer
    if kind == "str":
        return pa.Array.from_buffers(pa.large_string(), length, [None, buffer(spec[2]), buffer(spec[3])])
    if kind == "f64":
        validity = None if spec[3] is None else buffer(spec[3])
        return pa.Array.from_buffers(pa.float64(), length, [validity, buffer(spec[2])])
    if kind == "i64":
        return pa.Array.from_buffers(pa.int64(), length, [None, buffer(spec[2])])
    if kind == "bool":
        return pa.Array.from_buffers(pa.bool_(), length, [None, buffer(spec[2])])
    if kind == "list":
        items = array(pa, spec[3])
        return pa.Array.from_buffers(pa.list_(items.type), length, [None, buffer(spec[2])], children=[items])
    if kind == "struct":
        names = [name for name, _ in spec[2]]
        fields = [array(pa, child) for _, child in spec[2]]
        return pa.StructArray.from_arrays(fields, names=names)
    raise ValueError(f"unknown Arrow array kind {kind!r}")


def frame_columns(columns: Dict[str, Any], plan: Plan) -> Dict[str, Any]:
    """``columns`` with each native Arrow description turned into a pandas array."""
    out: Dict[str, Any] = {}
    for name, values in columns.items():
        if isinstance(values, tuple):
            arrow_array = array(plan.pa, values)
            if plan.pa.types.is_large_string(arrow_array.type) and plan.strings:
                values = plan.pd.array(arrow_array, dtype=plan.string_dtype)
            else:
                values = plan.pd.arrays.ArrowExtensionArray(arrow_array)
        out[name] = values
    return out
