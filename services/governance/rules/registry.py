"""The registry of rule kinds, by name."""

from __future__ import annotations

from typing import Any

from services.governance.rules.base import RuleKind

REGISTRY: dict[str, RuleKind[Any]] = {}


def register(kind: RuleKind[Any]) -> RuleKind[Any]:
    if kind.name in REGISTRY:
        raise ValueError(f"rule kind {kind.name!r} registered twice")
    REGISTRY[kind.name] = kind
    return kind
