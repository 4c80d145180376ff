"""Type stubs of the native module (bindings-python/src/lib.rs). Use the functions of `zhengwu`.

Every function takes and returns JSON text: records and configurations in the core's serde
format, results as the core's serde output.
"""

from typing import List, Optional, final

__all__ = [
    "TextClassifier",
    "audit",
    "bci",
    "classify_messages",
    "config_json",
    "interactions",
    "post_quality",
    "post_quality_texts",
    "read_bytes",
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
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``."""

def read_bytes(
    data: bytes,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``."""

def read_path(
    path: str,
    *,
    format: Optional[str] = None,
    preset: Optional[str] = None,
    lenient: bool = False,
    source: Optional[str] = None,
    options: Optional[str] = None,
) -> str:
    """JSON text ``{accounts, posts, comments, mentions, report}``; source defaults to the path."""

def config_json(kind: str, json: Optional[str] = None) -> str:
    """The default configuration of ``kind``, or ``json`` validated and completed."""

def post_quality(posts: str, config: Optional[str] = None) -> str:
    """JSON list of ``PostQuality`` for JSON post records."""

def post_quality_texts(texts: List[str], config: Optional[str] = None) -> str:
    """JSON list of ``PostQuality`` for bare texts (ids "0", "1", ...)."""

def classify_messages(texts: List[str], config: Optional[str] = None) -> str:
    """JSON list of ``MessageClass``."""

def interactions(data: str, account_id: str, config: Optional[str] = None) -> str:
    """JSON ``InteractionReport`` of one account over a JSON dataset."""

def audit(data: str, config: Optional[str] = None) -> str:
    """JSON ``AuditReport`` of every account of a JSON dataset."""

def bci(posts: int, reposts: int, comments: int, likes: int) -> str:
    """JSON ``Bci`` of period totals."""

@final
class TextClassifier:
    """A fitted naive Bayes text classifier (immutable)."""

    @staticmethod
    def fit(texts: List[str], labels: List[str], config: Optional[str] = None) -> TextClassifier: ...
    @staticmethod
    def from_json(json: str) -> TextClassifier: ...
    def to_json(self) -> str: ...
    def predict(self, texts: List[str]) -> str: ...
    @property
    def labels(self) -> List[str]: ...
    def config_json(self) -> str: ...
