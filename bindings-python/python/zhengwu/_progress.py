"""Progress bars for long batches: tqdm when it is installed, only when asked or interactive."""

from __future__ import annotations

import sys
from typing import Any, Callable, List, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Batches at least this long show a bar (with ``progress=None`` on a terminal).
LONG_BATCH = 5_000
#: Items per native call when a bar is shown (each call still runs in parallel).
CHUNK = 2_000


def _wanted(progress: Optional[bool], total: int) -> bool:
    if progress is not None:
        return progress
    # Default: off in scripts, CI and notebooks' captured stderr; on in an interactive terminal.
    isatty = getattr(sys.stderr, "isatty", None)
    return total >= LONG_BATCH and bool(isatty and isatty())


def _tqdm() -> Any:
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm


def chunked(
    items: Sequence[T],
    run: Callable[[Sequence[T], int], R],
    *,
    progress: Optional[bool],
    desc: str,
) -> List[R]:
    """``[run(items, 0)]``, or ``run(chunk, start)`` over chunks with a tqdm bar when one is wanted
    and available; the results of the chunks in order, for the caller to join."""
    total = len(items)
    tqdm = _tqdm() if _wanted(progress, total) else None
    if tqdm is None:
        return [run(items, 0)]
    out: List[R] = []
    with tqdm(total=total, desc=desc, unit="item") as bar:
        for start in range(0, max(total, 1), CHUNK):
            part = items[start : start + CHUNK]
            out.append(run(part, start))
            bar.update(len(part))
    return out
