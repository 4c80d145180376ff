"""Type stubs of the native module (bindings-python/src/lib.rs). Use the functions of `zhengwu`.

Records go in as lists of plain dicts (the core's serde field names), configurations as JSON
text. A record holding a value JSON has no form for raises ``TypeError``. Results come back as
Python objects: dicts and lists shaped like the core's serde output, and batch tables as
columns (``{column name: list}``; with ``arrays=True``, numeric and boolean columns as NumPy arrays).
"""

from typing import Any, Dict, List, Optional, final

_Columns = Dict[str, Any]

__all__ = [
    "TextClassifier",
    "audit",
    "bci",
    "classify_messages",
    "config_json",
    "interactions",
    "league",
    "post_quality",
    "post_quality_texts",
    "read_bytes",
    "read_bytes_json",
    "read_path",
    "read_text",
    "__version__",
]

__version__: str

def read_text(
    text: str,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> Dict[str, Any]:
    """``{accounts, posts, comments, mentions, report}``: records as dicts."""

def read_bytes(
    data: bytes,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> Dict[str, Any]:
    """``{accounts, posts, comments, mentions, report}``: records as dicts."""

def read_bytes_json(
    data: bytes,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> str:
    """What ``read_bytes`` returns as the core's serde_json text (for tests: the reference)."""

def read_path(
    path: str,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> Dict[str, Any]:
    """``{accounts, posts, comments, mentions, report}``; source defaults to the path."""

def config_json(kind: str, json: Optional[str] = None) -> str:
    """The default configuration of ``kind``, or ``json`` validated and completed."""

def post_quality(
    posts: List[Dict[str, Any]],
    config: Optional[str] = None,
    *,
    evidence: bool = True,
    detail: bool = False,
    arrays: bool = False,
    arrow_strings: bool = False,
    arrow_evidence: bool = False,
) -> Any:
    """Columns of the post-quality table for post records (``detail``: the nested results);
    ``arrow_*``: those columns as Arrow descriptions (``zhengwu._arrow``)."""

def post_quality_texts(
    texts: List[str],
    config: Optional[str] = None,
    *,
    evidence: bool = True,
    detail: bool = False,
    first_id: int = 0,
    arrays: bool = False,
    arrow_strings: bool = False,
    arrow_evidence: bool = False,
) -> Any:
    """Like ``post_quality`` for bare texts (ids ``first_id``, ``first_id + 1``, ...)."""

def classify_messages(
    texts: List[str],
    config: Optional[str] = None,
    *,
    evidence: bool = True,
    arrays: bool = False,
    arrow_strings: bool = False,
    arrow_evidence: bool = False,
) -> _Columns:
    """Columns of the message table, ``text`` only with ``arrow_strings``."""

def interactions(
    account_id: str,
    *,
    accounts: Optional[List[Dict[str, Any]]] = None,
    posts: Optional[List[Dict[str, Any]]] = None,
    comments: Optional[List[Dict[str, Any]]] = None,
    mentions: Optional[List[Dict[str, Any]]] = None,
    config: Optional[str] = None,
) -> Any:
    """``InteractionReport`` of one account over the records, as a dict."""

def audit(
    *,
    accounts: Optional[List[Dict[str, Any]]] = None,
    posts: Optional[List[Dict[str, Any]]] = None,
    comments: Optional[List[Dict[str, Any]]] = None,
    mentions: Optional[List[Dict[str, Any]]] = None,
    config: Optional[str] = None,
) -> Any:
    """``AuditReport`` of every account of the records, as a dict."""

def league(accounts: List[Dict[str, Any]], by: str) -> List[Dict[str, Any]]:
    """League table rows of audited accounts (``AccountReport`` dicts) grouped ``by`` a cohort."""

def bci(posts: int, reposts: int, comments: int, likes: int) -> Dict[str, Any]:
    """``Bci`` of period totals, as a dict."""

@final
class TextClassifier:
    """A fitted naive Bayes text classifier (immutable)."""

    @staticmethod
    def fit(texts: List[str], labels: List[str], config: Optional[str] = None) -> TextClassifier: ...
    @staticmethod
    def from_json(json: str) -> TextClassifier: ...
    def to_json(self) -> str: ...
    def predict(self, texts: List[str]) -> List[Dict[str, Any]]: ...
    @property
    def labels(self) -> List[str]: ...
    def config_json(self) -> str: ...
