"""Type stubs of the native module (bindings-python/src/lib.rs). Use the functions of `zhengwu`."""

from typing import Optional

__version__: str

def read_text(
    text: str,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``."""

def read_bytes(
    data: bytes,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``."""

def read_path(
    path: str,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``; source defaults to the path."""
