"""Trainable text classifier: naive Bayes over hashed character n-grams, for a study's own labels."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _native
from ._config import ConfigLike, config_json
from ._convert import table, texts_of


class TextClassifier:
    """A fitted classifier. Immutable, thread-safe, picklable.

    >>> model = TextClassifier.fit(["请问怎么办理", "太差了投诉"], ["inquiry", "complaint"])
    >>> model.predict(["请问在哪里办理"], as_frame=False)[0]["label"]
    'inquiry'
    """

    __slots__ = ("_model",)
    _model: _native.TextClassifier

    def __init__(self, _model: Any) -> None:
        if not isinstance(_model, _native.TextClassifier):
            raise TypeError("use TextClassifier.fit(...) or TextClassifier.load(...)")
        object.__setattr__(self, "_model", _model)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("TextClassifier is immutable")

    @classmethod
    def fit(
        cls, texts: Sequence[str], labels: Sequence[str], *, config: ConfigLike = None
    ) -> "TextClassifier":
        """Fits on ``texts`` with their ``labels`` (``config``: ``Config("train")`` or a dict:
        ``ngram_min``, ``ngram_max``, ``buckets``, ``alpha``, ``binary``)."""
        texts = texts_of(texts)
        labels = texts_of(labels)
        return cls(_native.TextClassifier.fit(texts, labels, config_json("train", config)))

    @classmethod
    def from_json(cls, text: str) -> "TextClassifier":
        """Reads a model written by :meth:`to_json`; :class:`ModelError` if it is not one."""
        return cls(_native.TextClassifier.from_json(text))

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "TextClassifier":
        """Loads a model saved by :meth:`save`."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def to_json(self) -> str:
        """The model as JSON (format ``zhengwu-nb-1``, readable by the Rust crate)."""
        return self._model.to_json()

    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the model to ``path`` as JSON."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    @property
    def labels(self) -> List[str]:
        """Labels in the model's order."""
        return list(self._model.labels)

    @property
    def config(self) -> Dict[str, Any]:
        """The training settings."""
        return json.loads(self._model.config_json())  # type: ignore[no-any-return]

    def predict(self, texts: Sequence[str], *, as_frame: Optional[bool] = None) -> Any:
        """One row per text: ``text``, ``label`` and ``p_<label>`` for every label."""
        items = texts_of(texts)
        rows = []
        for text, p in zip(items, self._model.predict(items)):
            row: Dict[str, Any] = {"text": text, "label": p["label"]}
            row.update({f"p_{label}": prob for label, prob in p["probabilities"]})
            rows.append(row)
        return table(rows, as_frame, ["text", "label"])

    def predict_labels(self, texts: Sequence[str]) -> List[str]:
        """Just the predicted labels, as a list."""
        return [p["label"] for p in self._model.predict(texts_of(texts))]

    def __reduce__(self) -> Any:
        return (TextClassifier.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        return f"TextClassifier(labels={self.labels!r})"
