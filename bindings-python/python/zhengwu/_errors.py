"""Exception classes of zhengwu.

The native module raises these (one mapping from the core's error kinds, in
``bindings-python/src/lib.rs``). Every instance carries:

- ``kind``: the core's stable kind name (``"syntax"``, ``"missing_field"``, ``"invalid_time"``, ...),
- ``source``: file name or caller-given label (``"<memory>"`` when reading text or bytes without a label),
- ``line``: 1-based line or record number, or ``None``,
- ``field``: the field or column concerned, or ``None``,
- ``reason``: the reason alone, without the location.
"""

from __future__ import annotations

from typing import Optional


class ZhengwuError(Exception):
    """Base class of every error zhengwu raises."""

    kind: str = ""
    source: str = ""
    line: Optional[int] = None
    field: Optional[str] = None
    reason: str = ""


class ParseError(ZhengwuError, ValueError):
    """A record could not be read: bad encoding or syntax, a missing field, an invalid value or time."""


class ZhengwuIOError(ZhengwuError, OSError):
    """Reading a file or stream failed."""


class ConfigError(ZhengwuError, ValueError):
    """The arguments or configuration are inconsistent (unknown format or preset, bad mapping)."""


class ModelError(ZhengwuError):
    """A saved model or lexicon could not be loaded."""
