"""Configurations: the Rust config structs as validated, immutable, printable values."""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, Mapping, Optional, Union

from . import _native
from ._errors import ConfigError

#: The configuration kinds and the Rust types they mirror.
KINDS = {
    "quality": "zhengwu::quality::QualityConfig",
    "message": "zhengwu::interaction::MessageConfig",
    "interaction": "zhengwu::interaction::InteractionConfig",
    "audit": "zhengwu::health::AuditConfig",
    "read": "zhengwu::read::ReadOptions",
    "train": "zhengwu::interaction::classifier::TrainConfig",
}


def _merge(base: Dict[str, Any], patch: Mapping[str, Any]) -> Dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class Config:
    """One configuration of the Rust core (thresholds, weights, lexicon extensions), validated.

    ``Config("audit")`` is the documented default; ``Config("audit", {"run_quality": False})``
    overrides fields (nested dicts merge into the defaults). The Rust side parses every value
    (serde), so an unknown field or a wrong type raises :class:`ConfigError` at construction.
    Immutable: :meth:`updated` returns a new Config. ``to_json()`` is exactly what the Rust crate
    reads (e.g. ``cargo run --example audit -- --config AUDIT.json``), so a study can publish its
    settings; ``Config.from_json(kind, text)`` reads it back.
    """

    __slots__ = ("_kind", "_json")
    _kind: str
    _json: str

    def __init__(self, kind: str, values: Optional[Mapping[str, Any]] = None) -> None:
        if kind not in KINDS:
            raise ConfigError(
                f"unknown configuration kind {kind!r}; expected one of {', '.join(KINDS)}"
            )
        default = json.loads(_native.config_json(kind))
        merged = _merge(default, values) if values else default
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(
            self, "_json", _native.config_json(kind, json.dumps(merged, ensure_ascii=False))
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Config is immutable; use .updated({...})")

    @property
    def kind(self) -> str:
        """``"quality"``, ``"message"``, ``"interaction"``, ``"audit"``, ``"read"`` or ``"train"``."""
        return self._kind

    @classmethod
    def default(cls, kind: str) -> "Config":
        """The documented default of ``kind``."""
        return cls(kind)

    @classmethod
    def from_json(cls, kind: str, text: str) -> "Config":
        """Reads a configuration written by :meth:`to_json` (or by hand, or by the Rust crate)."""
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{kind} config is not JSON: {error}") from None
        if not isinstance(values, dict):
            raise ConfigError(f"{kind} config must be a JSON object")
        return cls(kind, values)

    @classmethod
    def from_dict(cls, kind: str, values: Mapping[str, Any]) -> "Config":
        """Same as ``Config(kind, values)``."""
        return cls(kind, values)

    def to_dict(self) -> Dict[str, Any]:
        """Every field, defaults included, as a fresh dict (changing it changes nothing here)."""
        return json.loads(self._json)  # type: ignore[no-any-return]

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The configuration as JSON, in the Rust crate's serde format."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def updated(self, patch: Mapping[str, Any]) -> "Config":
        """A new Config with ``patch`` merged in (nested dicts merge, other values replace)."""
        return Config(self._kind, _merge(self.to_dict(), patch))

    def __getitem__(self, key: str) -> Any:
        return copy.deepcopy(self.to_dict()[key])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return (self._kind, self.to_dict()) == (other._kind, other.to_dict())

    def __hash__(self) -> int:
        return hash((self._kind, self._json))

    def __repr__(self) -> str:
        return f"Config({self._kind!r}, {self.to_json(indent=None)})"

    def __reduce__(self) -> Any:
        return (Config.from_json, (self._kind, self._json))


ConfigLike = Union[Config, Mapping[str, Any], str, None]


def config_json(kind: str, config: ConfigLike) -> Optional[str]:
    """The JSON text for the native call: ``None`` for the default (fast path)."""
    if config is None:
        return None
    if isinstance(config, Config):
        if config.kind != kind:
            raise ConfigError(f"expected a {kind!r} Config, got a {config.kind!r} one")
        return config._json
    if isinstance(config, str):
        return Config.from_json(kind, config)._json
    if isinstance(config, Mapping):
        return Config(kind, config)._json
    raise TypeError(f"config must be a Config, dict or JSON text, not {type(config).__name__}")
